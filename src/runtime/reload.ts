// Hot reload: watch KNOWLEDGE_DIR (recursively) and reload shortly after the last change,
// on SIGHUP, or when an admin runs /reload. The store builds the new base beside the live
// one and swaps it in only if it has no error; a broken edit logs every problem with its
// path:line:column and the last good base keeps serving. Reloads never overlap: a request
// during a reload runs once more right after it, however many requests came in.
import { watch, type FSWatcher } from 'node:fs';
import type { ReloadTicket } from '../command.ts';
import { formatProblem } from '../knowledge/problems.ts';
import type { KnowledgeStore, ReloadResult } from '../knowledge/store.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export const DEFAULT_RELOAD_DEBOUNCE_MS = 300;

export interface ReloaderOptions {
  store: KnowledgeStore;
  logger: Logger;
  metrics?: Metrics;
  /** Quiet time after the last file event before reloading (editors write in bursts). */
  debounceMs?: number;
}

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
  private running?: Promise<ReloadOutcome>;
  private next?: Promise<ReloadOutcome>;
  private timer?: NodeJS.Timeout;
  private watcher?: FSWatcher;
  private signalHandler?: () => void;
  private closed = false;
  /** The last reload that finished, for /reload and tests. */
  last?: ReloadOutcome;

  constructor(options: ReloaderOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.debounceMs = options.debounceMs ?? DEFAULT_RELOAD_DEBOUNCE_MS;
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

  /** Watches the knowledge folder; logs and carries on (SIGHUP still works) if it cannot. */
  watch(): this {
    if (this.watcher || this.closed) return this;
    try {
      this.watcher = watch(this.store.dir, { recursive: true, persistent: true }, (_event, filename) => {
        const name = filename === null ? null : String(filename);
        if (relevant(name)) this.request(`file ${name ?? this.store.dir}`);
      });
      this.watcher.on('error', (error) => {
        this.logger.warn({ err: error, dir: this.store.dir }, 'stopped watching the knowledge folder; SIGHUP or /reload still reload it');
        this.watcher?.close();
        this.watcher = undefined;
      });
      this.logger.info({ dir: this.store.dir, debounceMs: this.debounceMs }, 'watching the knowledge folder');
    } catch (error) {
      this.logger.warn({ err: error, dir: this.store.dir }, 'cannot watch the knowledge folder; SIGHUP or /reload still reload it');
    }
    return this;
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
    this.watcher?.close();
    this.watcher = undefined;
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
    if (result.ok) this.logger.info({ reason, ...live, warnings, ms: outcome.ms }, 'knowledge reloaded');
    else this.logger.error({ reason, errors, warnings, serving: live, ms: outcome.ms }, 'knowledge reload rejected; the last good base keeps serving');
    return outcome;
  }

  private finish(ok: boolean, reason: string, errors: number, warnings: number, started: number): ReloadOutcome {
    this.metrics?.reloads.inc({ result: ok ? 'ok' : 'error' });
    this.last = { ok, reason, errors, warnings, at: new Date().toISOString(), ms: Math.round((performance.now() - started) * 100) / 100 };
    return this.last;
  }
}
