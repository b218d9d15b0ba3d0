// Which facts answer an understood question, best first, or why none does. A fact about the
// named entity that answers the kind of question asked comes first; a neighbour's fact is
// never passed off as the asked version's (a question about Qwen3.5 considers only facts
// about Qwen3.5, or about the family when the family itself was named).
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { AnswerKind, Entity, EntityKind, Fact } from '../knowledge/schema.ts';
import type { KnowledgeIndex } from './index.ts';
import { isStem } from './index.ts';
import { STOP_WORDS, foldText } from './normalize.ts';
import { GENERIC_WORDS, type MissingVersion, type Understanding } from './understand.ts';

export type Selection =
  /** `facts[0]` answers the question; the rest support it. */
  | { kind: 'answer'; ask?: AnswerKind; subject?: Entity; facts: Fact[] }
  /** The subject is known but no fact of it answers what was asked; `facts` is what it knows. */
  | { kind: 'partial'; ask: AnswerKind; subject: Entity; facts: Fact[] }
  /**
   * A version the base has no entity for ("deepseek v7"), the ones of that family or vendor
   * it has, and any facts that mention the asked version in passing ("Grok 3" in a promise).
   */
  | { kind: 'missing'; missing: MissingVersion; nearest: Entity[]; mentioning: Fact[] }
  /** Weather, sport, prices: outside what the bot is for. */
  | { kind: 'off-topic' }
  /** Nothing in the base answers. */
  | { kind: 'none'; ask?: AnswerKind };

/** Kinds of answer that only make sense about a named model, vendor or person. */
const NEEDS_SUBJECT: readonly AnswerKind[] = ['release', 'licence', 'size', 'context', 'training', 'company', 'position'];

/** What each kind of subject can be asked; the first asked kind that fits the subject wins. */
const FITS: Record<EntityKind, readonly AnswerKind[] | 'all'> = {
  model: ['release', 'licence', 'size', 'context', 'training', 'usage', 'benchmark', 'definition', 'event'],
  family: ['release', 'licence', 'size', 'context', 'training', 'usage', 'benchmark', 'definition', 'event'],
  vendor: 'all',
  person: ['position', 'event', 'company', 'report'],
  policy: ['policy', 'definition', 'event', 'position'],
  report: ['report', 'usage', 'benchmark', 'definition', 'event'],
  segment: ['usage', 'benchmark', 'report', 'position', 'policy', 'definition', 'licence'],
  topic: 'all',
};

/** "What is X": what defines X depends on what X is. */
const DEFINITION_OF: Record<EntityKind, readonly AnswerKind[]> = {
  model: ['definition', 'release'],
  family: ['definition', 'release'],
  vendor: ['company', 'definition'],
  person: ['event', 'company', 'position'],
  policy: ['definition', 'policy'],
  report: ['report', 'definition'],
  segment: ['definition', 'usage'],
  topic: ['definition'],
};

const SUPPORTING = 4;
/** Releases a "what came out" answer lists. */
const LISTED = 10;

export function selectFacts(understanding: Understanding, index: KnowledgeIndex, kb: KnowledgeBase): Selection {
  const { subjects: named, missing, offTopic } = understanding;
  // "price of nvidia stock today" names a vendor the base knows, but asks nothing it answers.
  if (offTopic && (named.length === 0 || understanding.asks.length === 0)) return { kind: 'off-topic' };
  // "latest deepseek model" asks for a release without saying "released".
  const asks = understanding.asks.length === 0 && understanding.latest ? (['release'] as AnswerKind[]) : understanding.asks;
  // Shares and rankings are about segments ("Chinese models… before R1"): then a segment named
  // beside a model is a subject too, not a mere theme.
  const segmentsMatter = asks[0] === 'usage' || asks[0] === 'benchmark';
  const themes = understanding.themes.filter((theme) => !(segmentsMatter && theme.kind === 'segment' && named.length > 0));
  const promoted = understanding.themes.filter((theme) => !themes.includes(theme));
  // Segments say more than topics: "Chinese models" is the subject of "share of usage".
  const subjects = named.length > 0 ? [...named, ...promoted] : [...understanding.themes].sort((a, b) => Number(a.kind === 'topic') - Number(b.kind === 'topic'));
  const missed = missing.find((each) => !named.some((entity) => entity.id !== each.of.id));
  if (missed) return { kind: 'missing', missing: missed, nearest: nearestVersions(missed, index), mentioning: factsMentioning(missed, index) };

  const ask = chooseAsk(asks, subjects);
  if (subjects.length === 0) return selectByWords(understanding, ask, index, kb);

  const accepted = new Set<AnswerKind>(ask === 'definition' ? subjects.flatMap((subject) => DEFINITION_OF[subject.kind]) : ask ? [ask] : []);
  const candidates = new Map<string, { fact: Fact; score: number }>();
  const consider = (fact: Fact) => candidates.get(fact.id) ?? candidates.set(fact.id, { fact, score: 0 }).get(fact.id)!;
  for (const subject of subjects) {
    // Each subject counts once per fact: about it directly, or through one of its models.
    const direct = new Set(index.factsAbout(subject.id));
    for (const fact of direct) consider(fact).score += subject.kind === 'topic' || subject.kind === 'segment' ? 20 : 40;
    const viaMembers = new Set(index.membersOf(subject).flatMap((member) => index.factsAbout(member.id)));
    for (const fact of viaMembers) if (!direct.has(fact)) consider(fact).score += 20;
  }
  // A theme the question names (licence, release…) lifts the facts already chosen about it.
  if (named.length > 0) {
    for (const theme of themes) {
      for (const fact of index.factsAbout(theme.id)) {
        const candidate = candidates.get(fact.id);
        if (candidate) candidate.score += 10;
      }
    }
  }
  // Segments and topics are broad: facts that match the words well are candidates too.
  if (named.length === 0) for (const id of index.factsMatching(meaningfulWords(understanding), 0.5)) consider(kb.facts.get(id)!).score += 20;

  // Words tell facts of one kind apart ("downloaded" and "tokens" are both usage).
  const text = normalise(index.factScores(meaningfulWords(understanding), new Set(candidates.keys())));
  // A question that repeats a claim the base records as disputed is asking about that claim.
  const disputed = index.disputedClaims(meaningfulWords(understanding), new Set(candidates.keys()));
  // A question naming a model is about that model, even if it names its vendor too.
  const broad = !subjects.some((subject) => subject.kind === 'model');
  const newest = newestDate(candidates.values());
  for (const candidate of candidates.values()) {
    const { fact } = candidate;
    if (accepted.size > 0) candidate.score += fact.answers.some((kind) => accepted.has(kind)) ? 100 : fact.answers.some((kind) => understanding.asks.includes(kind)) ? 15 : 0;
    candidate.score -= 2 * Math.min(5, countSubjects(kb, fact) - 1);
    // A fact is mostly about the entity it names first.
    if (subjects.some((subject) => subject.id === fact.about[0])) candidate.score += 10;
    candidate.score += (ask ? 15 : 25) * (text.get(fact.id) ?? 0);
    if (disputed.has(fact.id)) candidate.score += 20;
    if (understanding.periods.length > 0) candidate.score += understanding.periods.some((period) => fact.date.startsWith(period) || period.startsWith(fact.date)) ? 30 : -30;
    // About a family or a vendor, the newer facts are the likelier answer.
    if (broad && newest) candidate.score += 6 * recency(fact.date, newest);
  }

  const ranked = [...candidates.values()].sort((a, b) => b.score - a.score || compareDates(b.fact.date, a.fact.date)).map(({ fact }) => fact);
  const answering = accepted.size > 0 ? ranked.filter((fact) => fact.answers.some((kind) => accepted.has(kind))) : ranked;
  const subject = subjects[0]!;
  if (ask && answering.length === 0) {
    return NEEDS_SUBJECT.includes(ask) || named.length > 0 ? { kind: 'partial', ask, subject, facts: ranked.slice(0, 3) } : { kind: 'none', ask };
  }
  if (answering.length === 0) return { kind: 'none' };
  const listing = ask === 'release' && (understanding.latest || understanding.periods.length > 0) && broad;
  const inPeriod = (fact: Fact) => understanding.periods.length === 0 || understanding.periods.some((period) => fact.date.startsWith(period));
  // "When did Meta release Llama": a family began with its first release.
  const firstOfFamily = ask === 'release' && !listing && subjects.every((each) => each.kind === 'family' || (each.kind !== 'model' && each.kind !== 'vendor') || isStem(each)) && subjects.some(isStem);
  const lead = listing ? answering.filter(inPeriod).sort((a, b) => b.date.localeCompare(a.date)) : firstOfFamily ? [...answering].sort((a, b) => a.date.localeCompare(b.date)) : answering;
  if (listing) return { kind: 'answer', ask: 'release', subject, facts: lead.slice(0, LISTED) };
  const facts = understanding.compare ? interleave(subjects, lead, ranked) : unique([lead[0]!, ...ranked]);
  return { kind: 'answer', ...(ask ? { ask } : {}), subject, facts: facts.slice(0, 1 + SUPPORTING) };
}

/** The first kind asked that fits a subject (a person is asked for positions, not sizes). */
function chooseAsk(asks: readonly AnswerKind[], subjects: readonly Entity[]): AnswerKind | undefined {
  const fits = (kind: AnswerKind) => subjects.length === 0 || subjects.some((subject) => FITS[subject.kind] === 'all' || (FITS[subject.kind] as readonly AnswerKind[]).includes(kind));
  // Nothing asked fits: "when" alone is too weak a hint to force a release date on a person;
  // anything more precise ("who funds DeepSeek-V4") is answered honestly as not known.
  return asks.find(fits) ?? (asks[0] === 'release' ? undefined : asks[0]);
}

/** No name in the question: the words alone, and only facts that match enough of them. */
function selectByWords(understanding: Understanding, ask: AnswerKind | undefined, index: KnowledgeIndex, kb: KnowledgeBase): Selection {
  if (ask && NEEDS_SUBJECT.includes(ask) && !(ask === 'release' && (understanding.latest || understanding.periods.length > 0))) return { kind: 'none', ask };
  if (ask === 'release') {
    const releases: Fact[] = [];
    for (const fact of index.newestAnswering('release')) {
      if (understanding.periods.length === 0 || understanding.periods.some((period) => fact.date.startsWith(period))) releases.push(fact);
      if (releases.length === LISTED) break;
    }
    return releases.length > 0 ? { kind: 'answer', ask, facts: releases } : { kind: 'none', ask };
  }
  // With neither a name nor a kind of question, only facts that match most words count.
  const hits = index.searchFacts(meaningfulWords(understanding), ask ? 0.5 : 0.75).flatMap((hit) => kb.facts.get(hit.id) ?? []);
  const answering = ask ? hits.filter((fact) => fact.answers.includes(ask)) : hits;
  if (answering.length === 0) return { kind: 'none', ...(ask ? { ask } : {}) };
  return { kind: 'answer', ...(ask ? { ask } : {}), facts: unique([answering[0]!, ...hits]).slice(0, 1 + SUPPORTING) };
}

/** Facts of the family or vendor whose claim names the asked version, newest first. */
function factsMentioning(missing: MissingVersion, index: KnowledgeIndex): Fact[] {
  const asked = foldText(missing.asked);
  const pool = [missing.of, ...index.membersOf(missing.of)].flatMap((entity) => index.factsAbout(entity.id));
  return unique(pool.filter((fact) => ` ${foldText(fact.claim)} `.includes(` ${asked} `) || (fact.claim_fr !== undefined && ` ${foldText(fact.claim_fr)} `.includes(` ${asked} `))))
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, 3);
}

/** The models of the family or vendor, closest version number first, then newest. */
function nearestVersions(missing: MissingVersion, index: KnowledgeIndex): Entity[] {
  const asked = versionNumber(missing.asked);
  const latest = (entity: Entity) => index.factsAbout(entity.id).reduce((date, fact) => (fact.date > date ? fact.date : date), '');
  const members = index.membersOf(missing.of);
  // A snapshot of a model ("r1 0528"): the model and its siblings.
  const candidates = members.length > 0 ? members : [missing.of, ...index.modelsOf(missing.of.vendor ?? '').filter((model) => model.id !== missing.of.id && model.id.startsWith(missing.of.id))];
  return [...candidates].sort((a, b) => Math.abs(versionNumber(a.name) - asked) - Math.abs(versionNumber(b.name) - asked) || latest(b).localeCompare(latest(a))).slice(0, 5);
}

function versionNumber(name: string): number {
  const match = /(\d+(?:\.\d+)?)/.exec(name.replace(/\b(?:19|20)\d{2}\b/g, ''));
  return match ? Number(match[1]) : 0;
}

/** Best fact of each subject in turn, so a comparison shows both sides first. */
function interleave(subjects: readonly Entity[], answering: readonly Fact[], ranked: readonly Fact[]): Fact[] {
  const firsts = subjects.flatMap((subject) => answering.find((fact) => fact.about.includes(subject.id)) ?? []);
  return unique([...firsts, ...answering, ...ranked]);
}

/** For full-text search: every word but stop words and the ones every fact shares. */
export function meaningfulWords(understanding: Understanding): string[] {
  return understanding.words.filter((word) => !STOP_WORDS.has(word) && !GENERIC_WORDS.has(word));
}

/** How many of the entities a fact is about are not segments or topics. */
function countSubjects(kb: KnowledgeBase, fact: Fact): number {
  let count = 0;
  for (const id of fact.about) {
    const kind = kb.entities.get(id)?.kind;
    if (kind !== 'topic' && kind !== 'segment') count++;
  }
  return count;
}

/**
 * Dates as localeCompare orders them, without the collator: they are YYYY, YYYY-MM or
 * YYYY-MM-DD, so two of them differ first at a digit, or where the shorter one ends.
 */
function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(scores: Map<string, number>): Map<string, number> {
  const best = Math.max(0, ...scores.values());
  return best === 0 ? scores : new Map([...scores].map(([id, score]) => [id, score / best]));
}

function newestDate(candidates: Iterable<{ fact: Fact }>): string | undefined {
  let newest: string | undefined;
  for (const { fact } of candidates) if (!newest || fact.date > newest) newest = fact.date;
  return newest;
}

/** 1 for the newest date, falling to 0 three years before it. */
function recency(date: string, newest: string): number {
  const years = (timeOf(newest) - timeOf(date)) / (365 * 86_400_000);
  return Math.max(0, 1 - years / 3);
}

// A broad question ranks thousands of facts by date; there are far fewer distinct dates.
const TIMES = new Map<string, number>();

function timeOf(date: string): number {
  let time = TIMES.get(date);
  if (time === undefined) {
    time = Date.parse(date.padEnd(10, '-01').slice(0, 10));
    if (TIMES.size >= 100_000) TIMES.clear();
    TIMES.set(date, time);
  }
  return time;
}

function unique(facts: readonly Fact[]): Fact[] {
  return [...new Map(facts.map((fact) => [fact.id, fact])).values()];
}

/**
 * The fact about an entity that answers one kind of question: about it first-hand rather
 * than in passing, then the newest. For a family or a vendor, its newest released model
 * stands in for it ("Qwen" in a comparison is its latest Qwen).
 */
export function factAnswering(entity: Entity, kind: AnswerKind, index: KnowledgeIndex): Fact | undefined {
  const answering = index.factsAbout(entity.id).filter((fact) => fact.answers.includes(kind));
  return answering.sort((a, b) => Number(b.about[0] === entity.id) - Number(a.about[0] === entity.id) || b.date.localeCompare(a.date))[0];
}

/** The model a comparison or a profile shows for an entity: itself, or the newest model of a family or vendor. */
export function representative(entity: Entity, index: KnowledgeIndex): Entity {
  if (entity.kind === 'model') return entity;
  const released = index
    .membersOf(entity)
    .map((model) => ({ model, release: factAnswering(model, 'release', index) }))
    .filter((each) => each.release !== undefined)
    .sort((a, b) => b.release!.date.localeCompare(a.release!.date));
  return released[0]?.model ?? entity;
}
