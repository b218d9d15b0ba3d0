// /reload on one replica reloads them all. The replica an admin asked reloads at once (as a
// single process does) and publishes a request on the shared state's `reload` channel; every
// other replica reloads its own copy of the base and publishes what it now serves, and the
// replica that asked logs each answer ("replica reloaded", with its version). File changes
// and SIGHUP stay local: each replica watches its own folder and takes its own signals.
import { randomUUID } from 'node:crypto';
import type { ReloadTicket } from '../command.ts';
import type { KnowledgeStore } from '../knowledge/store.ts';
import type { Logger } from './logger.ts';
import type { Reloader } from './reload.ts';
import type { PubSub } from './shared/types.ts';

export const RELOAD_CHANNEL = 'reload';

interface ReloadRequest {
  type: 'reload';
  from: string;
  id: string;
}

interface ReloadReport {
  type: 'reloaded';
  from: string;
  /** The request answered. */
  id: string;
  ok: boolean;
  version: { date: string; revision: string; commit?: string };
  facts: number;
}

export interface ReloadFanOutOptions {
  reloader: Reloader;
  store: KnowledgeStore;
  pubsub: PubSub;
  /** This replica's name (SharedState.replica). */
  replica: string;
  logger: Logger;
}

export class ReloadFanOut {
  private unsubscribe?: () => Promise<void>;
  /** Requests this replica published, whose reports it logs. */
  private readonly asked = new Set<string>();

  constructor(private readonly options: ReloadFanOutOptions) {}

  async start(): Promise<this> {
    this.unsubscribe = await this.options.pubsub.subscribe(RELOAD_CHANNEL, (message) => this.receive(message));
    return this;
  }

  /** For /reload: reloads here at once, as a single process would, and asks every other replica to. */
  ticket(): ReloadTicket {
    const ticket = this.options.reloader.ticket();
    const id = randomUUID();
    this.asked.add(id);
    // Only the latest few: reports of older requests are no longer worth a log line.
    if (this.asked.size > 16) this.asked.delete(this.asked.values().next().value!);
    this.publish({ type: 'reload', from: this.options.replica, id });
    return ticket;
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
  }

  private receive(message: string): void {
    const parsed = parse(message);
    if (!parsed || parsed.from === this.options.replica) return;
    const { logger } = this.options;
    if (parsed.type === 'reloaded') {
      if (this.asked.has(parsed.id)) logger.info({ replica: parsed.from, ok: parsed.ok, version: parsed.version, facts: parsed.facts }, 'replica reloaded');
      return;
    }
    logger.info({ replica: parsed.from }, 'reload asked by another replica');
    void this.options.reloader.reload(`replica ${parsed.from}`).then((outcome) => {
      const { kb } = this.options.store.current;
      this.publish({ type: 'reloaded', from: this.options.replica, id: parsed.id, ok: outcome.ok, version: { ...kb.version }, facts: kb.facts.size });
    });
  }

  private publish(message: ReloadRequest | ReloadReport): void {
    this.options.pubsub.publish(RELOAD_CHANNEL, JSON.stringify(message)).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'cannot reach the other replicas about a reload');
    });
  }
}

/** A message from another replica, if it is one this version understands. */
function parse(message: string): ReloadRequest | ReloadReport | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || typeof value.from !== 'string' || typeof value.id !== 'string') return undefined;
  if (value.type === 'reload') return { type: 'reload', from: value.from, id: value.id };
  if (value.type === 'reloaded' && typeof value.ok === 'boolean' && typeof value.version === 'object' && value.version !== null && typeof value.facts === 'number') {
    return { type: 'reloaded', from: value.from, id: value.id, ok: value.ok, version: value.version as ReloadReport['version'], facts: value.facts };
  }
  return undefined;
}
