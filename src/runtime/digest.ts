// The digest a subscribed channel gets when a reload brings new or changed facts on its
// subjects: what was added and what changed, each statement cited. Computed from the base
// before and after the reload (pure functions, below), then posted through each platform's
// own way of posting a message (`PlatformAdapter.postDigest`), one message per channel.
// Replicas sharing subscriptions (REDIS_URL) all see the same reload; each digest is claimed
// first, so that one replica posts it.
import type { Answer, Locale } from '../answer/answer.ts';
import { AnswerBuilder } from '../answer/build.ts';
import { entityName } from '../answer/i18n.ts';
import { messages } from '../answer/messages.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { Fact } from '../knowledge/schema.ts';
import type { Knowledge } from '../knowledge/store.ts';
import type { PlatformAdapter } from '../platforms/adapter.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { KeyValueStore } from './shared/types.ts';
import { EVERYTHING, type Subscription, type SubscriptionStore } from './subscriptions.ts';

/** Statements a digest shows; the rest are one command away (/new). */
export const DIGEST_MAX_ITEMS = 5;
/** Where replicas claim digests in the shared state (`landscape:kv:digests:…`). */
export const DIGEST_CLAIMS = 'digests';
/**
 * How long a claim on a channel's digest of a revision stands: long enough for every replica
 * to see the same reload (a file watch on a shared ConfigMap may lag a minute or more), short
 * enough that a base coming back to that revision later announces it again.
 */
export const DIGEST_CLAIM_TTL_MS = 60 * 60_000;

export interface KnowledgeChanges {
  /** Facts the new base has and the old one had not. */
  added: Fact[];
  /** Facts both have, that differ in any field. */
  changed: Fact[];
}

/** What a reload brought: new facts, and facts that changed, newest date first. */
export function knowledgeChanges(before: KnowledgeBase, after: KnowledgeBase): KnowledgeChanges {
  const added: Fact[] = [];
  const changed: Fact[] = [];
  for (const fact of after.facts.values()) {
    const old = before.facts.get(fact.id);
    if (!old) added.push(fact);
    else if (stableJson(old) !== stableJson(fact)) changed.push(fact);
  }
  const newestFirst = (a: Fact, b: Fact) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id);
  return { added: added.sort(newestFirst), changed: changed.sort(newestFirst) };
}

/** JSON with keys sorted, so that reordering the fields of a fact's YAML is not a change. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether a fact is on a subject: about it; about one of its models (a vendor's, a family's);
 * for a segment, a figure of the segment or a fact about a vendor of the segment or its models.
 */
export function concerns(fact: Fact, subject: string, knowledge: Knowledge): boolean {
  if (subject === EVERYTHING || fact.about.includes(subject)) return true;
  const entity = knowledge.kb.entities.get(subject);
  if (!entity) return false;
  if (entity.kind === 'segment') {
    if (fact.figures.some((figure) => figure.segment === subject)) return true;
    const vendors = [...knowledge.kb.entities.values()].filter((each) => each.kind === 'vendor' && each.related.includes(subject));
    return vendors.some((vendor) => fact.about.includes(vendor.id) || knowledge.index.membersOf(vendor).some((model) => fact.about.includes(model.id)));
  }
  return knowledge.index.membersOf(entity).some((member) => fact.about.includes(member.id));
}

/** A channel's digest: the changed facts on any of its subjects, or undefined when there are none. */
export function digestAnswer(changes: KnowledgeChanges, subjects: readonly string[], locale: Locale, knowledge: Knowledge, now: Date): Answer | undefined {
  const { kb } = knowledge;
  // Everything includes every other subject: the title says so, once.
  if (subjects.includes(EVERYTHING)) subjects = [EVERYTHING];
  const on = (fact: Fact) => subjects.some((subject) => concerns(fact, subject, knowledge));
  const added = changes.added.filter(on);
  const changed = changes.changed.filter(on);
  if (added.length + changed.length === 0) return undefined;
  const text = messages(locale);
  const builder = new AnswerBuilder(kb, locale, now, { name: 'new', args: {} });
  const shown = [...added, ...changed].slice(0, DIGEST_MAX_ITEMS);
  for (const fact of shown) builder.addFact(fact);
  const names = subjects.map((subject) => (subject === EVERYTHING ? text.everything : entityName(kb.entities.get(subject) ?? { name: subject }, locale)));
  const more = added.length + changed.length - shown.length;
  const version = `${kb.version.date} (${kb.version.commit ?? `rev ${kb.version.revision.slice(0, 8)}`})`;
  return builder.build({
    status: 'ok',
    title: text.digestTitle(names.join(', ')),
    // A summary, not a lead: the first message of a list shows its statements, not a lead and two.
    summary: text.digestLead(added.length, changed.length, version),
    notices: more > 0 ? [{ kind: 'info', text: text.digestMore(more, '/new 1d') }] : [],
    subjects: subjects.filter((subject) => subject !== EVERYTHING),
  });
}

export interface DigestsOptions {
  subscriptions: SubscriptionStore;
  /** The running platforms; each posts the digests of its own channels. */
  adapters: () => readonly PlatformAdapter[];
  logger: Logger;
  metrics?: Metrics;
  now?: () => Date;
  /**
   * Where replicas claim each digest (channel and revision), so that one of them posts it.
   * Absent (one process): every digest this process serves is posted.
   */
  claims?: KeyValueStore;
}

/** Posts digests after a reload: one message per subscribed channel that has something new. */
export class Digests {
  constructor(private readonly options: DigestsOptions) {}

  /** Never rejects: a channel that cannot be posted to is logged, and the others still get theirs. */
  async publish(before: Knowledge, after: Knowledge): Promise<void> {
    const { subscriptions, logger, metrics } = this.options;
    const changes = knowledgeChanges(before.kb, after.kb);
    if (changes.added.length + changes.changed.length === 0) return;
    try {
      // Another process (a Discord shard) may have taken subscriptions since this one started.
      await subscriptions.load();
    } catch (error) {
      logger.warn({ err: error }, 'cannot read the subscriptions file; digests go to the subscriptions known to this process');
    }
    const now = this.options.now?.() ?? new Date();
    const { revision } = after.kb.version;
    const counts = { posted: 0, failed: 0, byOtherReplicas: 0 };
    for (const channel of byChannel(subscriptions.list())) {
      const adapter = this.options.adapters().find((candidate) => candidate.platform === channel.platform && candidate.postDigest);
      const answer = adapter && digestAnswer(changes, channel.subjects, channel.locale, after, now);
      if (!adapter || !answer || adapter.serves?.(channel.guild) === false) continue;
      if (this.options.claims && !(await this.options.claims.setIfAbsent(`${channel.platform}:${channel.channel}:${revision}`, '1', DIGEST_CLAIM_TTL_MS))) {
        counts.byOtherReplicas += 1;
        continue;
      }
      try {
        if (await adapter.postDigest!(channel.channel, answer, channel.guild)) {
          counts.posted += 1;
          metrics?.digests.inc({ platform: channel.platform, result: 'posted' });
        }
      } catch (error) {
        counts.failed += 1;
        metrics?.digests.inc({ platform: channel.platform, result: 'failed' });
        logger.warn({ err: error, platform: channel.platform, channel: channel.channel }, 'could not post a digest; /unsubscribe in that channel stops them');
      }
    }
    if (counts.posted + counts.failed + counts.byOtherReplicas > 0) logger.info({ revision, ...counts }, 'digests');
  }
}

/** One entry per channel: its subjects, and the language of its latest subscription. */
function byChannel(subscriptions: readonly Subscription[]): (Subscription & { subjects: string[] })[] {
  const channels = new Map<string, Subscription & { subjects: string[] }>();
  for (const each of [...subscriptions].sort((a, b) => a.at.localeCompare(b.at))) {
    const id = `${each.platform}\0${each.channel}`;
    const known = channels.get(id);
    channels.set(id, { ...each, subjects: [...(known?.subjects ?? []), each.subject] });
  }
  return [...channels.values()];
}
