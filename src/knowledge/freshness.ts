// Whether a fact is still current, by the freshness rules of the base (knowledge/freshness.yaml).
// A fact refers to its whole date: one dated `2025-03` is current until the end of March plus
// its rule's lifetime. A fact that no rule matches (a release date, a licence, a founding) is
// never stale, so it never prints a misleading "as of".
import type { KnowledgeBase } from './load.ts';
import type { Fact, FreshnessRule } from './schema.ts';

const DAY_MS = 86_400_000;

/** The shortest lifetime among the rules that match the fact, if any. */
export function lifetimeDays(fact: Fact, rules: readonly FreshnessRule[]): number | undefined {
  let shortest: number | undefined;
  for (const rule of rules) {
    const matches = (rule.answers !== undefined && fact.answers.includes(rule.answers)) || (rule.metric !== undefined && fact.figures.some((figure) => figure.metric === rule.metric));
    if (matches && (shortest === undefined || rule.stale_after_days < shortest)) shortest = rule.stale_after_days;
  }
  return shortest;
}

export function isStale(fact: Fact, rules: readonly FreshnessRule[], now: Date): boolean {
  const days = lifetimeDays(fact, rules);
  return days !== undefined && periodEnd(fact.date) + days * DAY_MS < now.getTime();
}

/** The last moment a partial date (`2025`, `2025-03`, `2025-03-14`) refers to. */
export function periodEnd(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number?, number?];
  if (month === undefined) return Date.UTC(year + 1, 0, 1) - 1;
  if (day === undefined) return Date.UTC(year, month, 1) - 1;
  return Date.UTC(year, month - 1, day + 1) - 1;
}

/** The facts past their freshness date, oldest first: what maintainers should refresh. */
export function staleFacts(facts: Iterable<Fact>, rules: readonly FreshnessRule[], now: Date): Fact[] {
  return [...facts].filter((fact) => isStale(fact, rules, now)).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** Per base, the day staleCount last counted and what it found. */
const staleCounts = new WeakMap<KnowledgeBase, { day: number; count: number }>();

/**
 * How many facts of a base are past their freshness date on `now`'s day, counted once a day
 * per base: a fact goes stale only at a UTC midnight (see periodEnd), and /about asks on every
 * call, which would otherwise check every fact of the base each time.
 */
export function staleCount(kb: KnowledgeBase, now: Date): number {
  const day = Math.floor(now.getTime() / DAY_MS);
  const known = staleCounts.get(kb);
  if (known?.day === day) return known.count;
  let count = 0;
  for (const fact of kb.facts.values()) if (isStale(fact, kb.freshness, now)) count += 1;
  staleCounts.set(kb, { day, count });
  return count;
}
