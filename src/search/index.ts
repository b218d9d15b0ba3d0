// The index over one KnowledgeBase: a MiniSearch full-text index for free questions, and
// lookup maps built once for everything keyed (a segment, a vendor, a source), so `/share`
// or `/vendor` never depend on full-text ranking.
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { AnswerKind, Entity, EntityKind, Fact, Figure, Source } from '../knowledge/schema.ts';
import type { CompletionKind } from '../command.ts';
import { firstOf } from './first-of.ts';
import { forEachDocument, type Match, matchingAtLeast, scoreAmong } from './among.ts';
import { runAtOnce, runInSlices, sortedInSteps, type Steps } from '../runtime/slices.ts';
import { NameIndex } from './names.ts';
import { searchParts, type SearchPart } from './saved-search.ts';
import { STOP_WORDS, foldText, nameKey } from './normalize.ts';
import { canonicalTerm } from './synonyms.ts';

export interface SearchHit {
  kind: 'fact' | 'entity';
  id: string;
  score: number;
}

export interface Choice {
  /** What the user sees, e.g. `Chinese open-weight models`. */
  name: string;
  /** What the command receives, e.g. `chinese-open`. */
  value: string;
}

export interface SegmentFigure {
  fact: Fact;
  figure: Figure;
}

interface IndexedDocument {
  id: string;
  kind: 'fact' | 'entity';
  names: string;
  text: string;
  figures: string;
  quote: string;
  sourceTitles: string;
  /** What others claim against the fact, searched on its own to spot a question that repeats a disputed claim. */
  disputes: string;
}

interface NamedTarget {
  id: string;
  label: string;
  /** Entity kind, or `source` / `command`. */
  kind: EntityKind | 'source' | 'command';
  /** nameKey of the id, the name and every alias; the first ones rank above aliases. */
  primaryKeys: string[];
  aliasKeys: string[];
  /** How much there is to say about it: ranks empty-input suggestions. */
  weight: number;
  /** The label's place in collation order among all targets (equal labels share it), set once all are listed. */
  labelOrder: number;
}

const COMPLETION_KINDS: Record<CompletionKind, readonly NamedTarget['kind'][]> = {
  segment: ['segment'],
  vendor: ['vendor'],
  model: ['model', 'family'],
  source: ['source', 'report'],
  entity: ['vendor', 'family', 'model', 'segment', 'topic', 'person', 'policy', 'report'],
  'timeline-entity': ['vendor', 'family', 'model', 'topic', 'person', 'policy', 'report', 'segment'],
  command: ['command'],
  comparable: ['model', 'family', 'vendor'],
  publisher: ['vendor', 'family', 'segment'],
};

const MAX_NGRAM = 5;
/** Derived lists kept per base (see derived). */
const MEMO_LIMIT = 10_000;
/** Word-matched candidates kept for a broad question (see factsMatching). */
const MAX_WORD_MATCHES = 400;
/** Kinds that a misspelt word in a question can name: not sources, commands or topics. */
const MISSPELLABLE = new Set<NamedTarget['kind']>(['vendor', 'family', 'model', 'segment', 'person', 'policy', 'report']);
// localeCompare with no arguments uses the default collator; building it once is the same order, faster.
const COLLATOR = new Intl.Collator();

/** Facts, entities or documents handled between two yields while an index is built. */
const ITEMS_PER_STEP = 200;

export class KnowledgeIndex {
  // Set by build(): the constructor only makes an empty index for it to fill.
  private search!: MiniSearch<IndexedDocument>;
  private names!: NameIndex<NamedTarget>;
  private readonly byKey = new Map<string, NamedTarget[]>();
  private readonly targets: NamedTarget[] = [];
  private readonly factsByEntity = new Map<string, Fact[]>();
  private readonly factsBySource = new Map<string, Fact[]>();
  private readonly figuresBySegment = new Map<string, SegmentFigure[]>();
  private readonly modelsByVendor = new Map<string, Entity[]>();
  private readonly membersByFamily = new Map<string, Entity[]>();
  /** Every entity name and alias folded with its spaces kept ("hugging face", "deepseek r1"). */
  private readonly phrases = new Set<string>();
  /** Per completion kind, its targets with the most facts first: suggestions for an empty input. */
  private readonly byWeight = new Map<CompletionKind, NamedTarget[]>();
  /** The facts that answer each kind of question, in the base's order (see factsAnswering). */
  private readonly factsByAnswer = new Map<AnswerKind, Fact[]>();
  /** Per kind of answer, the facts that give it, newest first. */
  private readonly newestByAnswer = new Map<AnswerKind, Fact[]>();
  private readonly memo = new Map<string, unknown>();
  /** Facts and their dates by short id in the full-text index, made when first needed (see factsMatching). */
  private byShortId?: { facts: Fact[]; dates: number[] };

  /**
   * The index of a base, built at once: for a start, when nothing is served yet. `saved`: its
   * full-text index as savedSearch() gave it (put together by SearchAssembler), much quicker
   * to load than to build.
   */
  static of(kb: KnowledgeBase, commandNames: readonly string[] = [], saved?: AsPlainObject): KnowledgeIndex {
    const index = new KnowledgeIndex(kb);
    runAtOnce(index.build(commandNames, saved ? MiniSearch.loadJS<IndexedDocument>(saved, SEARCH_OPTIONS) : undefined));
    return index;
  }

  /** The same index built a few milliseconds at a time: for a reload, while the live base answers. */
  static async inSlices(kb: KnowledgeBase, commandNames: readonly string[] = [], saved?: AsPlainObject): Promise<KnowledgeIndex> {
    const index = new KnowledgeIndex(kb);
    await runInSlices(index.build(commandNames, saved ? await MiniSearch.loadJSAsync<IndexedDocument>(saved, SEARCH_OPTIONS) : undefined));
    return index;
  }

  private constructor(private readonly kb: KnowledgeBase) {}

  /** Builds the lookup maps, the name index and (unless `search` is given) the full-text index. */
  private *build(commandNames: readonly string[], search?: MiniSearch<IndexedDocument>): Steps<void> {
    let count = 0;
    const stepDone = () => ++count % ITEMS_PER_STEP === 0;
    for (const fact of this.kb.facts.values()) {
      for (const entityId of new Set([...fact.about, ...fact.figures.flatMap((figure) => figure.segment ?? [])])) {
        push(this.factsByEntity, entityId, fact);
      }
      for (const sourceId of new Set([...fact.sources, ...fact.disputes.flatMap((dispute) => dispute.source ?? [])])) {
        push(this.factsBySource, sourceId, fact);
      }
      for (const figure of fact.figures) if (figure.segment) push(this.figuresBySegment, figure.segment, { fact, figure });
      for (const kind of fact.answers) push(this.factsByAnswer, kind, fact);
      if (stepDone()) yield;
    }
    for (const entity of this.kb.entities.values()) {
      if (entity.kind === 'model' && entity.vendor) push(this.modelsByVendor, entity.vendor, entity);
      if (entity.kind === 'model' && entity.family) push(this.membersByFamily, entity.family, entity);
      for (const name of [entity.name, entity.name_fr ?? '', entity.id.replace(/-/g, ' '), ...entity.aliases.en, ...entity.aliases.fr]) this.phrases.add(foldText(name));
      this.addTarget({
        id: entity.id,
        label: entity.name,
        kind: entity.kind,
        primaryKeys: [entity.id, entity.name, ...(entity.name_fr ? [entity.name_fr] : [])].map(nameKey),
        aliasKeys: [...entity.aliases.en, ...entity.aliases.fr].map(nameKey),
        weight: this.factsByEntity.get(entity.id)?.length ?? 0,
        labelOrder: 0,
      });
      if (stepDone()) yield;
    }
    for (const source of this.kb.sources.values()) {
      this.addTarget({
        id: source.id,
        label: source.title,
        kind: 'source',
        primaryKeys: [source.id, source.title].map(nameKey),
        aliasKeys: [nameKey(source.publisher)],
        weight: this.factsBySource.get(source.id)?.length ?? 0,
        labelOrder: 0,
      });
      if (stepDone()) yield;
    }
    for (const name of commandNames) {
      this.addTarget({ id: name, label: name, kind: 'command', primaryKeys: [nameKey(name)], aliasKeys: [], weight: 1, labelOrder: 0 });
    }

    this.names = yield* NameIndex.steps(
      this.targets.flatMap((target) => [...target.primaryKeys.map((key) => ({ key, target, primary: true })), ...target.aliasKeys.map((key) => ({ key, target, primary: false }))]),
    );
    // Labels numbered in collation order, so that ranking names that tie on weight compares
    // two numbers, not two labels. Done here rather than at the first autocomplete after a
    // load, which it held for 110 to 130 ms at 100,000 names (8 ms at 10,000).
    const byLabel = yield* sortedInSteps(this.targets, (a, b) => COLLATOR.compare(a.label, b.label));
    for (let index = 1; index < byLabel.length; index++) {
      const [previous, target] = [byLabel[index - 1]!, byLabel[index]!];
      target.labelOrder = COLLATOR.compare(previous.label, target.label) === 0 ? previous.labelOrder : index;
      if (stepDone()) yield;
    }

    if (search) {
      this.search = search;
      return;
    }
    this.search = new MiniSearch<IndexedDocument>(SEARCH_OPTIONS);
    for (const document of documentsOf(this.kb)) {
      this.search.add(document);
      if (stepDone()) yield;
    }
  }

  /**
   * The full-text index as plain data, in parts, to be given back to of() or inSlices() (see
   * src/knowledge/cache.ts). Read a part at a time while answers go on: safe because a built
   * index never changes (MiniSearch edits its index during a search only to drop documents
   * discarded, and this never discards any).
   */
  savedSearch(): Generator<SearchPart> {
    return searchParts(this.search);
  }

  // ---- keyed lookups -------------------------------------------------------------------

  /** The entity a name, id or alias refers to, limited to the given kinds. */
  resolveEntity(name: string, kinds?: readonly EntityKind[]): Entity | undefined {
    const target = this.lookup(name, kinds);
    return target ? this.kb.entities.get(target.id) : undefined;
  }

  /** A source by id, title or publisher; a report entity's name reaches the sources about it. */
  resolveSource(name: string): Source | undefined {
    const target = this.lookup(name, ['source']);
    return target ? this.kb.sources.get(target.id) : undefined;
  }

  factsAbout(entityId: string): readonly Fact[] {
    return this.factsByEntity.get(entityId) ?? [];
  }

  factsCiting(sourceId: string): readonly Fact[] {
    return this.factsBySource.get(sourceId) ?? [];
  }

  figuresFor(segmentId: string): readonly SegmentFigure[] {
    return this.figuresBySegment.get(segmentId) ?? [];
  }

  modelsOf(vendorId: string): readonly Entity[] {
    return this.modelsByVendor.get(vendorId) ?? [];
  }

  /** The models a family or vendor groups ("qwen" → Qwen2.5, Qwen3…); none for other kinds. */
  membersOf(entity: Entity): readonly Entity[] {
    if (entity.kind === 'family') return this.membersByFamily.get(entity.id) ?? [];
    if (entity.kind === 'model' && isStem(entity)) return (this.modelsByVendor.get(entity.vendor ?? '') ?? []).filter((model) => model.id !== entity.id && model.id.startsWith(entity.id));
    if (entity.kind === 'vendor') return this.modelsByVendor.get(entity.id) ?? [];
    return [];
  }

  /**
   * A list a command derives from the base the same way every time (a vendor's timeline of
   * thousands of facts, sorted): computed once per base and key. Bounded, since keys can
   * come from what users type (a period, a filter).
   */
  derived<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, value);
    return value;
  }

  /**
   * The facts that answer a kind of question ("release": what came out), in the base's order:
   * listed while the index is built, so that a command about them reads these and not every
   * fact (at 100,000 facts, /releases 2025 spent 40 ms reading the whole base).
   */
  factsAnswering(kind: AnswerKind): readonly Fact[] {
    return this.factsByAnswer.get(kind) ?? [];
  }

  /** The facts that answer a kind of question, newest first: "what came out in 2026" lists these. */
  newestAnswering(kind: AnswerKind): readonly Fact[] {
    let facts = this.newestByAnswer.get(kind);
    if (!facts) {
      facts = [...this.factsAnswering(kind)].sort((a, b) => b.date.localeCompare(a.date));
      this.newestByAnswer.set(kind, facts);
    }
    return facts;
  }

  /** Whether some entity is named by these words with these spaces ("open ai" is not "OpenAI"). */
  isPhrase(folded: string): boolean {
    return this.phrases.has(folded);
  }

  /**
   * The one entity a misspelt word most likely names ("Mistal", "quen3", "Zuckerburg"): one
   * edit away (two for long words), and only if no other entity is as close.
   */
  misspeltEntity(word: string): Entity | undefined {
    if (word.length < 5) return undefined;
    const tolerance = word.length >= 9 ? 2 : 1;
    let best: NamedTarget | undefined;
    let bestDistance = Infinity;
    let tie = false;
    for (const { entry, whole } of this.names.fuzzy(word, tolerance)) {
      if (!MISSPELLABLE.has(entry.target.kind)) continue;
      if (whole < bestDistance) [best, bestDistance, tie] = [entry.target, whole, false];
      else if (whole === bestDistance && best && best.id !== entry.target.id) tie = true;
    }
    return best && !tie ? this.kb.entities.get(best.id) : undefined;
  }

  /** Entities whose id, name or alias folds to `key` (see nameKey). */
  entitiesNamed(key: string): readonly Entity[] {
    return (this.byKey.get(key) ?? []).flatMap((target) => (target.kind === 'source' || target.kind === 'command' ? [] : (this.kb.entities.get(target.id) ?? [])));
  }

  /**
   * A family or vendor named `key`, that a version can follow ("gemma" in "gemma 9"); also a
   * model whose name has no version in it, which stands for its family.
   */
  stemNamed(key: string): Entity | undefined {
    return this.entitiesNamed(key).find((entity) => isStem(entity));
  }

  /**
   * Full-text relevance of facts to some words, optionally among given facts only: what
   * breaks ties between facts that answer the same kind of question about the same subject.
   */
  factScores(words: readonly string[], among?: ReadonlySet<string>): Map<string, number> {
    const scores = new Map<string, number>();
    if (words.length === 0) return scores;
    if (among) {
      for (const [documentId, { score }] of scoreAmong(this.search, words.join(' '), factDocumentIds(among))) scores.set(splitDocumentId(documentId)[1], score);
      return scores;
    }
    for (const result of this.search.search(words.join(' '), { boostDocument: factsOnly })) scores.set(splitDocumentId(String(result.id))[1], result.score);
    return scores;
  }

  /**
   * Facts whose disputed claims the words repeat ("Chinese models are 13% of all AI usage"):
   * whoever asks that should see the fact and who disputes what.
   */
  disputedClaims(words: readonly string[], among: ReadonlySet<string>): Set<string> {
    const terms = new Set(words.map(processTerm).filter(Boolean)).size;
    if (terms < 2) return new Set();
    const results = scoreAmong(this.search, words.join(' '), factDocumentIds(among), { fields: ['disputes'], prefix: false, fuzzy: false });
    return new Set([...results].filter(([, result]) => result.matched >= Math.ceil((terms * 2) / 3)).map(([documentId]) => splitDocumentId(documentId)[1]));
  }

  /**
   * Facts matching at least `share` of the words: candidates for a broad question. On a large
   * base common words match thousands; then only the `limit` that match the most words (the
   * newest first among equals) are kept, so that the work per question stays bounded.
   */
  factsMatching(words: readonly string[], share: number, limit = MAX_WORD_MATCHES): string[] {
    if (words.length === 0) return [];
    const needed = Math.max(1, Math.ceil(new Set(words.map(processTerm).filter(Boolean)).size * share));
    const matches = matchingAtLeast(this.search, words.join(' '), needed, isFactDocument);
    if (matches.length <= limit) return matches.map((match) => splitDocumentId(match.documentId)[1]);
    // Tens of thousands on a large base: looked up by short id, not by a string made per match.
    const { facts, dates } = this.factsByShortId();
    const rank = (match: Match) => match.matched * 1e8 + dates[match.shortId]!;
    return firstOf(matches, limit, (a, b) => rank(b) - rank(a)).map((match) => facts[match.shortId]!.id);
  }

  /**
   * Each fact, and its date as a number in the same order (see dateOrder), by its document's
   * short id. Made the first time a question matches more facts than it keeps (never on a
   * base of a few thousand facts), rather than with the index: a start would pay for it.
   */
  private factsByShortId(): { facts: Fact[]; dates: number[] } {
    if (!this.byShortId) {
      const facts: Fact[] = [];
      const dates: number[] = [];
      for (const [shortId, documentId] of forEachDocument(this.search)) {
        const [kind, id] = splitDocumentId(documentId);
        const fact = kind === 'fact' ? this.kb.facts.get(id) : undefined;
        if (!fact) continue;
        facts[shortId] = fact;
        dates[shortId] = dateOrder(fact.date);
      }
      this.byShortId = { facts, dates };
    }
    return this.byShortId;
  }

  /** Facts matching at least `share` of the words, best first, for questions that name nothing. */
  searchFacts(words: readonly string[], share: number): { id: string; score: number }[] {
    const ids = this.factsMatching(words, share);
    if (ids.length === 0) return [];
    const scores = scoreAmong(this.search, words.join(' '), factDocumentIds(ids));
    // Sorted as MiniSearch sorts its results: by score, stable on the order it met them in.
    return ids.map((id) => ({ id, score: scores.get(`fact:${id}`)!.score })).sort((a, b) => b.score - a.score);
  }

  /** Entities named in a free-text question ("Facebook", "modèles chinois"), longest match first. */
  entitiesMentioned(text: string): Entity[] {
    const words = foldText(text).split(' ').filter(Boolean);
    const found = new Map<string, Entity>();
    const used = new Array<boolean>(words.length).fill(false);
    for (let size = Math.min(MAX_NGRAM, words.length); size >= 1; size--) {
      for (let start = 0; start + size <= words.length; start++) {
        if (used.slice(start, start + size).some(Boolean)) continue;
        const gram = words.slice(start, start + size);
        if (size === 1 && (STOP_WORDS.has(gram[0]!) || gram[0]!.length < 2)) continue;
        const targets = this.byKey.get(nameKey(gram.join(' ')))?.filter((target) => target.kind !== 'source' && target.kind !== 'command');
        if (!targets?.length) continue;
        for (const target of targets) found.set(target.id, this.kb.entities.get(target.id)!);
        used.fill(true, start, start + size);
      }
    }
    return [...found.values()];
  }

  // ---- names: autocomplete and did-you-mean ----------------------------------------------

  /**
   * Up to `limit` choices for a partly typed name: exact name, alias, prefix, then fuzzy.
   * On an empty input, the entries with the most facts.
   */
  complete(kind: CompletionKind, partial: string, limit = 25): Choice[] {
    const allowed = COMPLETION_KINDS[kind];
    const key = nameKey(partial);
    if (key === '') return this.heaviest(kind).slice(0, limit).map(choiceOf);
    // Up to three letters match thousands of names at 100,000 (ranked to keep 25, a few ms);
    // people type the same ones.
    if (key.length <= 3) return [...this.derived(`complete:${kind}:${limit}:${key}`, () => this.rankChoices(allowed, key, limit))];
    return this.rankChoices(allowed, key, limit);
  }

  private rankChoices(allowed: readonly NamedTarget['kind'][], key: string, limit: number): Choice[] {
    // Ranks, best first: exact name (0), exact alias (1), name prefix (2), alias prefix (3),
    // inside a name or alias (4), then by edit distance (5 + distance). Each rank is looked
    // up only while the list is not full of better ones.
    const best = new TopChoices(limit);
    const offer = (target: NamedTarget, rank: number) => {
      if (allowed.includes(target.kind)) best.offer(target, rank);
    };
    for (const target of this.byKey.get(key) ?? []) offer(target, target.primaryKeys.includes(key) ? 0 : 1);
    const prefixed = [...this.names.withPrefix(key)];
    for (const entry of prefixed) if (entry.primary) offer(entry.target, 2);
    for (const entry of prefixed) if (!entry.primary) offer(entry.target, 3);
    if (key.length < 3 || best.fullBelow(4)) return best.choices();
    for (const entry of this.names.containing(key)) offer(entry.target, 4);
    if (best.fullBelow(5)) return best.choices();
    const tolerance = key.length <= 5 ? 1 : key.length <= 9 ? 2 : 3;
    const close = this.names.fuzzy(key, tolerance, true).map((match) => ({ target: match.entry.target, distance: Math.min(match.whole, match.start) }));
    for (const { target, distance } of close.sort((a, b) => a.distance - b.distance)) offer(target, 5 + distance);
    return best.choices();
  }

  /** Close names for an unknown one: the "did you mean" list (up to 5). */
  suggest(kind: CompletionKind, unknown: string, limit = 5): Choice[] {
    if (!nameKey(unknown)) return this.complete(kind, '', limit);
    const choices = this.complete(kind, unknown, limit);
    if (choices.length > 0) return choices;
    // Nothing close by spelling: fall back to entities the words of the input are about,
    // best first as MiniSearch ranks them, scoring the entities that match and no fact.
    const allowed = COMPLETION_KINDS[kind];
    const matches = matchingAtLeast(this.search, unknown, 1, (documentId) => documentId.startsWith('entity:'));
    const scores = scoreAmong(
      this.search,
      unknown,
      matches.map((match) => match.documentId),
    );
    return matches
      .map((match) => ({ documentId: match.documentId, score: scores.get(match.documentId)!.score }))
      .sort((a, b) => b.score - a.score)
      .map((result) => this.kb.entities.get(splitDocumentId(result.documentId)[1]))
      .filter((entity): entity is Entity => entity !== undefined && allowed.includes(entity.kind))
      .slice(0, limit)
      .map((entity) => ({ name: entity.name, value: entity.id }));
  }

  // ---- internals ---------------------------------------------------------------------------

  private lookup(name: string, kinds?: readonly NamedTarget['kind'][]): NamedTarget | undefined {
    const targets = this.byKey.get(nameKey(name)) ?? [];
    return targets.find((target) => !kinds || kinds.includes(target.kind));
  }

  /** The targets of a completion kind, most facts first, computed once per kind. */
  private heaviest(kind: CompletionKind): NamedTarget[] {
    let sorted = this.byWeight.get(kind);
    if (!sorted) {
      const allowed = COMPLETION_KINDS[kind];
      sorted = this.targets.filter((target) => allowed.includes(target.kind)).sort(byWeightThenLabel);
      this.byWeight.set(kind, sorted);
    }
    return sorted;
  }

  private addTarget(target: NamedTarget): void {
    this.targets.push(target);
    for (const key of new Set([...target.primaryKeys, ...target.aliasKeys])) {
      if (key) push(this.byKey, key, target);
    }
  }
}

/** What the full-text index holds: one document per fact and per entity, made as they are indexed. */
function* documentsOf(kb: KnowledgeBase): Generator<IndexedDocument> {
  for (const fact of kb.facts.values()) {
    const entities = [...fact.about, ...fact.figures.flatMap((figure) => figure.segment ?? [])].map((id) => kb.entities.get(id)).filter((entity): entity is Entity => entity !== undefined);
    yield {
      id: `fact:${fact.id}`,
      kind: 'fact',
      names: entities.map(entityNames).join(' '),
      text: [fact.claim, fact.claim_fr ?? ''].join(' '),
      disputes: fact.disputes.flatMap((dispute) => [dispute.claim, dispute.claim_fr ?? '']).join(' '),
      figures: fact.figures.map((figure) => `${figure.metric} ${figure.scope} ${figure.unit} ${figure.period ?? ''}`).join(' '),
      quote: fact.quote ?? '',
      sourceTitles: fact.sources.map((id) => kb.sources.get(id)?.title ?? '').join(' '),
    };
  }
  for (const entity of kb.entities.values()) {
    yield {
      id: `entity:${entity.id}`,
      kind: 'entity',
      names: entityNames(entity),
      text: [entity.description, entity.description_fr ?? ''].join(' '),
      figures: '',
      quote: '',
      sourceTitles: '',
      disputes: '',
    };
  }
}

const SEARCH_OPTIONS: Options<IndexedDocument> = {
  fields: ['names', 'text', 'figures', 'quote', 'sourceTitles', 'disputes'],
  storeFields: ['kind'],
  processTerm: processTerm,
  searchOptions: {
    boost: { names: 3, text: 2, figures: 1.5, quote: 1, sourceTitles: 0.8, disputes: 1 },
    prefix: (term) => term.length >= 4,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    combineWith: 'OR',
    processTerm: processTerm,
  },
};

// The same few thousand words recur across facts and reloads; folding each once keeps an
// index build from spending most of its time in Unicode normalisation. Bounded, since
// queries bring words of their own.
const TERM_CACHE_LIMIT = 50_000;
const termCache = new Map<string, string | null>();

function processTerm(term: string): string | null {
  const cached = termCache.get(term);
  if (cached !== undefined) return cached;
  const folded = foldText(term);
  const processed = !folded || STOP_WORDS.has(folded) ? null : canonicalTerm(folded);
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(term, processed);
  return processed;
}

function entityNames(entity: Entity): string {
  return [entity.name, entity.name_fr ?? '', entity.id.replace(/-/g, ' '), ...entity.aliases.en, ...entity.aliases.fr].join(' ');
}

/**
 * The `limit` best (rank, then most facts, then name) of the targets offered, each at the best
 * rank it was offered with. Offers come in rank order, so a target already kept is never worse.
 */
class TopChoices {
  private readonly kept: { target: NamedTarget; rank: number }[] = [];
  /** Every target offered that was not turned away at once; a later offer of it is no better. */
  private readonly seen = new Set<NamedTarget>();

  constructor(private readonly limit: number) {}

  offer(target: NamedTarget, rank: number): void {
    if (this.limit <= 0) return;
    const candidate = { target, rank };
    // A short prefix offers thousands: most lose to the last one kept, and so would any
    // later offer of them, ranked no better.
    if (this.kept.length === this.limit && compareChoices(candidate, this.kept[this.limit - 1]!) >= 0) return;
    if (this.seen.has(target)) return;
    this.seen.add(target);
    let index = this.kept.length;
    while (index > 0 && compareChoices(candidate, this.kept[index - 1]!) < 0) index--;
    this.kept.splice(index, 0, candidate);
    if (this.kept.length > this.limit) this.kept.pop();
  }

  /** Whether the list is full of choices ranked better than `rank`. */
  fullBelow(rank: number): boolean {
    return this.kept.length === this.limit && this.kept[this.limit - 1]!.rank < rank;
  }

  choices(): Choice[] {
    return this.kept.map(({ target }) => choiceOf(target));
  }
}

function compareChoices(a: { target: NamedTarget; rank: number }, b: { target: NamedTarget; rank: number }): number {
  return a.rank - b.rank || byWeightThenLabel(a.target, b.target);
}

function byWeightThenLabel(a: NamedTarget, b: NamedTarget): number {
  return b.weight - a.weight || a.labelOrder - b.labelOrder;
}

function choiceOf(target: NamedTarget): Choice {
  return { name: choiceName(target), value: target.id };
}

function choiceName(target: NamedTarget): string {
  const name = target.kind === 'source' || target.kind === 'command' || target.label === target.id ? target.label : `${target.label} (${target.id})`;
  return name.length > 100 ? `${name.slice(0, 99)}…` : name;
}

function isFactDocument(documentId: string): boolean {
  return documentId.startsWith('fact:');
}

/** 2024 < 2024-01 < 2024-01-01 < 2024-02, as in code-unit order, but a number: 20240000, 20240100, 20240101, 20240200. */
function dateOrder(date: string): number {
  return Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7) || 0) * 100 + Number(date.slice(8, 10) || 0);
}

/** boostDocument that scores facts only: MiniSearch skips a document boosted by 0 before scoring it. */
function factsOnly(documentId: string): number {
  return isFactDocument(documentId) ? 1 : 0;
}

function factDocumentIds(factIds: Iterable<string>): string[] {
  return Array.from(factIds, (id) => `fact:${id}`);
}

function splitDocumentId(documentId: string): ['fact' | 'entity', string] {
  const separator = documentId.indexOf(':');
  return [documentId.slice(0, separator) as 'fact' | 'entity', documentId.slice(separator + 1)];
}

export function isStem(entity: Entity): boolean {
  return entity.kind === 'family' || entity.kind === 'vendor' || (entity.kind === 'model' && !/\d/.test(entity.name));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
