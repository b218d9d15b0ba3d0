// Hot reload: watch KNOWLEDGE_DIR (recursively) and reload shortly after the last change,
// on SIGHUP, or when an admin runs /reload. The store builds the new base beside the live
// one and swaps it in only if it has no error; a broken edit logs every problem with its
// path:line:column and the last good base keeps serving. Reloads never overlap: a request
// during a reload runs once more right after it, however many requests came in. When the
// folder cannot be watched, or the watcher fails (a symbolic link loop, inotify limits),
// the folder is polled for changes instead, so edits keep being served.
import { watch, type FSWatcher } from 'node:fs';
import type { ReloadTicket } from '../command.ts';
import { stampFiles } from '../knowledge/cache.ts';
import { formatProblem } from '../knowledge/problems.ts';
import type { Knowledge, KnowledgeStore, ReloadResult } from '../knowledge/store.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export const DEFAULT_RELOAD_DEBOUNCE_MS = 300;
export const DEFAULT_POLL_MS = 2000;

/** How changes to the folder are noticed: events, polling (the watcher failed), or not at all. */
export type WatchMode = 'watching' | 'polling' | 'off';
export const WATCH_MODES: readonly WatchMode[] = ['watching', 'polling', 'off'];

export interface ReloaderOptions {
  store: KnowledgeStore;
  logger: Logger;
  metrics?: Metrics;
  /** Quiet time after the last file event before reloading (editors write in bursts). */
  debounceMs?: number;
  /** How often the folder is looked at when it cannot be watched. */
  pollMs?: number;
}

/** Told of each new base swapped in, with the one it replaced (the history of /new, digests). */
export type SwapListener = (before: Knowledge, after: Knowledge) => void;

export interface ReloadOutcome {
  ok: boolean;
  reason: string;
  errors: number;
  warnings: number;
  /** ISO time it finished. */
  at: string;
  ms: number;
}

/** Names whose change can alter the base: YAML files, and folders or links (no extension). */
function relevant(filename: string | null): boolean {
  if (!filename) return true;
  const base = filename.split(/[\\/]/).pop() ?? filename;
  if (filename.split(/[\\/]/).includes('.git')) return false;
  if (/\.ya?ml$/i.test(base)) return true;
  // `..data` is how Kubernetes swaps a mounted ConfigMap; a folder rename has no extension.
  return base === '..data' || (!/\.[^.]+$/.test(base) && !/~$/.test(base) && base !== '4913');
}

export class Reloader {
  private readonly store: KnowledgeStore;
  private readonly logger: Logger;
  private readonly metrics?: Metrics;
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private running?: Promise<ReloadOutcome>;
  private next?: Promise<ReloadOutcome>;
  private timer?: NodeJS.Timeout;
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;
  /** What the folder looked like at the last poll: each YAML file's path, size and time. */
  private polled?: string;
  private mode: WatchMode = 'off';
  private signalHandler?: () => void;
  private closed = false;
  private readonly swapListeners: SwapListener[] = [];
  /** The last reload that finished, for /reload and tests. */
  last?: ReloadOutcome;

  constructor(options: ReloaderOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.debounceMs = options.debounceMs ?? DEFAULT_RELOAD_DEBOUNCE_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  }

  /** How changes are noticed now, for /healthz and /metrics. */
  get watchMode(): WatchMode {
    return this.mode;
  }

  /** A reload is running (its worker is loading, or the new base is being indexed). */
  get reloading(): boolean {
    return this.running !== undefined;
  }

  /**
   * Reloads now, or once more right after the reload in progress. Never rejects: a failure
   * to read the folder is a rejected reload like a broken file.
   */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.next) return this.next;
    if (this.running) {
      this.next = this.running.then(() => {
        this.next = undefined;
        return this.run(reason);
      });
      return this.next;
    }
    return this.run(reason);
  }

  /** Calls `listener` after each reload that swapped a new base in; a listener that throws is logged. */
  onSwap(listener: SwapListener): this {
    this.swapListeners.push(listener);
    return this;
  }

  /** Reloads after `debounceMs` without another request (file events come in bursts). */
  request(reason: string): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload(reason);
    }, this.debounceMs);
    this.timer.unref();
  }

  /** For /reload: starts a reload and says at once what is serving and how the last one went. */
  ticket(): ReloadTicket {
    void this.reload('command');
    const { kb } = this.store.current;
    return {
      live: { ...kb.version, facts: kb.facts.size },
      ...(this.last ? { last: { ok: this.last.ok, at: this.last.at, errors: this.last.errors } } : {}),
    };
  }

  /** Watches the knowledge folder; polls it instead if it cannot be watched. */
  watch(): this {
    if (this.mode !== 'off' || this.closed) return this;
    try {
      this.watcher = watch(this.store.dir, { recursive: true, persistent: true }, (_event, filename) => {
        const name = filename === null ? null : String(filename);
        if (relevant(name)) this.request(`file ${name ?? this.store.dir}`);
      });
      // Node's recursive watcher can fail after it started (ELOOP on a symbolic link loop)
      // and then miss changes in subfolders: polling from then on is slower, not blind.
      this.watcher.on('error', (error) => this.fallBackToPolling(error, 'the knowledge folder watcher failed'));
      this.mode = 'watching';
      this.logger.info({ dir: this.store.dir, debounceMs: this.debounceMs }, 'watching the knowledge folder');
    } catch (error) {
      this.fallBackToPolling(error, 'cannot watch the knowledge folder');
    }
    return this;
  }

  /** From now on, notices changes by looking at the folder every `pollMs`. Logged once. */
  private fallBackToPolling(error: unknown, why: string): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.closed || this.mode === 'polling') return;
    this.mode = 'polling';
    this.logger.warn({ err: error, dir: this.store.dir, pollMs: this.pollMs }, `${why}; checking it for changes every ${this.pollMs / 1000} s instead`);
    // A change may have come with the failure, unreported: reload once to be sure.
    this.request('watcher failed');
    const look = async () => {
      // The files' paths, sizes and times, stat'ed a few dozen at a time (thousands at once
      // would hold the event loop while they answer).
      const seen = (await stampFiles(this.store.dir)).stats;
      if (this.closed) return;
      if (this.polled !== undefined && seen !== this.polled) this.request('folder changed (polled)');
      this.polled = seen;
      this.poller = setTimeout(() => void look(), this.pollMs);
      this.poller.unref();
    };
    void look();
  }

  /** Reloads on SIGHUP, the usual "re-read your files" signal. */
  listenForSignal(): this {
    if (this.signalHandler || this.closed) return this;
    this.signalHandler = () => {
      void this.reload('SIGHUP');
    };
    process.on('SIGHUP', this.signalHandler);
    return this;
  }

  /** Stops watching and listening; waits for a reload in progress to finish. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.poller);
    this.watcher?.close();
    this.watcher = undefined;
    this.mode = 'off';
    if (this.signalHandler) process.off('SIGHUP', this.signalHandler);
    this.signalHandler = undefined;
    await this.next;
    await this.running;
  }

  private run(reason: string): Promise<ReloadOutcome> {
    const promise = this.attempt(reason).finally(() => {
      if (this.running === promise) this.running = undefined;
    });
    this.running = promise;
    return promise;
  }

  private async attempt(reason: string): Promise<ReloadOutcome> {
    const started = performance.now();
    const before = this.store.current;
    let result: ReloadResult;
    try {
      result = await this.store.reload();
    } catch (error) {
      const outcome = this.finish(false, reason, 1, 0, started);
      this.logger.error({ err: error, reason, dir: this.store.dir }, 'knowledge reload failed; the last good base keeps serving');
      return outcome;
    }
    const { errors, warnings } = result;
    const outcome = this.finish(result.ok, reason, errors, warnings, started);
    // The loader lists a bounded number of problems, the last one counting the rest.
    for (const problem of result.problems) {
      this.logger[problem.severity === 'error' ? 'error' : 'warn'](
        { problem: formatProblem(problem), file: problem.file, line: problem.line, column: problem.column, rule: problem.rule, severity: problem.severity },
        'knowledge problem',
      );
    }
    const { kb } = result.knowledge;
    const live = { version: kb.version, facts: kb.facts.size };
    if (result.ok) this.logger.info({ reason, ...live, warnings, from: result.from, ms: outcome.ms }, 'knowledge reloaded');
    else this.logger.error({ reason, errors, warnings, serving: live, ms: outcome.ms }, 'knowledge reload rejected; the last good base keeps serving');
    if (result.ok && result.knowledge !== before) this.swapped(before, result.knowledge);
    return outcome;
  }

  private swapped(before: Knowledge, after: Knowledge): void {
    for (const listener of this.swapListeners) {
      try {
        listener(before, after);
      } catch (error) {
        this.logger.error({ err: error }, 'a knowledge reload listener failed; the new base serves anyway');
      }
    }
  }

  private finish(ok: boolean, reason: string, errors: number, warnings: number, started: number): ReloadOutcome {
    this.metrics?.reloads.inc({ result: ok ? 'ok' : 'error' });
    this.last = { ok, reason, errors, warnings, at: new Date().toISOString(), ms: Math.round((performance.now() - started) * 100) / 100 };
    return this.last;
  }
}
