// Block Kit rendering for Slack: a header, one section per statement with its figure as
// fields, context blocks for date, confidence and sources (`<url|title>` links), notes, and
// the buttons that page, post in channel and list the sources. Pure: an Answer in, a
// message out, within Slack's limits. Every text that comes from a user or from the fact
// base is escaped (`&`, `<`, `>`), so `<!channel>` or `<@U…>` typed by a user is shown, never
// turned into a live mention.
import type { types } from '@slack/bolt';
import type { Answer, AnswerFigure, AnswerItem, AnswerNote, Citation, Locale } from './answer.ts';
import { formatFigure } from './i18n.ts';
import { messages } from './messages.ts';

/** Slack's limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  fallbackText: 3000,
} as const;

export const SLACK_ACTIONS = {
  previous: 'landscape_page_previous',
  next: 'landscape_page_next',
  post: 'landscape_post_in_channel',
  sources: 'landscape_sources',
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
  text?: MrkdwnText;
  fields?: MrkdwnText[];
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

/**
 * Where the message lives decides its buttons: an ephemeral answer can be posted in the
 * channel; an answer in a thread or posted in a channel is seen by everyone, so it pages and
 * lists sources but offers no repost.
 */
export type SlackAnswerMode = 'ephemeral' | 'thread' | 'channel';

/** What a button carries so that a later click can rebuild the same answer. */
export interface SlackActionState {
  command: string;
  args: Record<string, string>;
  page: number;
  locale: Locale;
  mode: SlackAnswerMode;
}

export interface SlackRenderOptions {
  mode: SlackAnswerMode;
  /** Slack user id of the member who shared it (mode `channel`): "Shared by @…". */
  sharedBy?: string;
  /** No buttons at all (App Home, tests of the bare layout). */
  buttons?: boolean;
}

interface UiStrings {
  postInChannel: string;
  previous: string;
  next: string;
  sources: string;
  page(page: number, count: number, total: number): string;
  value: string;
  scope: string;
  period: string;
  confidence(level: string): string;
  try: string;
  sharedBy(user: string, command: string): string;
  moreNotShown(count: number): string;
  noSources: string;
  working: string;
  factsCount(facts: number, sources: number, entities: number): string;
  homeTitle: string;
  homeIntro: string;
  newestFacts: string;
  exampleCommands: string;
  knowledgeVersion(version: string): string;
}

const UI: Record<Locale, UiStrings> = {
  en: {
    postInChannel: 'Post in channel',
    previous: '◀ Previous',
    next: 'Next ▶',
    sources: 'Sources',
    page: (page, count, total) => `Page ${page} of ${count} · ${total} ${total === 1 ? 'statement' : 'statements'}`,
    value: 'Value',
    scope: 'Scope',
    period: 'Period',
    confidence: (level) => `Confidence: ${level}`,
    try: 'Try',
    sharedBy: (user, command) => `Shared by ${user} · ${command}`,
    moreNotShown: (count) => `${count} more not shown: ask a narrower question.`,
    noSources: 'This answer cites no sources.',
    working: 'Looking that up…',
    factsCount: (facts, sources, entities) => `*${facts}* facts from *${sources}* sources, about *${entities}* entities (vendors, models, segments, topics…).`,
    homeTitle: 'landscape: the open-source AI landscape, with sources',
    homeIntro: 'Ask with a slash command, mention me in a channel, or write to me here. Every answer cites its sources.',
    newestFacts: 'Newest facts',
    exampleCommands: 'Try',
    knowledgeVersion: (version) => `Knowledge version ${version}`,
  },
  fr: {
    postInChannel: 'Publier dans le canal',
    previous: '◀ Précédent',
    next: 'Suivant ▶',
    sources: 'Sources',
    page: (page, count, total) => `Page ${page} sur ${count} · ${total} ${total === 1 ? 'énoncé' : 'énoncés'}`,
    value: 'Valeur',
    scope: 'Périmètre',
    period: 'Période',
    confidence: (level) => `Confiance : ${({ high: 'élevée', medium: 'moyenne', low: 'faible' } as Record<string, string>)[level] ?? level}`,
    try: 'Essayez',
    sharedBy: (user, command) => `Partagé par ${user} · ${command}`,
    moreNotShown: (count) => `${count} autres non affichés : posez une question plus précise.`,
    noSources: 'Cette réponse ne cite aucune source.',
    working: 'Recherche en cours…',
    factsCount: (facts, sources, entities) => `*${facts}* faits tirés de *${sources}* sources, sur *${entities}* entités (éditeurs, modèles, segments, sujets…).`,
    homeTitle: 'landscape : le paysage de l’IA open source, sources à l’appui',
    homeIntro: 'Posez vos questions par commande, en me mentionnant dans un canal, ou en m’écrivant ici. Chaque réponse cite ses sources.',
    newestFacts: 'Faits les plus récents',
    exampleCommands: 'Essayez',
    knowledgeVersion: (version) => `Version de la base ${version}`,
  },
};

export function slackUi(locale: Locale): UiStrings {
  return UI[locale];
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

/** Cuts to `max` UTF-16 units with an ellipsis, never between the halves of a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/**
 * Cuts already-escaped mrkdwn without breaking an entity (`&amp;`) or a link (`<url|t>`):
 * a cut inside either drops the whole partial sequence.
 */
export function cutMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf(';')) head = head.slice(0, amp);
  // A cut between the halves of a surrogate pair would leave a lone surrogate.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
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

function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnText {
  return { type: 'mrkdwn', text: cutMrkdwn(text, max) };
}

function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: cut(safePlainText(text.trim() || 'landscape'), SLACK_LIMITS.headerText), emoji: true } };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function context(texts: string[]): ContextBlock {
  const parts = texts.filter(Boolean);
  // At most 10 elements: the overflow joins the last one.
  const head = parts.slice(0, SLACK_LIMITS.contextElements - 1);
  const tail = parts.slice(SLACK_LIMITS.contextElements - 1);
  if (tail.length > 0) head.push(tail.join('  ·  '));
  return { type: 'context', elements: head.map((text) => mrkdwn(text, SLACK_LIMITS.contextText)) };
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

// ── button state ────────────────────────────────────────────────────────────────────────

const MODES: Record<SlackAnswerMode, string> = { ephemeral: 'e', thread: 't', channel: 'c' };

/** Compact JSON for a button's `value` (at most 2,000 characters), or undefined if too long. */
export function encodeState(state: SlackActionState): string | undefined {
  // JSON with <, > and & as \u escapes: the value is data, and a typed `<!channel>` should
  // not appear raw anywhere in a message payload.
  const value = JSON.stringify({ c: state.command, a: state.args, p: state.page, l: state.locale, m: MODES[state.mode] })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return value.length <= SLACK_LIMITS.buttonValue ? value : undefined;
}

/** The state a button carried; undefined for anything malformed (values come back from clients). */
export function decodeState(value: string | undefined): SlackActionState | undefined {
  if (!value || value.length > SLACK_LIMITS.buttonValue) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const { c, a, p, l, m } = raw as Record<string, unknown>;
  if (typeof c !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(c)) return undefined;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return undefined;
  const args: Record<string, string> = {};
  for (const [key, item] of Object.entries(a as Record<string, unknown>)) {
    if (typeof item !== 'string' || !/^[a-z]{1,32}$/.test(key)) return undefined;
    args[key] = item;
  }
  const page = typeof p === 'number' && Number.isInteger(p) && p >= 1 ? p : 1;
  const locale: Locale = l === 'fr' ? 'fr' : 'en';
  const mode = (Object.keys(MODES) as SlackAnswerMode[]).find((key) => MODES[key] === m) ?? 'ephemeral';
  return { command: c, args, page, locale, mode };
}

// ── the answer ──────────────────────────────────────────────────────────────────────────

const NOTE_MARK: Record<AnswerNote['kind'], string> = {
  dispute: '⚠️ ',
  caveat: '· ',
  'as-of': '🕒 ',
  confidence: '· ',
  scope: 'ℹ️ ',
  info: 'ℹ️ ',
  warning: '⚠️ ',
};

export function renderSlack(answer: Answer, options: SlackRenderOptions): SlackMessage {
  const ui = UI[answer.locale];
  const cite = citationLinker(answer.citations);

  if (answer.status === 'error' || answer.status === 'limited') {
    const text = `${answer.status === 'error' ? ':warning:' : ':hourglass_flowing_sand:'} ${escapeMrkdwn(answer.title)}`;
    const blocks: SlackBlock[] = [section(text), ...answer.items.map((item) => section(escapeMrkdwn(item.text)))];
    return { text: fallbackText(answer), blocks };
  }

  const head: SlackBlock[] = [header(answer.title)];
  if (answer.lead) head.push(section(`*${escapeMrkdwn(answer.lead.text)}*${answer.lead.citations.map((n) => ` [${n}]`).join('')}`));
  if (answer.summary) head.push(section(escapeMrkdwn(answer.summary)));
  if (answer.notices.length > 0) head.push(context(answer.notices.map((notice) => noteText(notice, cite))));

  const groups = itemGroups(answer, cite);

  const tail: SlackBlock[] = [];
  if (answer.suggestions.length > 0) {
    const label = answer.status === 'not-found' ? messages(answer.locale).didYouMean : ui.try;
    const list = answer.suggestions.map((suggestion) => `\`${escapeMrkdwn(suggestion.command)}\``).join('  ·  ');
    tail.push(context([`${label}: ${list}`]));
  }
  if (answer.paging && answer.paging.pageCount > 1) {
    tail.push(context([ui.page(answer.paging.page, answer.paging.pageCount, answer.paging.totalItems)]));
  }
  if (options.mode === 'channel') {
    const who = userMention(options.sharedBy);
    if (who) tail.push(context([ui.sharedBy(who, `\`${escapeMrkdwn(commandLine(answer))}\``)]));
  }
  const actions = options.buttons === false ? undefined : actionsFor(answer, options.mode);
  if (actions) tail.push(actions);

  // Whole statements are dropped from the end if the message would pass 50 blocks.
  const room = SLACK_LIMITS.blocks - head.length - tail.length - 1;
  const body: SlackBlock[] = [];
  let shown = 0;
  for (const group of groups) {
    if (body.length + group.length > room) break;
    body.push(...group);
    shown += 1;
  }
  if (shown < groups.length) body.push(context([ui.moreNotShown(groups.length - shown)]));

  const blocks = [...head, ...(body.length > 0 && head.length > 1 ? [{ type: 'divider' } as const] : []), ...body, ...tail];
  return { text: fallbackText(answer), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** The citations of an answer as their own ephemeral message (the "Sources" button). */
export function renderSlackSources(answer: Answer): SlackMessage {
  const ui = UI[answer.locale];
  if (answer.citations.length === 0) return { text: ui.noSources, blocks: [section(escapeMrkdwn(ui.noSources))] };
  const lines = answer.citations.map((citation) => {
    const meta = [citation.publisher, citation.date].filter(Boolean).map((part) => escapeMrkdwn(part!)).join(', ');
    const note = citation.note ? `\n_${escapeMrkdwn(citation.note)}_` : '';
    return `*[${citation.n}]* ${link(citation.url, citation.title)}${meta ? ` — ${meta}` : ''}${note}`;
  });
  const title = `${ui.sources}: ${answer.title}`;
  const blocks: SlackBlock[] = [header(title), ...sectionsOf(lines)].slice(0, SLACK_LIMITS.blocks);
  const text = cutMrkdwn(escapeMrkdwn([title, ...answer.citations.map((citation) => `[${citation.n}] ${citation.title} ${citation.url}`)].join('\n')), SLACK_LIMITS.fallbackText);
  return { text, blocks };
}

/** The short ephemeral acknowledgement shown while a slow answer is on its way. */
export function renderSlackWorking(locale: Locale): SlackMessage {
  const text = UI[locale].working;
  return { text, blocks: [context([`:hourglass_flowing_sand: ${text}`])] };
}

export interface SlackHomeInput {
  locale: Locale;
  counts: { facts: number; sources: number; entities: number };
  version: string;
  /** An answer listing the newest facts, with its citations. */
  newest: Answer;
  /** `/share chinese-open`… */
  examples: { command: string; description: string }[];
}

/** The App Home tab: what the bot knows, its newest facts, and commands to try. */
export function renderSlackHome(input: SlackHomeInput): { type: 'home'; blocks: SlackBlock[] } {
  const ui = UI[input.locale];
  const cite = citationLinker(input.newest.citations);
  const blocks: SlackBlock[] = [
    header(ui.homeTitle),
    section(escapeMrkdwn(ui.homeIntro)),
    section(ui.factsCount(input.counts.facts, input.counts.sources, input.counts.entities)),
    context([escapeMrkdwn(ui.knowledgeVersion(input.version))]),
    { type: 'divider' },
  ];
  if (input.newest.items.length > 0) {
    blocks.push(section(`*${escapeMrkdwn(ui.newestFacts)}*`));
    for (const group of itemGroups(input.newest, cite)) blocks.push(...group);
    blocks.push({ type: 'divider' });
  }
  blocks.push(section(`*${escapeMrkdwn(ui.exampleCommands)}*`));
  blocks.push(...sectionsOf(input.examples.map((example) => `\`${escapeMrkdwn(example.command)}\` — ${escapeMrkdwn(example.description)}`)));
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.homeBlocks) };
}

// ── pieces ──────────────────────────────────────────────────────────────────────────────

type Linker = (numbers: number[] | undefined) => string;

/** `[1]` becomes `<url|[1] Title>`: the reader sees which source backs the statement. */
function citationLinker(citations: Citation[]): Linker {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  return (numbers) =>
    (numbers ?? [])
      .map((n) => {
        const citation = byNumber.get(n);
        if (!citation) return `[${n}]`;
        const publisher = citation.publisher ? ` (${escapeMrkdwn(citation.publisher)})` : '';
        return `${link(citation.url, `[${n}] ${cut(citation.title, 80)}`)}${publisher}`;
      })
      .join(', ');
}

function noteText(note: AnswerNote, cite: Linker): string {
  const refs = cite(note.citations);
  return `${NOTE_MARK[note.kind]}${escapeMrkdwn(note.text)}${refs ? ` ${refs}` : ''}`;
}

function isPlain(item: AnswerItem): boolean {
  return item.citations.length === 0 && !item.date && !item.figure && item.notes.length === 0 && !item.quote;
}

/** Blocks per statement, so the 50-block limit drops whole statements. Plain lines merge. */
function itemGroups(answer: Answer, cite: Linker): SlackBlock[][] {
  const ui = UI[answer.locale];
  const groups: SlackBlock[][] = [];
  let plain: string[] = [];
  const flush = () => {
    if (plain.length === 0) return;
    const bullet = plain.length > 1 ? '• ' : '';
    groups.push(sectionsOf(plain.map((text) => `${bullet}${escapeMrkdwn(text)}`)));
    plain = [];
  };
  for (const item of answer.items) {
    if (isPlain(item)) {
      plain.push(item.text);
      continue;
    }
    flush();
    const quote = item.quote ? `\n> _“${escapeMrkdwn(item.quote)}”_` : '';
    const main: SectionBlock = section(`${escapeMrkdwn(item.text)}${quote}`);
    if (item.figure) main.fields = figureFields(item.figure, answer.locale);
    const meta = [
      item.date ? `📅 ${escapeMrkdwn(item.date)}` : '',
      item.confidence ? ui.confidence(item.confidence) : '',
      cite(item.citations),
    ].filter(Boolean).join('  ·  ');
    const group: SlackBlock[] = [main];
    if (meta) group.push(context([meta]));
    // The confidence is already in the context line above.
    const notes = item.notes.filter((note) => note.kind !== 'confidence');
    if (notes.length > 0) group.push(context(notes.map((note) => noteText(note, cite))));
    groups.push(group);
  }
  flush();
  return groups;
}

function figureFields(figure: AnswerFigure, locale: Locale): MrkdwnText[] {
  const ui = UI[locale];
  const field = (label: string, value: string) => mrkdwn(`*${label}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.fieldText);
  const fields = [field(ui.value, formatFigure(figure, locale)), field(ui.scope, figure.scope)];
  if (figure.period) fields.push(field(ui.period, figure.period));
  return fields.slice(0, SLACK_LIMITS.fields);
}

function commandLine(answer: Answer): string {
  return [`/${answer.command.name}`, ...Object.values(answer.command.args)].join(' ').trim();
}

function actionsFor(answer: Answer, mode: SlackAnswerMode): ActionsBlock | undefined {
  const ui = UI[answer.locale];
  const page = answer.paging?.page ?? 1;
  const pageCount = answer.paging?.pageCount ?? 1;
  const state = (nextPage: number) => encodeState({ command: answer.command.name, args: answer.command.args, page: nextPage, locale: answer.locale, mode });
  const button = (actionId: string, text: string, value: string | undefined, style?: 'primary'): SlackButton | undefined =>
    value === undefined ? undefined : { type: 'button', action_id: actionId, text: { type: 'plain_text', text: cut(text, SLACK_LIMITS.buttonText), emoji: true }, value, ...(style ? { style } : {}) };

  const elements = [
    page > 1 ? button(SLACK_ACTIONS.previous, ui.previous, state(page - 1)) : undefined,
    page < pageCount ? button(SLACK_ACTIONS.next, ui.next, state(page + 1)) : undefined,
    mode === 'ephemeral' && (answer.status === 'ok' || answer.status === 'info') ? button(SLACK_ACTIONS.post, ui.postInChannel, state(page), 'primary') : undefined,
    answer.citations.length > 0 ? button(SLACK_ACTIONS.sources, ui.sources, state(page)) : undefined,
  ].filter((element): element is SlackButton => element !== undefined);
  return elements.length > 0 ? { type: 'actions', elements } : undefined;
}

/** The notification text: the title, the statements and their sources, escaped and short. */
function fallbackText(answer: Answer): string {
  const lines = [answer.title];
  for (const item of answer.items) {
    const refs = item.citations.map((n) => `[${n}]`).join('');
    lines.push(`• ${item.date ? `${item.date}: ` : ''}${item.text}${refs ? ` ${refs}` : ''}`);
  }
  for (const citation of answer.citations) lines.push(`[${citation.n}] ${citation.title}: ${citation.url}`);
  return cutMrkdwn(escapeMrkdwn(lines.join('\n')), SLACK_LIMITS.fallbackText);
}
