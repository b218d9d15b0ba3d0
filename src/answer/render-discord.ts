// Discord rendering: an Answer becomes the JSON body of an interaction reply (content,
// embeds, components, flags, allowed_mentions) that fits Discord's limits, and option
// choices become autocomplete choices. Pure: no discord.js, no clock, no I/O. What the
// answer does not know (who asked, the knowledge version, the page) comes in as options.
//
// Layout of an answer: the embed title is the answer's title; the description holds the
// summary, the notices and one numbered statement per item, each followed by markdown links
// to its sources (`[[1]](https://…)`), because embed footers do not render links; figures
// are fields; the footer names the knowledge version and the page. Long answers are cut
// into pages with Previous/Next buttons whose custom ids carry everything needed to rebuild
// the page (see `encodeButtonId`), and a Sources button lists the page's full citations.
// A chart (the percentages of /share), drawn by the adapter, is attached to the first page
// and shown as the embed's image. A "did you mean" note gets one button per suggestion,
// whose custom id carries the suggested command (see `encodeSuggestionId`).
import type { Answer, AnswerItem, AnswerNote, AnswerStatus, Citation, Locale } from './answer.ts';
import { formatFigure } from './i18n.ts';
import { messages } from './messages.ts';
import { pageCount, pageOf } from './paging.ts';

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
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Message flags used here (https://discord.com/developers/docs/resources/message#message-object-message-flags). */
export const MessageFlag = { SuppressEmbeds: 1 << 2, Ephemeral: 1 << 6 } as const;

export const DEFAULT_DISCORD_PAGE_SIZE = 5;

/** Room always kept for the statements when fields compete with them for the 6,000. */
const MIN_DESCRIPTION = 1500;

export const COLORS = {
  high: 0x2ecc71,
  medium: 0xf1c40f,
  low: 0xe67e22,
  neutral: 0x5865f2,
  notFound: 0x99aab5,
  error: 0xed4245,
} as const;

// ---- payload shapes (the API's JSON, snake_case) ------------------------------------------

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
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

// ---- options --------------------------------------------------------------------------------

/** What a page's buttons must carry so that a click can rebuild the neighbouring page. */
export interface PagingContext {
  /** The asker's user id: only they may turn the pages. */
  owner: string;
  /** When the answer was first given, in seconds since the epoch (for expiry). */
  issuedAt: number;
  /** The knowledge revision the answer was built from; a click on another revision is stale. */
  revision: string;
  /** The command to re-run: `encodeCommandTarget(answer.command)`, or `@ref` for a stored one. */
  target: string;
}

export interface DiscordRenderOptions {
  /** The knowledge version shown in the footer, e.g. `2025-11-28 (df4e5ab)`. */
  version: string;
  /** 1-based page to show; clamped. */
  page?: number;
  pageSize?: number;
  /** The asker chose `hide`: only they see the answer. */
  ephemeral?: boolean;
  /** Without it, no buttons (e.g. a preview). */
  paging?: PagingContext;
  /**
   * The name of an image file sent with this message (the chart, see `chartFileName`),
   * shown as the embed's image. The caller attaches the file; without it, no image.
   */
  image?: string;
}

// ---- words ------------------------------------------------------------------------------------

interface DiscordWords {
  previous: string;
  next: string;
  sources: string;
  page(page: number, count: number): string;
  knowledge(version: string): string;
  didYouMean: string;
  tryThis: string;
  sourcesTitle(title: string): string;
  notOwner(command: string): string;
  expired(command: string): string;
  unknownButton: string;
  noSources: string;
}

const WORDS: Record<Locale, DiscordWords> = {
  en: {
    previous: 'Previous',
    next: 'Next',
    sources: 'Sources',
    page: (page, count) => `Page ${page}/${count}`,
    knowledge: (version) => `Knowledge ${version}`,
    didYouMean: messages('en').didYouMean,
    tryThis: 'Try',
    sourcesTitle: (title) => `Sources · ${title}`,
    notOwner: (command) => `Only the person who asked can turn these pages. Run ${command} to get your own copy.`,
    expired: (command) => `This answer has expired (it is too old, or the fact base has changed since). Run ${command} again.`,
    unknownButton: 'This button belongs to an older version of the bot. Run the command again.',
    noSources: 'This answer cites no source.',
  },
  fr: {
    previous: 'Précédent',
    next: 'Suivant',
    sources: 'Sources',
    page: (page, count) => `Page ${page}/${count}`,
    knowledge: (version) => `Base ${version}`,
    didYouMean: messages('fr').didYouMean,
    tryThis: 'Essayez',
    sourcesTitle: (title) => `Sources · ${title}`,
    notOwner: (command) => `Seule la personne qui a posé la question peut tourner ces pages. Lancez ${command} pour avoir la vôtre.`,
    expired: (command) => `Cette réponse a expiré (trop ancienne, ou la base a changé depuis). Relancez ${command}.`,
    unknownButton: 'Ce bouton vient d’une ancienne version du bot. Relancez la commande.',
    noSources: 'Cette réponse ne cite aucune source.',
  },
};

export function discordWords(locale: Locale): DiscordWords {
  return WORDS[locale] ?? WORDS.en;
}

const NOTE_MARK: Record<AnswerNote['kind'], string> = {
  dispute: '⚠️ ',
  warning: '⚠️ ',
  caveat: '· ',
  'as-of': '· ',
  confidence: '· ',
  scope: 'ℹ️ ',
  info: 'ℹ️ ',
};

const ALWAYS_EPHEMERAL: readonly AnswerStatus[] = ['error', 'usage', 'not-found', 'limited'];

/** Errors, usage, "did you mean" and rate-limit notes concern only the asker. */
export function isAlwaysEphemeral(status: AnswerStatus): boolean {
  return ALWAYS_EPHEMERAL.includes(status);
}

const NO_MENTIONS = (): { parse: [] } => ({ parse: [] });

// ---- the answer -------------------------------------------------------------------------------

/** One page of an answer as an interaction reply body. */
export function renderDiscordAnswer(answer: Answer, options: DiscordRenderOptions): DiscordMessage {
  const ephemeral = Boolean(options.ephemeral) || isAlwaysEphemeral(answer.status);
  // A short note needs no embed: errors and rate limits are one sentence.
  if (answer.status === 'error' || answer.status === 'limited') return contentOnly(noteText(answer), ephemeral);

  const pageSize = pageSizeFor(answer, options.pageSize);
  const page = pageOf(answer, options.page ?? 1, pageSize);
  const paging = page.paging!;
  const words = discordWords(answer.locale);

  const footer = cut([words.knowledge(options.version), paging.pageCount > 1 ? words.page(paging.page, paging.pageCount) : ''].filter(Boolean).join(' · '), DISCORD_LIMITS.footer);
  const title = cutEscaped(answer.title, DISCORD_LIMITS.title);
  // Fields may take what the title and footer leave, less room for the statements; the
  // figures they would have shown are in the statements anyway.
  const fieldRoom = DISCORD_LIMITS.embedTotal - title.length - footer.length - MIN_DESCRIPTION;
  const fields: DiscordEmbedField[] = [];
  let fieldsLength = 0;
  for (const field of [...figureFields(page, (paging.page - 1) * pageSize), ...suggestionField(answer)]) {
    if (fields.length === DISCORD_LIMITS.fields || fieldsLength + field.name.length + field.value.length > fieldRoom) break;
    fields.push(field);
    fieldsLength += field.name.length + field.value.length;
  }
  const budget = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - title.length - footer.length - fieldsLength);
  const description = describe(page, (paging.page - 1) * pageSize, budget);

  const embed: DiscordEmbed = {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    color: colorOf(page),
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: footer },
  };
  if (options.image) embed.image = { url: `attachment://${options.image}` };
  const components = options.paging ? [...pageButtons(page, options.paging), ...suggestionButtons(answer, Boolean(options.ephemeral))] : [];
  return {
    embeds: [embed],
    ...(components.length > 0 ? { components } : {}),
    ...(ephemeral ? { flags: MessageFlag.Ephemeral } : {}),
    allowed_mentions: NO_MENTIONS(),
  };
}

/**
 * The file name a page's chart is attached under (`share.png` for /share), or undefined
 * when that page shows no chart: the chart goes with the first page of an answer that
 * found facts only, so page turns drop it and coming back to page 1 brings it back.
 */
export function chartFileName(answer: Answer, page = 1, pageSize = DEFAULT_DISCORD_PAGE_SIZE): string | undefined {
  if (!answer.chart || answer.status !== 'ok') return undefined;
  const shown = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount(answer, pageSizeFor(answer, pageSize)));
  if (shown !== 1) return undefined;
  const name = answer.command.name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  return `${name || 'chart'}.png`;
}

/** The full citations of one page (same numbers as on the page), for the Sources button. */
export function renderDiscordSources(answer: Answer, options: Pick<DiscordRenderOptions, 'version' | 'page' | 'pageSize'>): DiscordMessage {
  const page = pageOf(answer, options.page ?? 1, pageSizeFor(answer, options.pageSize));
  const words = discordWords(answer.locale);
  if (page.citations.length === 0) return contentOnly(words.noSources, true);

  const footer = cut([words.knowledge(options.version), page.paging!.pageCount > 1 ? words.page(page.paging!.page, page.paging!.pageCount) : ''].filter(Boolean).join(' · '), DISCORD_LIMITS.footer);
  const title = cutEscaped(words.sourcesTitle(answer.title), DISCORD_LIMITS.title);
  const blocks: Block[] = page.citations.map((citation) => {
    const quotes = [...new Set(page.items.filter((item) => item.quote && item.citations.includes(citation.n)).map((item) => item.quote!))];
    return (cap: number) => [
      `**[${citation.n}]** ${citation.url ? `[${escapeLinkText(cut(citation.title, cap))}](${linkTarget(citation.url)})` : escapeMarkdown(cut(citation.title, cap))}${citation.publisher ? ` — ${escapeMarkdown(citation.publisher)}` : ''}${citation.date ? `, ${citation.date}` : ''}`,
      ...(citation.note ? [`*${escapeMarkdown(cut(citation.note, cap))}*`] : []),
      ...quotes.map((quote) => `> “${escapeMarkdown(cut(quote, cap))}”`),
    ].join('\n');
  });
  const description = fitBlocks(blocks, Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - title.length - footer.length));
  return {
    embeds: [{ title, description, color: COLORS.neutral, footer: { text: footer } }],
    flags: MessageFlag.Ephemeral,
    allowed_mentions: NO_MENTIONS(),
  };
}

export type DiscordNoteKind = 'not-owner' | 'expired' | 'unknown-button';

/** The ephemeral one-liners a button click can get instead of a page. */
export function renderDiscordNote(kind: DiscordNoteKind, locale: Locale, command = '/help'): DiscordMessage {
  const words = discordWords(locale);
  const shown = `\`${command.replace(/`/g, 'ˋ')}\``;
  const text = kind === 'not-owner' ? words.notOwner(shown) : kind === 'expired' ? words.expired(shown) : words.unknownButton;
  return contentOnly(text, true);
}

/** Autocomplete choices: at most 25, names and values within 100 characters. */
export function renderDiscordChoices(choices: readonly { name: string; value: string }[]): DiscordChoice[] {
  return choices
    .filter((choice) => choice.value.length > 0 && choice.value.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.choices)
    .map((choice) => ({ name: cut(choice.name || choice.value, DISCORD_LIMITS.choiceName), value: choice.value }));
}

/**
 * Statements per page. Plain lists (help, about) have short lines and no sources, so they
 * take one page unless they are very long.
 */
export function pageSizeFor(answer: Answer, requested = DEFAULT_DISCORD_PAGE_SIZE): number {
  const size = Math.max(1, Math.trunc(requested));
  return answer.items.some((item) => item.citations.length > 0) ? size : Math.max(size, 20);
}

// ---- button ids ---------------------------------------------------------------------------------

const ID_PREFIX = 'ls1';

export interface ButtonState {
  action: 'page' | 'sources';
  /** The page to show (page buttons) or whose sources to list. */
  page: number;
  owner: string;
  issuedAt: number;
  revision: string;
  target: string;
}

/**
 * `ls1|p|2|<owner base36>|<issued base36>|<revision>|<target>`: everything a click needs,
 * so no state is kept between an answer and a click on it (any shard can serve it, and a
 * restart loses nothing). The target is the command and its arguments, or `@ref` when they
 * are too long for the 100 characters a custom id may have.
 */
export function encodeButtonId(state: ButtonState): string {
  return [ID_PREFIX, state.action === 'page' ? 'p' : 's', String(state.page), encodeOwner(state.owner), Math.max(0, Math.trunc(state.issuedAt)).toString(36), state.revision.replace(/\|/g, ''), state.target].join('|');
}

export function decodeButtonId(id: string): ButtonState | undefined {
  const parts = id.split('|');
  if (parts.length < 7 || parts[0] !== ID_PREFIX || (parts[1] !== 'p' && parts[1] !== 's')) return undefined;
  const page = Number(parts[2]);
  const issuedAt = parseInt(parts[4]!, 36);
  const owner = decodeOwner(parts[3]!);
  if (!Number.isInteger(page) || page < 1 || !Number.isFinite(issuedAt) || owner === undefined) return undefined;
  return { action: parts[1] === 'p' ? 'page' : 'sources', page, owner, issuedAt, revision: parts[5]!, target: parts.slice(6).join('|') };
}

/** Whether every button of an answer with up to `pageCount` pages gets a valid id. */
export function buttonIdsFit(paging: PagingContext, pageCount: number): boolean {
  return encodeButtonId({ ...paging, action: 'page', page: Math.max(1, pageCount) }).length <= DISCORD_LIMITS.customId;
}

export interface SuggestionState {
  /** The command line to run, as the suggestion has it: `/share chinese-open`. */
  command: string;
  /** The asker chose `hide`: the suggested answer stays private too. */
  hidden: boolean;
  /** The language of the note, so the answer it leads to speaks it too. */
  locale: Locale;
}

const SUGGESTION_PREFIX = `${ID_PREFIX}|d|`;

/**
 * `ls1|d|p|en|/share chinese-open` (`h` for hidden): a "did you mean" button. Stateless like
 * the page buttons; undefined when the command would make the id longer than 100
 * characters (that suggestion then gets no button, only its line in the embed).
 */
export function encodeSuggestionId(state: SuggestionState): string | undefined {
  if (!state.command.trim()) return undefined;
  const id = `${SUGGESTION_PREFIX}${state.hidden ? 'h' : 'p'}|${state.locale}|${state.command}`;
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

export function decodeSuggestionId(id: string): SuggestionState | undefined {
  if (!id.startsWith(SUGGESTION_PREFIX)) return undefined;
  const [visibility, locale, ...rest] = id.slice(SUGGESTION_PREFIX.length).split('|');
  const command = rest.join('|');
  if ((visibility !== 'h' && visibility !== 'p') || (locale !== 'en' && locale !== 'fr') || !command.trim()) return undefined;
  return { command, hidden: visibility === 'h', locale };
}

/** `share|segment=chinese-open`; `|` and `%` in values are percent-escaped. */
export function encodeCommandTarget(command: Answer['command']): string {
  const args = Object.entries(command.args).filter(([, value]) => value !== '');
  return [command.name, ...args.map(([key, value]) => `${key}=${escapeTarget(value)}`)].join('|');
}

export function decodeCommandTarget(target: string): Answer['command'] | undefined {
  if (!target || target.startsWith('@')) return undefined;
  const [name, ...pairs] = target.split('|');
  const args: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return undefined;
    try {
      args[pair.slice(0, equals)] = decodeURIComponent(pair.slice(equals + 1));
    } catch {
      return undefined;
    }
  }
  return name ? { name, args } : undefined;
}

/** How a command reads to a user: `/share chinese-open`, for notes. */
export function commandLine(command: Answer['command']): string {
  return [`/${command.name}`, ...Object.entries(command.args).filter(([, value]) => value !== '').map(([key, value]) => `${key}:${value}`)].join(' ');
}

function escapeTarget(value: string): string {
  return value.replace(/%/g, '%25').replace(/\|/g, '%7C');
}

function encodeOwner(owner: string): string {
  return /^\d{1,25}$/.test(owner) ? BigInt(owner).toString(36) : `~${owner.replace(/[|%]/g, '')}`;
}

function decodeOwner(encoded: string): string | undefined {
  if (encoded.startsWith('~')) return encoded.slice(1);
  if (!/^[0-9a-z]{1,20}$/.test(encoded)) return undefined;
  let value = 0n;
  for (const digit of encoded) value = value * 36n + BigInt(parseInt(digit, 36));
  return value.toString();
}

// ---- parts ------------------------------------------------------------------------------------

function pageButtons(page: Answer, context: PagingContext): DiscordActionRow[] {
  const { page: current, pageCount } = page.paging!;
  if (!buttonIdsFit(context, pageCount)) return [];
  const words = discordWords(page.locale);
  const buttons: DiscordButton[] = [];
  if (pageCount > 1) {
    buttons.push(
      { type: 2, style: 2, label: `◀ ${words.previous}`, custom_id: encodeButtonId({ ...context, action: 'page', page: Math.max(1, current - 1) }), ...(current <= 1 ? { disabled: true } : {}) },
      { type: 2, style: 2, label: `${words.next} ▶`, custom_id: encodeButtonId({ ...context, action: 'page', page: Math.min(pageCount, current + 1) }), ...(current >= pageCount ? { disabled: true } : {}) },
    );
  }
  if (page.citations.length > 0) {
    buttons.push({ type: 2, style: 1, label: words.sources, custom_id: encodeButtonId({ ...context, action: 'sources', page: current }) });
  }
  return buttons.length > 0 ? [{ type: 1, components: buttons }] : [];
}

/** Up to five "did you mean" buttons, one per suggestion whose command fits in an id. */
function suggestionButtons(answer: Answer, hidden: boolean): DiscordActionRow[] {
  if (answer.status !== 'not-found') return [];
  const buttons: DiscordButton[] = [];
  const seen = new Set<string>();
  for (const suggestion of answer.suggestions) {
    if (buttons.length === 5) break;
    const id = encodeSuggestionId({ command: suggestion.command, hidden, locale: answer.locale });
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const label = cut((suggestion.label || suggestion.command).trim(), DISCORD_LIMITS.buttonLabel) || cut(suggestion.command, DISCORD_LIMITS.buttonLabel);
    buttons.push({ type: 2, style: buttons.length === 0 ? 1 : 2, label, custom_id: id });
  }
  return buttons.length > 0 ? [{ type: 1, components: buttons }] : [];
}

function colorOf(page: Answer): number {
  switch (page.status) {
    case 'ok': {
      const levels = page.items.flatMap((item) => item.confidence ?? []);
      if (levels.includes('low')) return COLORS.low;
      if (levels.includes('medium')) return COLORS.medium;
      return levels.length > 0 ? COLORS.high : COLORS.neutral;
    }
    case 'not-found':
      return COLORS.notFound;
    case 'error':
    case 'limited':
      return COLORS.error;
    default:
      return COLORS.neutral;
  }
}

/**
 * Summary, notices and statements, within `budget` characters. Texts from the base are cut
 * (never the links after them) more and more until the whole fits; as a last resort whole
 * statements are dropped from the end, with "…".
 */
function describe(page: Answer, offset: number, budget: number): string {
  const numbered = page.items.some((item) => item.citations.length > 0);
  const blocks: Block[] = [];
  if (page.lead || page.summary || page.notices.length > 0) {
    blocks.push((cap) =>
      [
        ...(page.lead ? [`**${escapeMarkdown(cut(page.lead.text, cap * 2))}**${page.lead.citations.map((n) => ` [${n}]`).join('')}`] : []),
        ...(page.summary ? [escapeMarkdown(cut(page.summary, cap * 2))] : []),
        ...page.notices.map((notice) => noteLine(notice, page.citations, cap, '')),
      ].join('\n'),
    );
  }
  const bullet = page.items.length > 1 ? '• ' : '';
  page.items.forEach((item, index) => {
    const render: Block = (cap) => itemBlock(item, numbered ? `**${offset + index + 1}.** ` : bullet, page.citations, cap);
    // Cited statements stand apart; a plain list (help, about) reads as one block.
    blocks.push(numbered || index === 0 ? render : Object.assign(render, { tight: true }));
  });
  return fitBlocks(blocks, budget);
}

type Block = ((cap: number) => string) & { tight?: boolean };

const CAPS = [Infinity, 900, 600, 400, 250, 150, 80, 40];

function join(blocks: readonly Block[], texts: readonly string[]): string {
  return texts.map((text, index) => (index === 0 ? text : `${blocks[index]!.tight ? '\n' : '\n\n'}${text}`)).join('');
}

function fitBlocks(blocks: Block[], budget: number): string {
  if (blocks.length === 0 || budget <= 0) return '';
  for (const cap of CAPS) {
    const text = join(blocks, blocks.map((block) => block(cap)));
    if (text.length <= budget) return text;
  }
  // Still too long: keep as many whole blocks as fit.
  const smallest = blocks.map((block) => block(CAPS[CAPS.length - 1]!));
  for (let count = blocks.length - 1; count > 0; count--) {
    const text = `${join(blocks, smallest.slice(0, count))}\n…`;
    if (text.length <= budget) return text;
  }
  return cut(smallest[0] ?? '', budget);
}

function itemBlock(item: AnswerItem, prefix: string, citations: readonly Citation[], cap: number): string {
  const date = item.date ? `\`${item.date}\` ` : '';
  const lines = [`${prefix}${date}${escapeMarkdown(cut(item.text, cap))}${links(item.citations, citations)}`];
  for (const note of item.notes) lines.push(noteLine(note, citations, Math.min(cap, 400), '> '));
  return lines.join('\n');
}

function noteLine(note: AnswerNote, citations: readonly Citation[], cap: number, prefix: string): string {
  return `${prefix}${NOTE_MARK[note.kind]}${escapeMarkdown(cut(note.text, cap))}${links(note.citations ?? [], citations)}`;
}

/** ` [[1]](https://…) [[2]](https://…)`: markdown links, which embed descriptions and fields render. */
function links(numbers: readonly number[], citations: readonly Citation[]): string {
  if (numbers.length === 0) return '';
  return ` ${numbers
    .map((n) => {
      const url = citations.find((citation) => citation.n === n)?.url;
      return url ? `[[${n}]](${linkTarget(url)})` : `[${n}]`;
    })
    .join(' ')}`;
}

function figureFields(page: Answer, offset: number): DiscordEmbedField[] {
  const fields: DiscordEmbedField[] = [];
  page.items.forEach((item, index) => {
    if (!item.figure) return;
    const { figure } = item;
    const name = cut(`${offset + index + 1}. ${formatFigure(figure, page.locale)}${figure.segment ? ` · ${figure.segment}` : ''}`, DISCORD_LIMITS.fieldName);
    const tail = links(item.citations, page.citations);
    const scope = [figure.scope, figure.period].filter(Boolean).join(' · ');
    const value = `${escapeMarkdown(cut(scope || figure.metric, DISCORD_LIMITS.fieldValue - tail.length - 40))}${tail}`.trim();
    // Discord refuses an empty field value.
    fields.push({ name, value: cut(value, DISCORD_LIMITS.fieldValue) || '—', inline: true });
  });
  return fields;
}

function suggestionField(answer: Answer): DiscordEmbedField[] {
  if (answer.suggestions.length === 0) return [];
  const words = discordWords(answer.locale);
  const list = answer.status === 'not-found' ? answer.suggestions.slice(0, 5) : answer.suggestions.slice(0, 10);
  const lines = list.map((suggestion) => {
    const command = `\`${suggestion.command.replace(/`/g, 'ˋ')}\``;
    const shown = suggestion.command.endsWith(suggestion.label) ? '' : ` — ${escapeMarkdown(suggestion.label)}`;
    return cut(`${command}${shown}`, 200);
  });
  return [{ name: answer.status === 'not-found' ? words.didYouMean : words.tryThis, value: cut(lines.join('\n'), DISCORD_LIMITS.fieldValue) }];
}

/** Errors and rate-limit notes: plain content, link previews suppressed, never pinging. */
function contentOnly(text: string, ephemeral: boolean): DiscordMessage {
  return {
    content: cut(text, DISCORD_LIMITS.content),
    flags: MessageFlag.SuppressEmbeds | (ephemeral ? MessageFlag.Ephemeral : 0),
    allowed_mentions: NO_MENTIONS(),
  };
}

function noteText(answer: Answer): string {
  const lines = [`⚠️ ${escapeMarkdown(answer.title)}`];
  if (answer.summary) lines.push(escapeMarkdown(answer.summary));
  for (const item of answer.items) lines.push(escapeMarkdown(item.text));
  return lines.join('\n');
}

// ---- text helpers -------------------------------------------------------------------------------

const URL_PATTERN = /https?:\/\/[^\s<>]+/g;

/**
 * Backslash-escapes markdown in text from the base or the user, so a `*` or `_` in a claim
 * stays a character and a `[x](y)` cannot become a link. Bare URLs are left alone (Discord
 * links them; escaping would break them). Discord renders `\x` as `x` for punctuation.
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
  return text.replace(/[\\*_~`|[\]<>]/g, '\\$&').replace(/^([#>-])/gm, '\\$1').replace(/@(everyone|here)/g, '@\u200b$1');
}

function escapeLinkText(text: string): string {
  return escapePlain(text);
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

/** Cuts to `max` UTF-16 units with "…", never inside a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
