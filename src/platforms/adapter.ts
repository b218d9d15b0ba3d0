// What main.ts needs from a platform: start, report its connection state, and stop cleanly
// (stop taking new work, finish answers in flight, close connections).
import type { Platform } from '../bot.ts';

export type ConnectionState = 'starting' | 'connected' | 'reconnecting' | 'disconnected' | 'stopped';

export interface PlatformAdapter {
  readonly platform: Platform;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ConnectionState;
}
