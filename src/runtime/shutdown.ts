// Graceful shutdown on SIGTERM and SIGINT: stop taking new work (health turns 503 so a load
// balancer stops sending, and the Bot answers new requests with a polite "restarting"
// note), let the answers in flight finish for at most `graceMs` (10 s), stop the platform
// adapters (close the Discord gateway and Slack's HTTP server), then the rest (the
// standalone HTTP server, the file watcher, the gaps file). A second signal exits at once.
import { settleWithin } from './async.ts';
import type { PlatformAdapter } from '../platforms/adapter.ts';
import type { Health } from './http.ts';
import type { Logger } from './logger.ts';

export const DEFAULT_GRACE_MS = 10_000;
/** Each adapter's stop() gets this long once the grace period is over or work is done. */
export const DEFAULT_STOP_MS = 5_000;

/** What shutdown needs from the Bot: refuse new work, and say when the old work is done. */
export interface Drainable {
  drain(): void;
  idle(): Promise<void>;
  readonly pending: number;
}

export interface Closer {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownOptions {
  bot: Drainable;
  adapters: readonly PlatformAdapter[];
  /** Closed after the adapters, in order: HTTP server, reloader, gaps file… */
  closers?: readonly Closer[];
  health?: Health;
  logger: Logger;
  graceMs?: number;
  stopMs?: number;
}

export interface ShutdownReport {
  /** Every answer finished and every adapter and closer stopped in time. */
  clean: boolean;
  /** Answers still in flight when the grace period ran out. */
  abandoned: number;
  /** Adapters or closers that failed or did not stop in time. */
  failed: string[];
}

/** Runs the shutdown sequence once; never rejects. */
export async function shutdown(options: ShutdownOptions, reason: string): Promise<ShutdownReport> {
  const { bot, logger } = options;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const stopMs = options.stopMs ?? DEFAULT_STOP_MS;
  const failed: string[] = [];

  if (options.health) options.health.phase = 'draining';
  bot.drain();
  logger.info({ reason, inFlight: bot.pending, graceMs }, 'shutting down: no new work, finishing answers in flight');

  const drained = await settlesWithin(bot.idle(), graceMs);
  const abandoned = drained ? 0 : bot.pending;
  if (!drained) logger.warn({ abandoned, graceMs }, 'answers still in flight after the grace period; stopping anyway');

  await Promise.all(
    options.adapters.map(async (adapter) => {
      const stopped = await settlesWithin(adapter.stop(), stopMs, (error) => logger.error({ err: error, platform: adapter.platform }, 'platform adapter failed to stop'));
      if (!stopped) failed.push(adapter.platform);
    }),
  );
  for (const closer of options.closers ?? []) {
    const closed = await settlesWithin(closer.close(), stopMs, (error) => logger.error({ err: error, what: closer.name }, 'failed to close'));
    if (!closed) failed.push(closer.name);
  }

  const report = { clean: drained && failed.length === 0, abandoned, failed };
  if (failed.length > 0) logger.warn({ failed }, 'some parts did not stop cleanly');
  logger.info(report, 'stopped');
  return report;
}

/**
 * True if `work` resolves within `ms`; false if it rejects (reported through `onError`) or
 * is still pending.
 */
async function settlesWithin(work: Promise<unknown>, ms: number, onError?: (error: unknown) => void): Promise<boolean> {
  const settled = work.then(
    () => true,
    (error: unknown) => {
      onError?.(error);
      return false;
    },
  );
  return (await settleWithin(settled, ms)) ?? false;
}

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

/**
 * Resolves on the first SIGTERM or SIGINT. A second one means the operator will not wait:
 * `onForce` runs (by default: exit with status 1 at once). Returns the promise and a
 * function that removes the handlers.
 */
export function waitForShutdownSignal(onForce: (signal: ShutdownSignal) => void = () => process.exit(1)): { signal: Promise<ShutdownSignal>; dispose: () => void } {
  let received = false;
  let resolveSignal!: (signal: ShutdownSignal) => void;
  const signal = new Promise<ShutdownSignal>((resolve) => {
    resolveSignal = resolve;
  });
  const handler = (name: ShutdownSignal) => {
    if (received) return onForce(name);
    received = true;
    resolveSignal(name);
  };
  const onTerm = () => handler('SIGTERM');
  const onInt = () => handler('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  return {
    signal,
    dispose: () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    },
  };
}
