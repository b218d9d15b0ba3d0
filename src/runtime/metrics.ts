// Prometheus metrics through prom-client, on a registry owned by the process (never the
// library's global default), so tests and benchmarks can make as many fresh ones as they need.
// Names carry the `landscape_` prefix, as Prometheus naming asks of an application.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Knowledge } from '../knowledge/store.ts';
import type { ConnectionState, PlatformAdapter } from '../platforms/adapter.ts';
import { WATCH_MODES, type WatchMode } from './reload.ts';

export const ANSWER_OUTCOMES = ['hit', 'miss', 'usage', 'info', 'limited', 'error'] as const;

export interface MetricsOptions {
  /** Process metrics under their usual names (`process_*`, `nodejs_*`); on by default. */
  defaultMetrics?: boolean;
  /** The live base, read at each scrape for the facts gauge and the version info. */
  knowledge?: () => Knowledge;
  /** The running platforms, read at each scrape for their connection state. */
  platforms?: () => readonly PlatformAdapter[];
  /** How changes to the knowledge folder are noticed, read at each scrape. */
  watchMode?: () => WatchMode;
}

const CONNECTION_STATES: readonly ConnectionState[] = ['starting', 'connected', 'reconnecting', 'disconnected', 'failed', 'stopped'];

export class Metrics {
  readonly registry = new Registry();
  readonly answers: Counter<'command' | 'platform' | 'outcome'>;
  readonly latency: Histogram<'command' | 'platform'>;
  readonly misses: Counter<'command'>;
  readonly limited: Counter<'scope'>;
  readonly reloads: Counter<'result'>;
  readonly votes: Counter<'vote' | 'platform'>;
  readonly reports: Counter<'reason' | 'platform'>;
  readonly digests: Counter<'platform' | 'result'>;
  readonly inFlight: Gauge;
  readonly facts: Gauge;
  readonly knowledgeInfo: Gauge<'revision' | 'date' | 'commit'>;
  readonly platformState: Gauge<'platform' | 'state'>;
  readonly watchMode: Gauge<'mode'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    const knowledge = options.knowledge;
    const platforms = options.platforms;
    const watchMode = options.watchMode;
    this.answers = new Counter({
      name: 'landscape_answers_total',
      help: 'Answers given, by command, platform and outcome (hit, miss, usage, info, limited, error)',
      labelNames: ['command', 'platform', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'landscape_answer_latency_seconds',
      help: 'Time from a request reaching the bot to its answer being built',
      labelNames: ['command', 'platform'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.misses = new Counter({
      name: 'landscape_misses_total',
      help: 'Questions the fact base could not answer (recorded in the gaps file)',
      labelNames: ['command'],
      registers,
    });
    this.limited = new Counter({
      name: 'landscape_rate_limited_total',
      help: 'Requests refused by a rate limit (user, channel) or while shutting down (draining)',
      labelNames: ['scope'],
      registers,
    });
    this.reloads = new Counter({
      name: 'landscape_knowledge_reloads_total',
      help: 'Knowledge reloads, by result: ok (swapped in) or error (the last good base kept serving)',
      labelNames: ['result'],
      registers,
    });
    this.votes = new Counter({
      name: 'landscape_votes_total',
      help: 'Votes on answers recorded in the feedback store, by vote (up, down) and platform; a changed vote counts again',
      labelNames: ['vote', 'platform'],
      registers,
    });
    this.reports = new Counter({
      name: 'landscape_reports_total',
      help: 'Problem reports on answers recorded in the feedback store, by reason and platform',
      labelNames: ['reason', 'platform'],
      registers,
    });
    this.digests = new Counter({
      name: 'landscape_digests_total',
      help: 'Digests of new and changed facts posted to subscribed channels after a reload, by platform and result (posted, failed)',
      labelNames: ['platform', 'result'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'landscape_answers_in_flight',
      help: 'Requests being answered right now',
      registers,
    });
    this.facts = new Gauge({
      name: 'landscape_knowledge_facts',
      help: 'Facts in the live knowledge base',
      registers,
      collect() {
        if (knowledge) this.set(knowledge().kb.facts.size);
      },
    });
    this.knowledgeInfo = new Gauge({
      name: 'landscape_knowledge_info',
      help: 'The live knowledge version, as labels (value is always 1)',
      labelNames: ['revision', 'date', 'commit'],
      registers,
      collect() {
        if (!knowledge) return;
        const { version } = knowledge().kb;
        this.reset();
        this.set({ revision: version.revision, date: version.date, commit: version.commit ?? '' }, 1);
      },
    });
    this.platformState = new Gauge({
      name: 'landscape_platform_state',
      help: 'Connection state of each platform adapter (1 for its current state, 0 for the others)',
      labelNames: ['platform', 'state'],
      registers,
      collect() {
        if (!platforms) return;
        this.reset();
        for (const adapter of platforms()) {
          const current = adapter.state();
          for (const state of CONNECTION_STATES) this.set({ platform: adapter.platform, state }, state === current ? 1 : 0);
        }
      },
    });
    this.watchMode = new Gauge({
      name: 'landscape_knowledge_watch_mode',
      help: 'How changes to the knowledge folder are noticed (1 for the current mode): watching, polling (the watcher failed) or off',
      labelNames: ['mode'],
      registers,
      collect() {
        if (!watchMode) return;
        const current = watchMode();
        for (const mode of WATCH_MODES) this.set({ mode }, mode === current ? 1 : 0);
      },
    });
    // Counters start at zero for the known reload results, so a dashboard sees the series
    // before the first reload happens.
    this.reloads.inc({ result: 'ok' }, 0);
    this.reloads.inc({ result: 'error' }, 0);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
