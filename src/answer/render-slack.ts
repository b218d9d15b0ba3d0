// Block Kit rendering of a view for Slack: a header, the lead, one section per statement
// with its sources as `<url|[n]>` links, its note in a context block, and the buttons the
// adapter made values for. Pure: a view in, a message out, within Slack's limits. Every text
// from a user or from the fact base is escaped (`&`, `<`, `>`), so `<!channel>` or `<@U…>`
// typed by a user is shown, never turned into a live mention.
import type { types } from '@slack/bolt';
import type { Citation, Locale } from './answer.ts';
import { KeptWith } from './kept.ts';
import { messages } from './messages.ts';
import { cut, cutCodePoints } from './text.ts';
import { PRIVATE_STATUSES, type AnswerView, type ViewNote, type ViewStatement } from './view.ts';

/** Slack's limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  actionElements: 25,
  fallbackText: 3000,
} as const;

export const SLACK_ACTIONS = {
  previous: 'landscape_page_previous',
  next: 'landscape_page_next',
  more: 'landscape_more',
  details: 'landscape_details',
  sources: 'landscape_sources',
  post: 'landscape_post_in_channel',
  suggestion: 'landscape_suggestion',
  // Not landscape_*: votes and the report form have their own handlers (slack/feedback-ids.ts).
  up: 'feedback_up',
  down: 'feedback_down',
  report: 'feedback_report_open',
} as const;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}
export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}
export interface SectionBlock {
  type: 'section';
  text: MrkdwnText;
}
export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}
export interface DividerBlock {
  type: 'divider';
}
export interface SlackButton {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
}
export interface ActionsBlock {
  type: 'actions';
  elements: SlackButton[];
}
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

/** What Slack takes as a message: blocks plus the plain `text` shown in notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

// Compile-time proof that what we build is what Bolt accepts.
type Assignable<T extends U, U> = T;
export type _BlocksAreKnownBlocks = Assignable<SlackBlock, types.KnownBlock>;

/** The buttons a page offers, each with the value the adapter encoded for its click. */
export interface SlackButtons {
  previous?: string;
  next?: string;
  more?: string;
  details?: string;
  sources?: string;
  post?: string;
  /** "Did you mean" buttons: the value to run, and the label. */
  suggestions?: { value: string; label: string }[];
  /** 👍, 👎 and Report a problem: each the answer's reference. */
  feedback?: { up: string; down: string; report: string };
}

export interface SlackRenderOptions {
  buttons?: SlackButtons;
  /** Slack user id of the member who posted it in the channel, and its command: "Shared by @…". */
  sharedBy?: { userId: string; command: string };
}

const NOTE_MARK: Record<ViewNote['kind'], string> = {
  dispute: '⚠️ ',
  caveat: '· ',
  'as-of': '🕒 ',
  confidence: '· ',
  scope: 'ℹ️ ',
  info: 'ℹ️ ',
  warning: '⚠️ ',
};

export function renderSlackView(view: AnswerView, options: SlackRenderOptions = {}): SlackMessage {
  const text = messages(view.locale);
  if (view.status === 'error' || view.status === 'limited') {
    const line = `${view.status === 'error' ? ':warning:' : ':hourglass_flowing_sand:'} ${escapeMrkdwn(view.title)}`;
    return { text: cutMrkdwn(escapeMrkdwn(view.title), SLACK_LIMITS.fallbackText), blocks: [section(line)] };
  }

  const head: SlackBlock[] = [header(view.detailed ? text.detailsTitle(view.title) : view.title)];
  const who = userMention(options.sharedBy?.userId);
  if (who) head.push(context([text.sharedBy(who, `\`${escapeMrkdwn(options.sharedBy!.command)}\``)]));
  if (view.lead) {
    head.push(section(`*${escapeMrkdwn(view.lead.text)}*${links(view.lead.refs, view.sources)}`));
    if (view.lead.flag) head.push(context([noteText(view.lead.flag, view.sources)]));
  }
  if (view.summary) head.push(section(escapeMrkdwn(view.summary)));
  if (view.notices.length > 0) head.push(context(view.notices.map((notice) => noteText(notice, view.sources))));

  const { groups, fallback } = pageBody(view);
  const tail: SlackBlock[] = [];
  if (view.suggestions.length > 0 && !options.buttons?.suggestions?.length) {
    const label = view.status === 'not-found' || view.status === 'partial' ? text.didYouMean : text.tryThis;
    tail.push(context([`${label}${text.colon} ${view.suggestions.map((suggestion) => `\`${escapeMrkdwn(suggestion.command)}\``).join('  ·  ')}`]));
  }
  if (view.pager.pageCount > 1 && view.pager.page > 1) tail.push(context([text.pageOfStatements(view.pager.page, view.pager.pageCount, view.pager.total)]));
  tail.push(...actionBlocks(view, options.buttons ?? {}));

  // Whole statements move to the next page if the message would pass 50 blocks.
  const room = SLACK_LIMITS.blocks - head.length - tail.length - 1;
  const body: SlackBlock[] = [];
  for (const group of groups) {
    if (body.length + group.length > room) {
      body.push(context(['…']));
      break;
    }
    body.push(...group);
  }
  return { text: fallback, blocks: [...head, ...body, ...tail] };
}

/**
 * A view's statements as blocks, and its notification text: most of a page's rendering,
 * which depends on the view alone. Kept with the view, which the repeats of a kept answer
 * share (see kept.ts); blocks are never changed once made.
 */
const pageBodies = new KeptWith<AnswerView, 'body', { groups: SlackBlock[][]; fallback: string }>();

function pageBody(view: AnswerView): { groups: SlackBlock[][]; fallback: string } {
  return pageBodies.get(view, 'body', () => ({
    groups: view.cited ? view.statements.map((statement) => statementBlocks(statement, view)) : [plainList(view.statements)],
    fallback: fallbackText(view),
  }));
}

/** The page's citations as their own ephemeral message (the Sources button). */
export function renderSlackSources(view: AnswerView): SlackMessage {
  const text = messages(view.locale);
  if (view.sources.length === 0) return { text: text.noSources, blocks: [section(escapeMrkdwn(text.noSources))] };
  const lines = view.sources.map((citation) => {
    const meta = [citation.publisher, citation.date]
      .filter(Boolean)
      .map((part) => escapeMrkdwn(part!))
      .join(', ');
    const quotes = [...new Set(view.statements.filter((statement) => statement.quote && statement.refs.includes(citation.n)).map((statement) => statement.quote!))];
    return [
      `*[${citation.n}]* ${link(citation.url, citation.title)}${meta ? ` — ${meta}` : ''}`,
      ...(citation.note ? [`_${escapeMrkdwn(citation.note)}_`] : []),
      ...quotes.map((quote) => `> “${escapeMrkdwn(quote)}”`),
    ].join('\n');
  });
  const title = text.sourcesTitle(view.title);
  return {
    text: cutMrkdwn(escapeMrkdwn([title, ...view.sources.map((citation) => `[${citation.n}] ${citation.title} ${citation.url}`)].join('\n')), SLACK_LIMITS.fallbackText),
    blocks: [header(title), ...sectionsOf(lines)].slice(0, SLACK_LIMITS.blocks),
  };
}

/** The short ephemeral acknowledgement shown while a slow answer is on its way. */
export function renderSlackWorking(locale: Locale): SlackMessage {
  const text = messages(locale).working;
  return { text, blocks: [context([`:hourglass_flowing_sand: ${text}`])] };
}

export interface SlackHomeInput {
  locale: Locale;
  counts: { facts: number; sources: number; entities: number };
  version: string;
  /** A view listing the newest facts, with their sources. */
  newest: AnswerView;
  /** `/share chinese-open`… */
  examples: { command: string; description: string }[];
}

/** The App Home tab: what the bot knows, its newest facts, and commands to try. */
export function renderSlackHome(input: SlackHomeInput): { type: 'home'; blocks: SlackBlock[] } {
  const text = messages(input.locale);
  const blocks: SlackBlock[] = [
    header(text.homeTitle),
    section(escapeMrkdwn(text.homeIntro)),
    section(text.factsCount(input.counts.facts, input.counts.sources, input.counts.entities)),
    context([escapeMrkdwn(text.knowledgeVersion(input.version))]),
    { type: 'divider' },
  ];
  if (input.newest.statements.length > 0) {
    blocks.push(section(`*${escapeMrkdwn(text.newestFacts)}*`));
    for (const statement of input.newest.statements) blocks.push(...statementBlocks(statement, input.newest));
    blocks.push({ type: 'divider' });
  }
  blocks.push(section(`*${escapeMrkdwn(text.tryThis)}*`));
  blocks.push(...sectionsOf(input.examples.map((example) => `\`${escapeMrkdwn(example.command)}\` — ${escapeMrkdwn(example.description)}`)));
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.homeBlocks) };
}

// ── pieces ──────────────────────────────────────────────────────────────────────────────

function statementBlocks(statement: ViewStatement, view: AnswerView): SlackBlock[] {
  const date = statement.date ? `\`${escapeMrkdwn(statement.date)}\` ` : '';
  const figure = statement.figure ? `*${escapeMrkdwn(statement.figure)}* — ` : '';
  const quote = statement.quote ? `\n> _“${escapeMrkdwn(statement.quote)}”_` : '';
  const blocks: SlackBlock[] = [section(`${date}${figure}${escapeMrkdwn(statement.text)}${links(statement.refs, view.sources)}${quote}`)];
  const notes = statement.flag ? [statement.flag] : statement.notes;
  if (notes.length > 0) blocks.push(context(notes.map((note) => noteText(note, view.sources))));
  return blocks;
}

/** Help and about: plain lines as one bulleted section. */
function plainList(statements: readonly ViewStatement[]): SlackBlock[] {
  const bullet = statements.length > 1 ? '• ' : '';
  return sectionsOf(statements.map((statement) => `${bullet}${escapeMrkdwn(statement.text)}`));
}

function actionBlocks(view: AnswerView, buttons: SlackButtons): ActionsBlock[] {
  const text = messages(view.locale);
  const button = (actionId: string, label: string, value: string | undefined, style?: 'primary'): SlackButton | undefined =>
    value === undefined || value.length > SLACK_LIMITS.buttonValue
      ? undefined
      : { type: 'button', action_id: actionId, text: { type: 'plain_text', text: cut(label, SLACK_LIMITS.buttonText), emoji: true }, value, ...(style ? { style } : {}) };
  const main = [
    button(SLACK_ACTIONS.previous, `◀ ${text.previous}`, buttons.previous),
    button(SLACK_ACTIONS.next, `${text.next} ▶`, buttons.next),
    button(SLACK_ACTIONS.more, text.more(view.pager.more), buttons.more),
    button(SLACK_ACTIONS.details, text.details, buttons.details),
    button(SLACK_ACTIONS.sources, text.sources, buttons.sources),
    button(SLACK_ACTIONS.post, text.postInChannel, buttons.post, 'primary'),
  ].filter((element): element is SlackButton => element !== undefined);
  // Each element of a block needs its own action_id.
  const suggestions = (buttons.suggestions ?? [])
    .slice(0, 5)
    .flatMap((each, index) => button(`${SLACK_ACTIONS.suggestion}_${index}`, each.label, each.value, index === 0 ? 'primary' : undefined) ?? []);
  const feedback = buttons.feedback
    ? [button(SLACK_ACTIONS.up, '👍', buttons.feedback.up), button(SLACK_ACTIONS.down, '👎', buttons.feedback.down), button(SLACK_ACTIONS.report, text.reportProblem, buttons.feedback.report)].filter(
        (element): element is SlackButton => element !== undefined,
      )
    : [];
  return [main, suggestions, feedback].filter((elements) => elements.length > 0).map((elements) => ({ type: 'actions' as const, elements }));
}

/** `[1]` becomes `<url|[1]>`: each statement links its own sources. */
function links(numbers: readonly number[], sources: readonly Citation[]): string {
  if (numbers.length === 0) return '';
  return ` ${numbers
    .map((n) => {
      const citation = sources.find((each) => each.n === n);
      return citation ? link(citation.url, `[${n}]`) : `[${n}]`;
    })
    .join('')}`;
}

function noteText(note: ViewNote, sources: readonly Citation[]): string {
  return `${NOTE_MARK[note.kind]}${escapeMrkdwn(note.text)}${links(note.refs, sources)}`;
}

/** The notification text: the lead, the statements and their sources, escaped and short. */
function fallbackText(view: AnswerView): string {
  const lines = [view.title, ...(view.lead ? [view.lead.text] : [])];
  for (const statement of view.statements) lines.push(`• ${statement.date ? `${statement.date}: ` : ''}${statement.text}${statement.refs.map((n) => `[${n}]`).join('')}`);
  for (const citation of view.sources) lines.push(`[${citation.n}] ${citation.title}: ${citation.url}`);
  return cutMrkdwn(escapeMrkdwn(lines.join('\n')), SLACK_LIMITS.fallbackText);
}

// ── escaping and limits ─────────────────────────────────────────────────────────────────

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * plain_text is never parsed for mentions, and whether Slack decodes entities in it is not
 * documented, so it is not escaped; instead the brackets of anything shaped like a Slack
 * control sequence (`<!channel>`, `<@U…>`, `<#C…>`, `<https://…>`) become look-alike
 * quotes, so that no such sequence leaves here. `<segment>` in a usage line stays as is.
 */
export function safePlainText(text: string): string {
  return text.replace(/<((?:[!@#]|[a-z][a-z0-9+.-]*:)[^<>]*)>?/gi, '‹$1›');
}

/**
 * Cuts already-escaped mrkdwn without breaking an entity (`&amp;`) or a link (`<url|t>`):
 * a cut inside either drops the whole partial sequence.
 */
export function cutMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = cutCodePoints(text, max - 1);
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf(';')) head = head.slice(0, amp);
  return `${head}…`;
}

/** `<url|label>` for an http(s) URL; the label alone (escaped) for anything else. */
export function link(url: string, label: string): string {
  const text = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return text;
  const safeUrl = url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safeUrl}|${text}>`;
}

/** A Slack user id we may mention: only ids Slack gave us, never text a user typed. */
export function userMention(userId: string | undefined): string | undefined {
  return userId && /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : undefined;
}

function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: cut(safePlainText(text.trim() || 'landscape'), SLACK_LIMITS.headerText), emoji: true } };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cutMrkdwn(text, SLACK_LIMITS.sectionText) } };
}

function context(texts: string[]): ContextBlock {
  const parts = texts.filter(Boolean);
  // At most 10 elements: the overflow joins the last one.
  const head = parts.slice(0, SLACK_LIMITS.contextElements - 1);
  const tail = parts.slice(SLACK_LIMITS.contextElements - 1);
  if (tail.length > 0) head.push(tail.join('  ·  '));
  return { type: 'context', elements: head.map((text) => ({ type: 'mrkdwn', text: cutMrkdwn(text, SLACK_LIMITS.contextText) })) };
}

/** Splits lines into sections of at most 3,000 characters each. */
function sectionsOf(lines: string[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    const piece = cutMrkdwn(line, SLACK_LIMITS.sectionText);
    if (current && current.length + 1 + piece.length > SLACK_LIMITS.sectionText) {
      blocks.push(section(current));
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/** Whether only the asker should see this answer. */
export function isPrivate(view: AnswerView): boolean {
  return PRIVATE_STATUSES.includes(view.status);
}
