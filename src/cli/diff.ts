// `landscape diff <rev>`: what a change to the fact base does, as Markdown for a pull-request
// comment. The base at <rev> is read from git (see snapshot.ts), the base on disk is this
// checkout's, and both are loaded and asked the project's question sets with the code of
// this checkout, so every difference comes from the knowledge. A summary comes first; long
// lists fold into <details>; the whole stays under a size GitHub accepts as a comment.
import { Bot } from '../bot.ts';
import type { Answer } from '../answer/answer.ts';
import { cutAtWord } from '../answer/text.ts';
import { diffFolders, diffKnowledge, type FieldChange, type FileChanges, type ItemChanges, type KnowledgeChanges } from '../knowledge/diff.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import { formatProblem, type Problem } from '../knowledge/problems.ts';
import type { Entity, Fact, Source } from '../knowledge/schema.ts';
import { snapshotAt, type Snapshot } from '../knowledge/snapshot.ts';
import { KnowledgeLoadError, KnowledgeStore } from '../knowledge/store.ts';
import { diffAnswers, loadQuestionSets, type AnswerBrief, type AnswerDiff, type AnswerShift } from '../search/answer-diff.ts';
import { percent } from '../search/evaluate.ts';

/** GitHub refuses a comment over 65,536 characters; this leaves room for the workflow's own lines. */
export const DEFAULT_DIFF_LIMIT = 60_000;

export interface DiffOptions {
  rev: string;
  /** The knowledge folder on disk: the "after" side, uncommitted edits included. */
  dir: string;
  /** The folder of the question sets, laid out as test/search. */
  questions: string;
  /** Most bytes of Markdown (UTF-8, so never more characters either); 0 for no limit. */
  limit: number;
  /** "Today" for both bases (stale facts, dates in the future); tests pin it. */
  now?: Date;
}

type Side = { kb: KnowledgeBase; bot: Bot } | { problems: Problem[] };

export async function knowledgeDiff(options: DiffOptions): Promise<string> {
  const now = options.now ?? new Date();
  const snapshot = await snapshotAt(options.dir, options.rev);
  try {
    const [before, after, files, sets] = await Promise.all([openSide(snapshot.dir, now), openSide(options.dir, now), diffFolders(snapshot.dir, options.dir), loadQuestionSets(options.questions)]);
    const beforeLabel = `${code(snapshot.rev)} (${code(snapshot.commit.slice(0, 7))})`;
    const blocks: string[] = [`### Knowledge diff against ${beforeLabel}\n\n`];
    const sections: Section[] = [];
    if ('problems' in before || 'problems' in after) {
      if ('problems' in before) blocks.push(brokenNotice(`The base at ${beforeLabel}`, before.problems, (file) => `${snapshot.rev}:${snapshot.prefix}${relativeTo(snapshot.dir, file)}`));
      if ('problems' in after) blocks.push(brokenNotice("This checkout's base", after.problems, (file) => file));
      blocks.push('Without both bases, only the files that changed are listed.\n\n');
    } else {
      const changes = diffKnowledge(before.kb, after.kb);
      const answers = await diffAnswers(sets, { kb: before.kb, ask: askOf(before.bot) }, { kb: after.kb, ask: askOf(after.bot) });
      blocks.push(summary(changes, answers));
      sections.push(...itemSections(changes), answerSection(answers));
    }
    sections.push(fileSection(files, snapshot.prefix));
    return fit(blocks.join(''), sections, options.limit, snapshot);
  } finally {
    await snapshot.dispose();
  }
}

async function openSide(dir: string, now: Date): Promise<Side> {
  try {
    const store = await KnowledgeStore.open(dir, { now });
    return { kb: store.current.kb, bot: new Bot({ store, now: () => now }) };
  } catch (error) {
    if (error instanceof KnowledgeLoadError) return { problems: error.problems.filter((problem) => problem.severity === 'error') };
    throw error;
  }
}

/** Asked as the search-quality test asks, so the rates here are the ones it measures. */
function askOf(bot: Bot) {
  return async (question: string): Promise<Answer> => (await bot.handle({ platform: 'console', userId: 'diff', command: 'ask', args: { question } })).answer;
}

function relativeTo(dir: string, file: string): string {
  return file.startsWith(dir)
    ? file
        .slice(dir.length)
        .replace(/^[\\/]+/, '')
        .split('\\')
        .join('/')
    : file;
}

// ── the summary ─────────────────────────────────────────────────────────────────────────

const SHOWN_PROBLEMS = 10;

function brokenNotice(what: string, problems: readonly Problem[], where: (file: string) => string): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((problem) => `> - ${inline(formatProblem({ ...problem, file: where(problem.file) }))}`);
  if (problems.length > SHOWN_PROBLEMS) lines.push(`> - … and ${problems.length - SHOWN_PROBLEMS} more (\`npx landscape lint\` lists them all)`);
  return `> ⚠️ ${what} does not load: ${problems.length} error(s).\n${lines.join('\n')}\n\n`;
}

function summary(changes: KnowledgeChanges, answers: AnswerDiff): string {
  const row = (name: string, items: ItemChanges<unknown>) => `| ${name} | ${items.added.length} | ${items.changed.length} | ${items.removed.length} |`;
  const lines = ['| | added | changed | removed |', '|:--|--:|--:|--:|', row('sources', changes.sources), row('entities', changes.entities), row('facts', changes.facts), ''];
  if (changes.intentsChanged) lines.push('The question words (`intents.yaml`) changed: what a question is read as asking may differ.', '');
  if (changes.freshnessChanged) lines.push('The freshness rules changed: "as of" notes may appear or go.', '');

  const shifts = answers.shifts;
  const inSet = (set: AnswerShift['set']) => shifts.filter((shift) => shift.set === set).length;
  const worse = shifts.filter((shift) => shift.passedBefore && !shift.passedAfter).length;
  const better = shifts.filter((shift) => !shift.passedBefore && shift.passedAfter).length;
  if (answers.questions === 0) lines.push('No question set was found, so no answer was compared.', '');
  else {
    const verdicts = [
      worse ? `**${worse} no longer meet${worse === 1 ? 's' : ''} ${worse === 1 ? 'its' : 'their'} expectation**` : '',
      better ? `${better} now meet${better === 1 ? 's' : ''} ${better === 1 ? 'its' : 'their'} expectation` : '',
    ].filter(Boolean);
    lines.push(
      `**${shifts.length} of ${answers.questions} answers change** (${inSet('dev')} in the development set, ${inSet('held-out')} held-out)${verdicts.length ? `: ${verdicts.join(', ')}` : ''}.`,
      '',
      '| question set | before | after |',
      '|:--|--:|--:|',
      rate('development: an expected fact in the top 3', answers.dev.before.hits, answers.dev.after.hits, answers.dev.before.total),
      rate('held-out: the right fact first', answers.heldOut.before.rightFirst, answers.heldOut.after.rightFirst, answers.heldOut.before.answerable),
      rate('held-out: "not in the base" when it is not', answers.heldOut.before.honestMisses, answers.heldOut.after.honestMisses, answers.heldOut.before.unanswerable),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

function rate(what: string, before: number, after: number, total: number): string {
  const one = (count: number) => `${count}/${total} (${percent(count, total)})`;
  return `| ${what} | ${one(before)} | ${before === after ? one(after) : `**${one(after)}**`} |`;
}

// ── the sections ────────────────────────────────────────────────────────────────────────

interface Section {
  /** "Facts added": the heading, with the count after it. */
  name: string;
  entries: string[];
  /** Fold the list even when short (the files: the pull request shows them already). */
  fold?: boolean;
}

/** Lists longer than this fold into <details>. */
const OPEN_LIST = 5;

function itemSections(changes: KnowledgeChanges): Section[] {
  const sourceLine = (source: Source) => `\`${source.id}\` — ${inline(source.title)}`;
  const entityLine = (entity: Entity) => `\`${entity.id}\` (${entity.kind}) — ${inline(entity.name)}`;
  const factLine = (fact: Fact) => `\`${fact.id}\` — ${inline(cutAtWord(fact.claim, 200))}`;
  return [...kindSections('Sources', changes.sources, sourceLine), ...kindSections('Entities', changes.entities, entityLine), ...kindSections('Facts', changes.facts, factLine)];
}

function kindSections<T>(title: string, changes: ItemChanges<T>, line: (item: T) => string): Section[] {
  return [
    { name: `${title} added`, entries: changes.added.map((item) => `- ${line(item)}\n`) },
    { name: `${title} changed`, entries: changes.changed.map((change) => `${line(change.after)}\n\n${fieldTable(change.fields)}\n`) },
    { name: `${title} removed`, entries: changes.removed.map((item) => `- ${line(item)}\n`) },
  ];
}

function fieldTable(fields: readonly FieldChange[]): string {
  const rows = fields.map((change) => `| \`${change.field}\` | ${cell(change.before)} | ${cell(change.after)} |`);
  return ['| field | before | after |', '|:--|:--|:--|', ...rows, ''].join('\n');
}

function cell(value: unknown): string {
  if (value === undefined) return '—';
  const text = Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
  return inline(cutAtWord(text, 300));
}

function answerSection(answers: AnswerDiff): Section {
  return { name: 'Answers that change', entries: answers.shifts.map(shiftEntry) };
}

function shiftEntry(shift: AnswerShift): string {
  const set = shift.set === 'dev' ? 'development set' : 'held-out set';
  const verdict =
    shift.passedBefore === shift.passedAfter
      ? `meets its expectation: ${shift.passedAfter ? 'yes' : 'no'}`
      : `meets its expectation: ${shift.passedBefore ? 'yes' : 'no'} → **${shift.passedAfter ? 'yes' : 'no'}**`;
  return [`- **${inline(shift.q)}** — ${set}, ${shift.lang} · ${verdict}`, `  - before: ${brief(shift.before)}`, `  - after: ${brief(shift.after)}`, ''].join('\n');
}

function brief(answer: AnswerBrief): string {
  const lead = answer.lead ? inline(answer.lead) : '*(no lead line)*';
  const status = answer.status === 'ok' ? '' : ` *[${answer.status}]*`;
  return `${lead}${status} — first fact: ${answer.firstFact ? `\`${answer.firstFact}\`` : 'none'}`;
}

/** Paths as the repository names them (`knowledge/…`), like the pull request's own list. */
function fileSection(files: FileChanges, prefix: string): Section {
  const entries = [
    ...files.added.map((file) => `- added ${code(prefix + file)}\n`),
    ...files.changed.map((file) => `- changed ${code(prefix + file)}\n`),
    ...files.removed.map((file) => `- removed ${code(prefix + file)}\n`),
  ];
  return { name: 'Files', entries, fold: true };
}

// ── fitting it in a comment ─────────────────────────────────────────────────────────────

/** Room kept for the note that says what was cut. */
const NOTE_ROOM = 1000;

/**
 * The head (the summary, always whole), then each section while it fits in `limit` bytes,
 * entry by entry. A cut never falls inside an entry or leaves a <details> open; a note then
 * says what is missing.
 */
function fit(head: string, sections: readonly Section[], limit: number, snapshot: Snapshot): string {
  const budget = limit > 0 ? limit : Infinity;
  let text = head;
  let room = budget - bytes(head) - NOTE_ROOM;
  const left: string[] = [];
  for (const section of sections) {
    if (section.entries.length === 0) continue;
    const folded = section.fold === true || section.entries.length > OPEN_LIST;
    const title = `${section.name} (${section.entries.length})`;
    const open = folded ? `<details><summary><b>${title}</b></summary>\n\n` : `#### ${title}\n\n`;
    const close = folded ? '\n</details>\n\n' : '\n';
    let shown = 0;
    if (left.length === 0 && bytes(open) + bytes(close) + bytes(section.entries[0]!) <= room) {
      room -= bytes(open) + bytes(close);
      text += open;
      for (const entry of section.entries) {
        if (bytes(entry) > room) break;
        text += entry;
        room -= bytes(entry);
        shown++;
      }
      text += close;
    }
    if (shown < section.entries.length) left.push(`${section.name.toLowerCase()} (${section.entries.length - shown} of ${section.entries.length})`);
  }
  if (left.length === 0) return text;
  return `${text}> ✂️ Cut to fit a pull-request comment; not shown: ${left.join(', ')}. ${code(`npx landscape diff ${snapshot.rev} --limit 0`)} prints everything.\n`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A code span; a backtick inside would end it early. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * Text from the base or a question, safe in one line of Markdown: no line breaks, Markdown
 * and HTML characters escaped (a `|` would split a table cell), and `@name` kept from
 * notifying a GitHub user of that name.
 */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]|~#]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)/g, '@\u200b');
}
