// Discord rendering of a view: the JSON body of an interaction reply (content, embeds,
// components, flags, allowed_mentions) within Discord's limits. Pure: no discord.js, no
// clock, no I/O; the adapter decides the buttons' ids and passes them in.
//
// The embed title is the answer's title; the description holds the lead, the statements
// and their notes, each followed by markdown links to its sources (`[[1]](https://…)`),
// because embed footers do not render links; the footer names the knowledge version and
// the page. To fit, notes are shortened at a word, never statements; as a last resort
// whole statements move to the next page ("…").
import type { Citation, Locale } from './answer.ts';
import { KeptWith } from './kept.ts';
import { messages } from './messages.ts';
import { cut, cutAtWord } from './text.ts';
import { PRIVATE_STATUSES, type AnswerView, type ViewNote, type ViewStatement } from './view.ts';

export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, footer: all embeds of one message. */
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Message flags used here (https://discord.com/developers/docs/resources/message#message-object-message-flags). */
export const MessageFlag = { SuppressEmbeds: 1 << 2, Ephemeral: 1 << 6 } as const;

export const COLORS = { high: 0x2ecc71, medium: 0xf1c40f, low: 0xe67e22, neutral: 0x5865f2, notFound: 0x99aab5, error: 0xed4245 } as const;

// ---- payload shapes (the API's JSON, snake_case) ------------------------------------------

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  /** `attachment://share.png`: a file sent with the same message. */
  image?: { url: string };
  footer?: { text: string };
}

export interface DiscordButton {
  type: 2;
  /** 1 primary, 2 secondary. */
  style: 1 | 2;
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: DiscordActionRow[];
  flags?: number;
  allowed_mentions: { parse: [] };
}

export interface DiscordChoice {
  name: string;
  value: string;
}

/** The buttons a page offers, with the custom ids the adapter made for them. */
export interface DiscordButtons {
  details?: string;
  more?: string;
  previous?: { id: string; disabled: boolean };
  next?: { id: string; disabled: boolean };
  sources?: string;
  post?: string;
  /** "Did you mean" buttons: the command each runs, and its label. */
  suggestions?: { id: string; label: string }[];
  /** 👍, 👎 and Report a problem, on answers a reader can judge. */
  feedback?: { up: string; down: string; report: string };
}

export interface DiscordRenderOptions {
  /** The knowledge version shown in the footer, e.g. `2025-11-28 (df4e5ab)`. */
  version: string;
  /** Only the asker sees the message. */
  ephemeral?: boolean;
  buttons?: DiscordButtons;
  /** The name of an image file sent with this message (the chart), shown as the embed's image. */
  image?: string;
  /** Who posted a private answer publicly, and its command: a mention that pings no one. */
  sharedBy?: { userId: string; command: string };
}

const NOTE_MARK: Record<ViewNote['kind'], string> = {
  dispute: '⚠️ ',
  warning: '⚠️ ',
  caveat: '· ',
  'as-of': '🕒 ',
  confidence: '· ',
  scope: 'ℹ️ ',
  info: 'ℹ️ ',
};

const NO_MENTIONS = (): { parse: [] } => ({ parse: [] });

/** Errors, usage, "did you mean" and rate-limit notes concern only the asker. */
export function isAlwaysEphemeral(status: AnswerView['status']): boolean {
  return PRIVATE_STATUSES.includes(status);
}

// ---- the answer -------------------------------------------------------------------------------

export function renderDiscordView(view: AnswerView, options: DiscordRenderOptions): DiscordMessage {
  const ephemeral = Boolean(options.ephemeral) || isAlwaysEphemeral(view.status);
  // A short note needs no embed: errors and rate limits are one sentence.
  if (view.status === 'error' || view.status === 'limited') return contentOnly(`⚠️ ${escapeMarkdown(view.title)}`, ephemeral);

  const text = messages(view.locale);
  const footer = cut([text.knowledge(options.version), view.pager.pageCount > 1 ? text.page(view.pager.page, view.pager.pageCount) : ''].filter(Boolean).join(' · '), DISCORD_LIMITS.footer);
  const title = cutEscaped(view.detailed ? text.detailsTitle(view.title) : view.title, DISCORD_LIMITS.title);
  const budget = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - title.length - footer.length);
  const description = options.sharedBy ? fitBlocks(blocksOf(view, options.sharedBy), budget) : descriptionOf(view, budget);
  const embed: DiscordEmbed = {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    color: colorOf(view),
    footer: { text: footer },
    ...(options.image ? { image: { url: `attachment://${options.image}` } } : {}),
  };
  const components = rowsOf(view, options.buttons ?? {});
  return {
    embeds: [embed],
    ...(components.length > 0 ? { components } : {}),
    ...(ephemeral ? { flags: MessageFlag.Ephemeral } : {}),
    allowed_mentions: NO_MENTIONS(),
  };
}

/**
 * A view's description by room: most of a page's rendering, which depends on the view alone
 * unless a share names who shared it. Kept with the view, which the repeats of a kept answer
 * share (see kept.ts).
 */
const descriptions = new KeptWith<AnswerView, number, string>();

function descriptionOf(view: AnswerView, budget: number): string {
  return descriptions.get(view, budget, () => fitBlocks(blocksOf(view, undefined), budget));
}

/** The page's full citations, with the quotes that support its statements, for the Sources button. */
export function renderDiscordSources(view: AnswerView, options: Pick<DiscordRenderOptions, 'version'>): DiscordMessage {
  const text = messages(view.locale);
  if (view.sources.length === 0) return contentOnly(text.noSources, true);
  const footer = cut(text.knowledge(options.version), DISCORD_LIMITS.footer);
  const title = cutEscaped(text.sourcesTitle(view.title), DISCORD_LIMITS.title);
  const blocks: Block[] = view.sources.map((citation) => {
    const quotes = [...new Set(view.statements.filter((statement) => statement.quote && statement.refs.includes(citation.n)).map((statement) => statement.quote!))];
    return {
      head: `**[${citation.n}]** ${sourceLink(citation)}${citation.publisher ? ` — ${escapeMarkdown(citation.publisher)}` : ''}${citation.date ? `, ${citation.date}` : ''}`,
      notes: [...(citation.note ? [`*${escapeMarkdown(citation.note)}*`] : []), ...quotes.map((quote) => `> “${escapeMarkdown(quote)}”`)],
    };
  });
  const description = fitBlocks(blocks, Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - title.length - footer.length));
  return { embeds: [{ title, description, color: COLORS.neutral, footer: { text: footer } }], flags: MessageFlag.Ephemeral, allowed_mentions: NO_MENTIONS() };
}

export type DiscordNoteKind = 'not-owner' | 'expired' | 'unknown-button';

/** The ephemeral one-liners a button click can get instead of a page. */
export function renderDiscordNote(kind: DiscordNoteKind, locale: Locale, command = '/help'): DiscordMessage {
  const text = messages(locale);
  const shown = `\`${command.replace(/`/g, 'ˋ')}\``;
  return contentOnly(kind === 'not-owner' ? text.notOwner(shown) : kind === 'expired' ? text.expired(shown) : text.unknownButton, true);
}

/** Autocomplete choices: at most 25, names and values within 100 characters. */
export function renderDiscordChoices(choices: readonly { name: string; value: string }[]): DiscordChoice[] {
  return choices
    .filter((choice) => choice.value.length > 0 && choice.value.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.choices)
    .map((choice) => ({ name: cut(choice.name || choice.value, DISCORD_LIMITS.choiceName), value: choice.value }));
}

/** The file name a page's chart is attached under (`share.png`), if the page shows one. */
export function chartFileName(view: AnswerView): string | undefined {
  if (!view.chart || view.status !== 'ok') return undefined;
  const name = view.command.name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  return `${name || 'chart'}.png`;
}

// ---- the description ------------------------------------------------------------------------------

/** A statement, the lead or a source: a head that is never shortened, and notes that may be. */
interface Block {
  head: string;
  notes: string[];
  /** Lines of one list (help, about) sit together, without a blank line between them. */
  tight?: boolean;
}

function blocksOf(view: AnswerView, sharedBy: DiscordRenderOptions['sharedBy']): Block[] {
  const text = messages(view.locale);
  const blocks: Block[] = [];
  const intro: string[] = [];
  // Only an id Discord gave us becomes a mention, never text a user typed.
  if (sharedBy && /^\d{1,25}$/.test(sharedBy.userId)) intro.push(`*${text.sharedBy(`<@${sharedBy.userId}>`, escapeMarkdown(sharedBy.command))}*`);
  if (view.lead) intro.push(`**${escapeMarkdown(view.lead.text)}**${links(view.lead.refs, view.sources)}`);
  if (view.summary) intro.push(escapeMarkdown(view.summary));
  if (intro.length > 0)
    blocks.push({ head: intro.join('\n'), notes: [...(view.lead?.flag ? [noteLine(view.lead.flag, view.sources)] : []), ...view.notices.map((notice) => noteLine(notice, view.sources))] });
  else if (view.notices.length > 0) blocks.push({ head: view.notices.map((notice) => noteLine(notice, view.sources)).join('\n'), notes: [] });

  const bullet = view.cited || view.statements.length > 1 ? '• ' : '';
  for (const [index, statement] of view.statements.entries()) blocks.push({ ...statementBlock(statement, bullet, view), tight: !view.cited && index > 0 });
  if (view.suggestions.length > 0) {
    const label = view.status === 'not-found' || view.status === 'partial' ? text.didYouMean : text.tryThis;
    blocks.push({
      head: `**${label}**\n${view.suggestions
        .slice(0, 10)
        .map((suggestion) => `\`${suggestion.command.replace(/`/g, 'ˋ')}\``)
        .join('\n')}`,
      notes: [],
    });
  }
  return blocks;
}

function statementBlock(statement: ViewStatement, bullet: string, view: AnswerView): Block {
  const date = statement.date ? `\`${statement.date}\` ` : '';
  const figure = statement.figure ? `**${escapeMarkdown(statement.figure)}** — ` : '';
  const notes = [...(statement.quote ? [`> *“${escapeMarkdown(statement.quote)}”*`] : []), ...(statement.flag ? [statement.flag] : statement.notes).map((note) => `> ${noteLine(note, view.sources)}`)];
  return { head: `${bullet}${date}${figure}${escapeMarkdown(statement.text)}${links(statement.refs, view.sources)}`, notes };
}

function noteLine(note: ViewNote, sources: readonly Citation[]): string {
  return `${NOTE_MARK[note.kind]}${escapeMarkdown(note.text)}${links(note.refs, sources)}`;
}

/** Note lengths tried, longest first, until the page fits. */
const NOTE_CAPS = [Infinity, 600, 300, 160, 80];

/**
 * The blocks within `budget`: notes shortened at a word, more and more; if that is not
 * enough, whole statements dropped from the end with "…", never one cut in the middle.
 */
function fitBlocks(blocks: readonly Block[], budget: number): string {
  if (blocks.length === 0 || budget <= 0) return '';
  const render = (kept: readonly Block[], cap: number, more: boolean) =>
    kept.map((block, index) => `${index === 0 ? '' : block.tight ? '\n' : '\n\n'}${[block.head, ...block.notes.map((note) => (cap === Infinity ? note : cutAtWord(note, cap)))].join('\n')}`).join('') +
    (more ? '\n…' : '');
  for (const cap of NOTE_CAPS) {
    const text = render(blocks, cap, false);
    if (text.length <= budget) return text;
  }
  for (let count = blocks.length - 1; count > 0; count--) {
    const text = render(
      blocks.slice(0, count).map((block) => ({ ...block, notes: [] })),
      0,
      true,
    );
    if (text.length <= budget) return text;
  }
  // One statement longer than a whole embed: only a hostile base makes one (lint caps claims).
  return cutAtWord(blocks[0]!.head, budget);
}

// ---- buttons --------------------------------------------------------------------------------------

function rowsOf(view: AnswerView, buttons: DiscordButtons): DiscordActionRow[] {
  const text = messages(view.locale);
  const button = (label: string, id: string, style: 1 | 2 = 2, disabled = false): DiscordButton => ({
    type: 2,
    style,
    label: cut(label, DISCORD_LIMITS.buttonLabel),
    custom_id: id,
    ...(disabled ? { disabled: true } : {}),
  });
  const main = [
    buttons.previous ? button(`◀ ${text.previous}`, buttons.previous.id, 2, buttons.previous.disabled) : undefined,
    buttons.next ? button(`${text.next} ▶`, buttons.next.id, 2, buttons.next.disabled) : undefined,
    buttons.more ? button(text.more(view.pager.more), buttons.more) : undefined,
    buttons.details ? button(text.details, buttons.details) : undefined,
    buttons.sources ? button(text.sources, buttons.sources, 1) : undefined,
    buttons.post ? button(text.postPublicly, buttons.post) : undefined,
  ].filter((each): each is DiscordButton => each !== undefined);
  const suggestions = (buttons.suggestions ?? []).slice(0, DISCORD_LIMITS.buttonsPerRow).map((each, index) => button(each.label, each.id, index === 0 ? 1 : 2));
  const feedback = buttons.feedback ? [button('👍', buttons.feedback.up), button('👎', buttons.feedback.down), button(text.reportProblem, buttons.feedback.report)] : [];
  return [main.slice(0, DISCORD_LIMITS.buttonsPerRow), suggestions, feedback].filter((row) => row.length > 0).map((components) => ({ type: 1 as const, components }));
}

function colorOf(view: AnswerView): number {
  if (view.status === 'not-found' || view.status === 'partial') return COLORS.notFound;
  return COLORS.neutral;
}

/** Errors and rate-limit notes: plain content, link previews suppressed, never pinging. */
function contentOnly(text: string, ephemeral: boolean): DiscordMessage {
  return {
    content: cut(text, DISCORD_LIMITS.content),
    flags: MessageFlag.SuppressEmbeds | (ephemeral ? MessageFlag.Ephemeral : 0),
    allowed_mentions: NO_MENTIONS(),
  };
}

// ---- escaping and links -----------------------------------------------------------------------

/** ` [[1]](https://…) [[2]](https://…)`: markdown links, which embed descriptions render. */
function links(numbers: readonly number[], sources: readonly Citation[]): string {
  if (numbers.length === 0) return '';
  return ` ${numbers
    .map((n) => {
      const url = sources.find((citation) => citation.n === n)?.url;
      return url ? `[[${n}]](${linkTarget(url)})` : `[${n}]`;
    })
    .join(' ')}`;
}

function sourceLink(citation: Citation): string {
  return citation.url ? `[${escapeMarkdown(cut(citation.title, 200))}](${linkTarget(citation.url)})` : escapeMarkdown(cut(citation.title, 200));
}

const URL_PATTERN = /https?:\/\/[^\s<>]+/g;

/**
 * Backslash-escapes markdown in text from the base or the user, so a `*` or `_` in a claim
 * stays a character, a `[x](y)` cannot become a link, `<@&…>` or `<t:0:R>` cannot become a
 * mention or a timestamp, and `@everyone` reads as text. Bare URLs are left alone (Discord
 * links them; escaping would break them).
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    out += escapePlain(text.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  return text
    .replace(/[\\*_~`|[\]<>]/g, '\\$&')
    .replace(/^([#>-])/gm, '\\$1')
    .replace(/@(everyone|here)/g, '@\u200b$1');
}

/** A URL safe inside `(…)` of a markdown link. */
function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (character) => encodeURIComponent(character).replace(/[()]/g, (paren) => (paren === '(' ? '%28' : '%29')));
}

/**
 * `text` escaped as `escapeMarkdown` does, within `max` characters. An embed title carries
 * the user's words (an /ask question) and renders markdown, mentions and timestamps like a
 * description does. Cut before escaping, so that no escape is split at the end.
 */
function cutEscaped(text: string, max: number): string {
  let room = max;
  for (;;) {
    const escaped = escapeMarkdown(cut(text, room));
    if (escaped.length <= max) return escaped;
    // Escapes lengthen the text in proportion to how much of it needs escaping.
    room = Math.min(room - 1, Math.floor((room * max) / escaped.length));
  }
}
