// The words of the "Report a problem" form, in the reader's language, for both platforms to
// lay out as their own modal: Discord's label components, Slack's input blocks.
import { MAX_REPORT_TEXT, REPORT_REASONS, type ReportReason } from '../runtime/feedback.ts';
import type { Locale } from './answer.ts';
import { messages } from './messages.ts';
import { frenchSpacing } from './text.ts';

export interface ReportForm {
  title: string;
  submit: string;
  reasonLabel: string;
  reasons: { value: ReportReason; label: string }[];
  textLabel: string;
  maxText: number;
}

export function reportForm(locale: Locale): ReportForm {
  const text = messages(locale);
  const typeset = locale === 'fr' ? frenchSpacing : (each: string) => each;
  return {
    title: typeset(text.reportProblem),
    submit: typeset(text.send),
    reasonLabel: typeset(text.reportReasonLabel),
    reasons: REPORT_REASONS.map((reason) => ({ value: reason, label: typeset(text.reportReasons[reason]) })),
    textLabel: typeset(text.reportTextLabel),
    maxText: MAX_REPORT_TEXT,
  };
}
