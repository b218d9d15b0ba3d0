// The custom ids of feedback on Discord, for the renderer's buttons and the report form, and
// for the adapter that handles their clicks. Pure data: no discord.js here. Each id carries
// the answer's reference, so a click finds its answer on any process and after a restart:
// `encodeAnswerRef(reply.ref)` when it fits in FEEDBACK_REF_ROOM, else
// `encodeKeptAnswerRef({ ...reply.ref, commandKey: refs.put(reply.ref.command) })`, the
// command kept in the adapter's CommandRefs like a page button's.
//
// - 👍 / 👎 buttons: `voteButtonId('up' | 'down', ref)`; the adapter records the vote and
//   answers the clicker privately.
// - The report form, a modal: `reportModalId(ref)`, with a choice of reason (a string select
//   or radio group, custom id REPORT_FIELDS.reason, values REPORT_REASONS) and a paragraph text
//   input (REPORT_FIELDS.text, up to MAX_REPORT_TEXT). The adapter records its submission.
// - Report a problem, the button that opens the form: `reportButtonId(ref)`.
import type { Vote } from '../../runtime/feedback.ts';

const PREFIX = 'fb:';
const LONGEST_KIND = 'report:';
/** Discord's limit on a custom id. */
const CUSTOM_ID_LIMIT = 100;
/** Characters a reference may take in a feedback custom id. */
export const FEEDBACK_REF_ROOM = CUSTOM_ID_LIMIT - PREFIX.length - LONGEST_KIND.length;
export const REPORT_FIELDS = { reason: 'reason', text: 'text' } as const;

export function voteButtonId(vote: Vote, ref: string): string {
  return `${PREFIX}${vote}:${ref}`;
}

export function reportButtonId(ref: string): string {
  return `${PREFIX}open:${ref}`;
}

export function reportModalId(ref: string): string {
  return `${PREFIX}report:${ref}`;
}

export type FeedbackId = { kind: 'vote'; vote: Vote; ref: string } | { kind: 'open-report'; ref: string } | { kind: 'report'; ref: string };

/** What a feedback custom id asks, or undefined for any other id. */
export function decodeFeedbackId(customId: string): FeedbackId | undefined {
  const match = /^fb:(up|down|open|report):(.+)$/s.exec(customId);
  if (!match) return undefined;
  const ref = match[2]!;
  if (match[1] === 'open') return { kind: 'open-report', ref };
  return match[1] === 'report' ? { kind: 'report', ref } : { kind: 'vote', vote: match[1] as Vote, ref };
}
