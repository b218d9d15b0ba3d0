// What a question asks, before anything is searched: the entities it names (each version its
// own model: "Qwen3.5" is not "Qwen3"), the versions it names that the base does not know,
// the kind of answer it wants (knowledge/intents.yaml), and whether it wants the newest
// first, a comparison, or is out of scope. Pure and cheap: one pass over the folded words.
import type { Entity, Intent, IntentId } from '../knowledge/schema.ts';
import { ANSWER_KINDS, type AnswerKind } from '../knowledge/schema.ts';
import { STOP_WORDS, foldText } from './normalize.ts';
import { isStem } from './index.ts';

/** A span of the question's folded words that names an entity. */
export interface Mention {
  entity: Entity;
  start: number;
  end: number;
}

/** A version the question names for a family or vendor the base knows, but that it lacks. */
export interface MissingVersion {
  /** The family or vendor named before the version ("DeepSeek" in "deepseek v7"). */
  of: Entity;
  /** What was asked, as typed ("deepseek v7"). */
  asked: string;
}

export interface Understanding {
  /** Every word, folded ("Qwen3.5 licence ?" → ["qwen3.5", "licence"]). */
  words: string[];
  /** Named entities that are the subject: models, families, vendors, people, reports, policies. */
  subjects: Entity[];
  /** Segments and topics named ("chinese models", "downloads"): subjects only when nothing more precise is named. */
  themes: Entity[];
  missing: MissingVersion[];
  /** Kinds of answer asked for, the one listed first in intents.yaml first. */
  asks: AnswerKind[];
  latest: boolean;
  compare: boolean;
  offTopic: boolean;
  /** Years or months named ("2025", "2026-04"), or implied ("this year"). */
  periods: string[];
  /** A yes/no question ("is…", "can I…", "est-ce…"), answered with Yes, Partly or No. */
  yesNo: boolean;
  /** Words that are neither stop words, nor names, nor intent phrases: what full-text search uses. */
  rest: string[];
}

/** The part of the index that resolves names; see KnowledgeIndex. */
export interface NameResolver {
  /** Entities whose name, id or alias folds to `key` (spaces, dots and dashes removed). */
  entitiesNamed(key: string): readonly Entity[];
  /** A family or vendor whose name folds to `key`, for "<family> <unknown version>". */
  stemNamed(key: string): Entity | undefined;
  /** Whether a name or alias reads exactly so, spaces included. */
  isPhrase(folded: string): boolean;
  /** The entity a misspelt word names, if one alone is that close. */
  misspeltEntity(word: string): Entity | undefined;
}

const MAX_NGRAM = 6;
const SUBJECT_KINDS = new Set(['model', 'family', 'vendor', 'person', 'report', 'policy']);
/** Words that say nothing about which fact answers: every fact here is about open AI models. */
// biome-ignore format: word lists read best packed, several to a line
export const GENERIC_WORDS = new Set([
  'open', 'source', 'model', 'models', 'modele', 'modeles', 'ai', 'ia', 'llm', 'llms', 'weights', 'weight', 'poids',
  'ouvert', 'ouverts', 'ouverte', 'ouvertes', 'really', 'vraiment', 'now', 'maintenant', 'currently', 'actuellement',
]);
const VERSION = /^(?:v|k|m|r)?\d+(?:\.\d+)*(?:[a-z]{1,2})?$/;
const YEAR = /^(?:19|20)\d{2}$/;
/** A month-and-day snapshot suffix: R1-0528, K2-0905. */
const SNAPSHOT = /^(?:0[1-9]|1[0-2])[0-3]\d$/;
const YES_NO_EN = /^(?:is|are|was|were|can|could|does|do|did|has|have|will|should)\b/;
const YES_NO_FR = /^(?:est ce|peut on|puis je|a t il|ont ils)\b|\b(?:est il|est elle|sont ils|sont elles|a t il)\b/;
/** A follow-up's opening ("and its licence?", "et sa taille ?"): a question cut short, not a yes/no one. */
const ELLIPTIC = /^(?:and|et|also|aussi|then|puis)\b/;
/** A question word: "what licence…?" is not answered with yes or no, "deepseek r1 est open source ?" is. */
const QUESTION_WORD = /\b(?:what|when|which|who|whom|whose|how|why|where|quel|quelle|quels|quelles|quand|qui|comment|pourquoi|combien|ou|que|quoi|lequel|laquelle)\b/;

export interface UnderstandOptions {
  /**
   * What the conversation is about (a thread's earlier answer): the subjects of a question
   * that names none ("and its licence?"). A question naming a subject, a segment or a version
   * of its own is about that instead.
   */
  subjects?: readonly Entity[];
}

export function understand(question: string, resolver: NameResolver, intents: readonly Intent[], now: Date, options: UnderstandOptions = {}): Understanding {
  const words = foldText(question).split(' ').filter(Boolean);
  const mentions = findMentions(words, resolver);
  addMisspelt(words, mentions, intents, resolver);
  const named = new Set<number>();
  for (const mention of mentions) {
    // Names of things are not intent words ("base" in DeepSeek-V3-Base); generic names of
    // segments and topics ("open source", "downloads") are both.
    if (SUBJECT_KINDS.has(mention.entity.kind)) for (let i = mention.start; i < mention.end; i++) named.add(i);
  }
  const { matched, used } = matchIntents(words, named, intents);
  const asks = ANSWER_KINDS.filter((kind) => matched.has(kind)).sort((a, b) => order(intents, a) - order(intents, b));
  const mentioned = unique(mentions.filter((mention) => SUBJECT_KINDS.has(mention.entity.kind)).map((mention) => mention.entity));
  const themes = unique(mentions.filter((mention) => !SUBJECT_KINDS.has(mention.entity.kind)).map((mention) => mention.entity));
  const missing = findMissingVersions(words, mentions, resolver);
  // A topic ("its downloads") narrows the conversation's subject; a segment replaces it.
  const ownSubject = mentioned.length > 0 || missing.length > 0 || themes.some((theme) => theme.kind === 'segment');
  const subjects = ownSubject ? mentioned : [...(options.subjects ?? [])];
  const periods = findPeriods(words, now);
  const consumed = new Set([...named, ...used, ...mentions.flatMap((mention) => range(mention.start, mention.end))]);
  const rest = words.filter((word, index) => !consumed.has(index) && !STOP_WORDS.has(word) && !GENERIC_WORDS.has(word) && !YEAR.test(word));
  const folded = words.join(' ');
  return {
    words,
    subjects,
    themes,
    missing,
    asks,
    latest: matched.has('latest'),
    compare: matched.has('compare') && subjects.length + themes.length >= 2,
    offTopic: matched.has('off-topic'),
    periods,
    yesNo: YES_NO_EN.test(folded) || YES_NO_FR.test(folded) || (/\?\s*$/.test(question) && !QUESTION_WORD.test(folded) && !ELLIPTIC.test(folded)),
    rest,
  };
}

/** Longest names first, so "kimi k2 thinking" is one model and not "kimi k2" plus a word. */
function findMentions(words: string[], resolver: NameResolver): Mention[] {
  const mentions: Mention[] = [];
  const used = new Array<boolean>(words.length).fill(false);
  for (let size = Math.min(MAX_NGRAM, words.length); size >= 1; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      if (used.slice(start, start + size).some(Boolean)) continue;
      if (size === 1 && (STOP_WORDS.has(words[start]!) || words[start]!.length < 2)) continue;
      const gram = words.slice(start, start + size);
      // Several words make one name only as the name is written, or around a version
      // number ("qwen 3.5" for Qwen3.5); "open ai" is not OpenAI.
      if (size > 1 && !gram.some((word) => /\d/.test(word)) && !resolver.isPhrase(gram.join(' '))) continue;
      const entities = resolver.entitiesNamed(gram.join('').replace(/\./g, ''));
      if (entities.length === 0) continue;
      for (const entity of entities) mentions.push({ entity, start, end: start + size });
      used.fill(true, start, start + size);
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/**
 * Misspelt names no exact name matched: a long word ("Mistal", "Zuckerburg"), or a short one
 * with its version ("gema 3", "granit 3.3", "nemotorn nano 2"), that one entity's name is a
 * typo or two away from. Intent words are never names.
 */
function addMisspelt(words: string[], mentions: Mention[], intents: readonly Intent[], resolver: NameResolver): void {
  const covered = new Set(mentions.flatMap((mention) => range(mention.start, mention.end)));
  const { words: intentWords } = foldedIntents(intents);
  const free = (index: number) => !covered.has(index) && !STOP_WORDS.has(words[index]!) && !GENERIC_WORDS.has(words[index]!) && !intentWords.has(words[index]!);
  for (let size = 3; size >= 1; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      const span = range(start, start + size);
      if (!span.every(free)) continue;
      const gram = words.slice(start, start + size);
      if (size > 1 && !/\d/.test(gram.at(-1)!)) continue;
      const key = gram.join('').replace(/\./g, '');
      if (key.length < 5 || (size === 1 && /^\d/.test(key))) continue;
      const entity = resolver.misspeltEntity(key);
      if (!entity) continue;
      mentions.push({ entity, start, end: start + size });
      for (const index of span) covered.add(index);
    }
  }
  mentions.sort((a, b) => a.start - b.start);
}

/**
 * "deepseek v7", "gemma 9", "qwen9": a family or vendor followed by a version the base does
 * not name. Years are not versions ("deepseek 2025").
 */
function findMissingVersions(words: string[], mentions: Mention[], resolver: NameResolver): MissingVersion[] {
  const covered = new Set(mentions.flatMap((mention) => range(mention.start, mention.end)));
  const missing: MissingVersion[] = [];
  for (const mention of mentions) {
    const next = words[mention.end];
    if (next === undefined || covered.has(mention.end) || YEAR.test(next)) continue;
    // After a family: any version ("gemma 9"); after a model: a dated snapshot ("r1 0528").
    if ((isStem(mention.entity) && VERSION.test(next)) || (mention.entity.kind === 'model' && SNAPSHOT.test(next))) {
      missing.push({ of: mention.entity, asked: words.slice(mention.start, mention.end + 1).join(' ') });
    }
  }
  // A family glued to its version ("qwen9", "gemma9") is one word no name matched.
  words.forEach((word, index) => {
    if (covered.has(index)) return;
    const glued = /^([a-z]+)-?(\d[\w.]*)$/.exec(word);
    const stem = glued ? resolver.stemNamed(glued[1]!) : undefined;
    if (stem && VERSION.test(glued![2]!) && !YEAR.test(glued![2]!)) missing.push({ of: stem, asked: word });
  });
  return missing;
}

interface FoldedIntents {
  intents: { id: IntentId; phrases: string[][] }[];
  /** Every word of every phrase: such a word is never taken for a misspelt name. */
  words: Set<string>;
}

// The intents of a base are folded once, not for every question: a base is immutable, and a
// reload brings a new intents array (and drops the old one from this map).
const FOLDED = new WeakMap<readonly Intent[], FoldedIntents>();

function foldedIntents(intents: readonly Intent[]): FoldedIntents {
  let folded = FOLDED.get(intents);
  if (!folded) {
    const list = intents.map((intent) => ({
      id: intent.id,
      phrases: [...intent.en, ...intent.fr].map((phrase) => foldText(phrase).split(' ').filter(Boolean)).filter((tokens) => tokens.length > 0),
    }));
    folded = { intents: list, words: new Set(intents.flatMap((intent) => [...intent.en, ...intent.fr]).flatMap((phrase) => foldText(phrase).split(' '))) };
    FOLDED.set(intents, folded);
  }
  return folded;
}

function matchIntents(words: string[], named: Set<number>, intents: readonly Intent[]): { matched: Set<IntentId>; used: Set<number> } {
  const present = new Set(words);
  const matched = new Set<IntentId>();
  const used = new Set<number>();
  for (const { id, phrases } of foldedIntents(intents).intents) {
    for (const tokens of phrases) {
      // A phrase whose first word is not in the question cannot match anywhere in it.
      if (!present.has(tokens[0]!)) continue;
      for (let start = 0; start + tokens.length <= words.length; start++) {
        if (tokens.some((token, offset) => words[start + offset] !== token || named.has(start + offset))) continue;
        matched.add(id);
        for (let i = start; i < start + tokens.length; i++) used.add(i);
      }
    }
  }
  return { matched, used };
}

/** "2025", "2026-04", "in 2025"; "this year" and "this month" relative to now. */
function findPeriods(words: string[], now: Date): string[] {
  const periods = new Set<string>();
  const joined = words.join(' ');
  const year = String(now.getUTCFullYear());
  const month = `${year}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  for (const match of joined.matchAll(/\b((?:19|20)\d{2})(?: (0[1-9]|1[0-2]))?\b/g)) periods.add(match[2] ? `${match[1]}-${match[2]}` : match[1]!);
  if (/\b(this year|cette annee|en cours)\b/.test(joined)) periods.add(year);
  if (/\b(this month|ce mois ci|ce mois)\b/.test(joined)) periods.add(month);
  return [...periods];
}

function order(intents: readonly Intent[], id: IntentId): number {
  const index = intents.findIndex((intent) => intent.id === id);
  return index === -1 ? intents.length : index;
}

function unique(entities: Entity[]): Entity[] {
  return [...new Map(entities.map((entity) => [entity.id, entity])).values()];
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, offset) => start + offset);
}
