// `/new [since]`: the facts added or changed since a date ("/new 2026-10-01", "/new 2026-10")
// or over the last days or weeks ("/new 30d", "/new 2w"), newest change first. When a fact
// changed comes from the knowledge folder's git history, else from the files' modification
// times (see src/knowledge/history.ts), which the running process reads in the background.
import type { CommandDefinition } from '../src/command.ts';
import { builderFor, usageAnswer } from '../src/answer/common.ts';
import { formatDate } from '../src/answer/i18n.ts';
import { messages } from '../src/answer/messages.ts';
import { PARTIAL_DATE } from '../src/knowledge/schema.ts';

const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;
const DAYS = /^(\d{1,4})\s*(?:d|days?|j|jours?)$/i;
const WEEKS = /^(\d{1,3})\s*(?:w|weeks?|sem|semaines?)$/i;

/** The ISO time a `since` argument starts at, or undefined when it is neither a date nor a span. */
export function sinceTime(since: string, now: Date): string | undefined {
  const text = since.trim();
  if (!text) return new Date(now.getTime() - DEFAULT_DAYS * DAY_MS).toISOString();
  const days = DAYS.exec(text)?.[1] ?? (WEEKS.exec(text)?.[1] !== undefined ? String(Number(WEEKS.exec(text)![1]) * 7) : undefined);
  if (days !== undefined) return new Date(now.getTime() - Number(days) * DAY_MS).toISOString();
  if (!PARTIAL_DATE.test(text)) return undefined;
  const [year, month = '01', day = '01'] = text.split('-');
  const start = new Date(`${year}-${month}-${day}T00:00:00.000Z`);
  // 2026-02-31 would roll over into March: a day that does not exist is not a date.
  return !Number.isNaN(start.getTime()) && start.toISOString().startsWith(`${year}-${month}-${day}`) ? start.toISOString() : undefined;
}

export const whatsNew: CommandDefinition = {
  name: 'new',
  description: 'Facts added or changed since a date or over the last days, e.g. /new 30d',
  description_fr: 'Les faits ajoutés ou modifiés depuis une date ou ces derniers jours, ex. /new 30d',
  options: [
    {
      name: 'since',
      description: 'A date (2026-10-01, 2026-10) or a span (30d, 2w); default 30d',
      description_fr: 'Une date (2026-10-01, 2026-10) ou une durée (30d, 2w) ; 30d par défaut',
      type: 'string',
      required: false,
      maxLength: 20,
    },
  ],
  examples: ['/new', '/new 7d', '/new 2026-10-01'],
  run(input, context) {
    const since = sinceTime(input.args.since ?? '', context.now);
    if (!since) return usageAnswer(whatsNew, input, context);
    const text = messages(input.locale);
    const title = text.newTitle(formatDate(since.slice(0, 10), input.locale));
    const builder = builderFor(whatsNew, input, context);
    const { history } = context;
    if (!history) return builder.build({ status: 'info', title, lead: { text: text.newNoHistory, citations: [] } });

    // A fact the history does not list yet came with a reload the history has not caught up with.
    const loaded = context.kb.loadedAt.toISOString();
    const times = (id: string) => history.facts.get(id) ?? { added: loaded, changed: loaded };
    const found = [...context.kb.facts.values()]
      .filter((fact) => times(fact.id).changed >= since)
      .sort((a, b) => times(b.id).changed.localeCompare(times(a.id).changed) || b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
    for (const fact of found) builder.addFact(fact);
    const added = found.filter((fact) => times(fact.id).added >= since).length;
    return builder.build({
      status: found.length > 0 ? 'ok' : 'info',
      title,
      lead: { text: found.length > 0 ? text.newLead(added, found.length - added) : text.newNothing, citations: [] },
      summary: text.newSource(history.source),
    });
  },
};
