// Rules that need the whole fact base: unique ids, references that resolve, real dates not
// in the future, percentages within 0-100, https URLs, alias collisions, and the warnings
// that keep the base tidy (uncited sources, orphaned entities).
import { METRIC_ANSWERS, METRIC_UNITS, type Entity, type Fact } from './schema.ts';
import type { ItemOrigin, Located, ParsedKnowledge, PathSegment } from './load.ts';
import type { Problem, ProblemList } from './problems.ts';
import { foldText, nameKey } from '../search/normalize.ts';

export interface LintOptions {
  now: Date;
}

/** Adds the cross-file problems to `problems`. */
export function lintKnowledge(parsed: ParsedKnowledge, options: LintOptions, problems: ProblemList): void {
  // A message can cost (a "did you mean" compares with every id): worded only if listed.
  const report = (origin: ItemOrigin, subpath: PathSegment[], rule: string, message: string | (() => string), severity: Problem['severity'] = 'error') =>
    problems.add(severity, () => ({ file: origin.file, ...origin.locate(subpath), rule, message: typeof message === 'string' ? message : message() }));

  const sources = indexById(parsed.sources, 'source', report);
  const entities = indexById(parsed.entities, 'entity', report);
  indexById(parsed.facts, 'fact', report);
  const today = options.now.toISOString().slice(0, 10);

  const checkDate = (origin: ItemOrigin, subpath: PathSegment[], date: string | undefined) => {
    if (date === undefined) return;
    if (!isRealDate(date)) report(origin, subpath, 'invalid-date', `${date} is not a real calendar date`);
    else if (date > today.slice(0, date.length)) {
      report(origin, subpath, 'future-date', `${date} is in the future (today is ${today})`);
    }
  };
  const checkEntityRef = (origin: ItemOrigin, subpath: PathSegment[], id: string, expectedKind?: Entity['kind']) => {
    const target = entities.get(id);
    if (!target) report(origin, subpath, 'unknown-reference', () => `unknown entity "${id}"${closest(id, entities.keys())}`);
    else if (expectedKind && target.value.kind !== expectedKind) {
      report(origin, subpath, 'wrong-kind', `"${id}" is a ${target.value.kind}, expected a ${expectedKind}`);
    }
  };
  const checkSourceRef = (origin: ItemOrigin, subpath: PathSegment[], id: string) => {
    if (!sources.has(id)) report(origin, subpath, 'unknown-reference', () => `unknown source "${id}"${closest(id, sources.keys())}`);
  };

  const citedSources = new Set<string>();
  const referencedEntities = new Set<string>();

  for (const { value: source, origin } of parsed.sources) {
    checkDate(origin, ['published'], source.published);
    if (!source.url.startsWith('https://') && !source.http_only) {
      report(origin, ['url'], 'https-url', 'URL must use https:// (or say why only http works in http_only)');
    }
  }

  for (const { value: entity, origin } of parsed.entities) {
    if (entity.vendor) {
      checkEntityRef(origin, ['vendor'], entity.vendor, 'vendor');
      referencedEntities.add(entity.vendor);
    }
    if ((entity.kind === 'model' || entity.kind === 'family') && !entity.vendor) {
      report(origin, ['kind'], 'model-vendor', `${entity.kind} "${entity.id}" must name its vendor`);
    }
    if (entity.family) {
      if (entity.kind !== 'model') report(origin, ['family'], 'family-field', 'only a model belongs to a family');
      checkEntityRef(origin, ['family'], entity.family, 'family');
      referencedEntities.add(entity.family);
    }
    if (entity.weights && entity.kind !== 'model') report(origin, ['weights'], 'weights-field', 'only a model has weights (open or closed)');
    if (entity.source) {
      checkSourceRef(origin, ['source'], entity.source);
      citedSources.add(entity.source);
    }
    entity.related.forEach((id, index) => {
      checkEntityRef(origin, ['related', index], id);
      referencedEntities.add(id);
    });
  }

  for (const { value: fact, origin } of parsed.facts) {
    checkDate(origin, ['date'], fact.date);
    fact.about.forEach((id, index) => {
      checkEntityRef(origin, ['about', index], id);
      referencedEntities.add(id);
    });
    fact.sources.forEach((id, index) => {
      checkSourceRef(origin, ['sources', index], id);
      citedSources.add(id);
    });
    fact.disputes.forEach((dispute, index) => {
      if (dispute.source) {
        checkSourceRef(origin, ['disputes', index, 'source'], dispute.source);
        citedSources.add(dispute.source);
      }
    });
    checkAnswers(fact, origin, entities, report);
    if (fact.caveats_fr && fact.caveats_fr.length !== fact.caveats.length) {
      report(origin, ['caveats_fr'], 'caveats-fr', `caveats_fr has ${fact.caveats_fr.length} entries for ${fact.caveats.length} caveats; translate each, in order`);
    }
    fact.figures.forEach((figure, index) => {
      if (figure.segment) {
        checkEntityRef(origin, ['figures', index, 'segment'], figure.segment, 'segment');
        referencedEntities.add(figure.segment);
      }
      if (isPercent(figure.unit) && (figure.value < 0 || figure.value > 100)) {
        report(origin, ['figures', index, 'value'], 'percent-range', `${figure.value} is not a percentage between 0 and 100`);
      }
      if (figure.about && !fact.about.includes(figure.about)) {
        report(origin, ['figures', index, 'about'], 'figure-about', `"${figure.about}" is not among the fact's about entities`);
      }
      const units = METRIC_UNITS[figure.metric];
      if (units && !units.includes(figure.unit)) {
        report(origin, ['figures', index, 'unit'], 'metric-unit', `${figure.metric} must be in ${units.map((unit) => `"${unit}"`).join(' or ')}`);
      }
      if (/\ball (ai )?usage\b/i.test(figure.scope)) {
        report(origin, ['figures', index, 'scope'], 'vague-scope', 'scope must say what the figure is a share of, not "all usage"');
      }
    });
  }

  checkAliasCollisions(parsed.entities, report);
  checkModelCoverage(parsed, report);
  checkIntents(parsed, report);
  parsed.freshness.forEach(({ value: rule, origin }) => {
    if (rule.metric && !parsed.facts.some(({ value: fact }) => fact.figures.some((figure) => figure.metric === rule.metric))) {
      report(origin, ['metric'], 'unused-freshness', `no figure has the metric "${rule.metric}"`, 'warning');
    }
  });

  for (const { value: source, origin } of parsed.sources) {
    if (!citedSources.has(source.id)) report(origin, ['id'], 'uncited-source', `source "${source.id}" backs no fact`, 'warning');
  }
  for (const { value: entity, origin } of parsed.entities) {
    if (!referencedEntities.has(entity.id)) report(origin, ['id'], 'orphan-entity', `entity "${entity.id}" has no fact about it and nothing refers to it`, 'warning');
  }
}

/**
 * `answers` says what a fact is the answer to; the lead line of an answer is built from the
 * matching fields, so those fields must be there: a licence for `licence`, a parameter
 * figure for `size`, a dated model for `release`.
 */
function checkAnswers(fact: Fact, origin: ItemOrigin, entities: Map<string, Located<Entity>>, report: Report): void {
  const answers = new Set(fact.answers);
  if (answers.has('licence') && !fact.licence) report(origin, ['answers'], 'licence-block', 'a fact that answers "licence" needs a licence: block (name, commercial)');
  if (fact.licence && !answers.has('licence')) report(origin, ['licence'], 'licence-block', 'a fact with a licence: block must list licence in answers');
  if (fact.licence && fact.licence.commercial !== 'yes' && !fact.licence.conditions) {
    report(origin, ['licence', 'commercial'], 'licence-conditions', `commercial: ${fact.licence.commercial} needs conditions: saying what the licence requires or forbids`);
  }
  if (answers.has('release')) {
    if (!fact.about.some((id) => entities.get(id)?.value.kind === 'model')) report(origin, ['answers'], 'release-model', 'a release fact must be about a model');
    if (!fact.date.includes('-')) report(origin, ['date'], 'release-date', 'a release date needs at least the month (YYYY-MM)');
  }
  // A size or context figure makes the fact an answer to that question; the reverse is not
  // required, since some facts state sizes only in words ("1B and 3B text models").
  const metricAnswers = new Set(fact.figures.flatMap((figure) => METRIC_ANSWERS[figure.metric] ?? []));
  for (const kind of metricAnswers) {
    if (!answers.has(kind)) report(origin, ['answers'], 'answers-figures', `the figures give a ${kind}: add ${kind} to answers`);
  }
}

/** Every open model can be asked when it came out and under which licence. */
function checkModelCoverage(parsed: ParsedKnowledge, report: Report): void {
  const answered = new Map<string, Set<string>>();
  for (const { value: fact } of parsed.facts) {
    for (const id of fact.about) {
      const kinds = answered.get(id) ?? new Set<string>();
      for (const kind of fact.answers) kinds.add(kind);
      answered.set(id, kinds);
    }
  }
  for (const { value: entity, origin } of parsed.entities) {
    if (entity.kind !== 'model' || entity.weights === 'closed') continue;
    const kinds = answered.get(entity.id);
    if (!kinds?.has('release')) report(origin, ['id'], 'model-release', `model "${entity.id}" has no release fact (answers: [release])`, 'warning');
    if (!kinds?.has('licence')) report(origin, ['id'], 'model-licence', `model "${entity.id}" has no licence fact (answers: [licence])`, 'warning');
  }
}

/** One list per intent, and no phrase that signals two intents in the same language. */
function checkIntents(parsed: ParsedKnowledge, report: Report): void {
  const intents = new Map<string, ItemOrigin>();
  const phrases = new Map<string, string>();
  for (const { value: intent, origin } of parsed.intents) {
    const first = intents.get(intent.id);
    if (first) report(origin, ['id'], 'duplicate-id', `intent "${intent.id}" is already listed at ${first.file}:${first.locate(['id']).line}`);
    else intents.set(intent.id, origin);
    for (const language of ['en', 'fr'] as const) {
      intent[language].forEach((phrase, index) => {
        const key = `${language}:${foldText(phrase)}`;
        const owner = phrases.get(key);
        if (owner && owner !== intent.id) report(origin, [language, index], 'intent-phrase', `"${phrase}" already signals "${owner}"; the first listed wins`, 'warning');
        else phrases.set(key, intent.id);
      });
    }
  }
}

type Report = (origin: ItemOrigin, subpath: PathSegment[], rule: string, message: string | (() => string), severity?: Problem['severity']) => void;

function indexById<T extends { id: string }>(items: Located<T>[], label: string, report: Report): Map<string, Located<T>> {
  const byId = new Map<string, Located<T>>();
  for (const item of items) {
    const first = byId.get(item.value.id);
    if (first) {
      const { line } = first.origin.locate(['id']);
      report(item.origin, ['id'], 'duplicate-id', `${label} id "${item.value.id}" is already used at ${first.origin.file}:${line}`);
    } else {
      byId.set(item.value.id, item);
    }
  }
  return byId;
}

/** Two entities must never answer to the same name, or a lookup would pick one silently. */
function checkAliasCollisions(entities: Located<Entity>[], report: Report): void {
  const owners = new Map<string, { entity: Entity; origin: ItemOrigin }>();
  for (const { value: entity, origin } of entities) {
    const names: [string, PathSegment[]][] = [
      [entity.id, ['id']],
      [entity.name, ['name']],
      ...(entity.name_fr ? [[entity.name_fr, ['name_fr']] as [string, PathSegment[]]] : []),
      ...entity.aliases.en.map((alias, index): [string, PathSegment[]] => [alias, ['aliases', 'en', index]]),
      ...entity.aliases.fr.map((alias, index): [string, PathSegment[]] => [alias, ['aliases', 'fr', index]]),
    ];
    const seenHere = new Set<string>();
    for (const [name, subpath] of names) {
      const key = nameKey(name);
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      const owner = owners.get(key);
      if (owner && owner.entity.id !== entity.id) {
        const { line } = owner.origin.locate(['id']);
        report(origin, subpath, 'alias-collision', `"${name}" also names entity "${owner.entity.id}" (${owner.origin.file}:${line})`);
      } else {
        owners.set(key, { entity, origin });
      }
    }
  }
}

function isPercent(unit: string): boolean {
  return /^(percent|%)/i.test(unit.trim()) || /\bpercent(age)? (of|points?)\b/i.test(unit);
}

function isRealDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  if (month === undefined || day === undefined) return true;
  const parsed = new Date(Date.UTC(year!, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

/** ` (did you mean "x"?)` for the candidate nearest an unknown id, when one is near enough. */
export function closest(id: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(id, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best && bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

export function levenshtein(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
