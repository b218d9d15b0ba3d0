// /reload across replicas, on the protocol's own terms: two replicas, each with its own copy
// of the base, its own store and reloader, on one publish/subscribe channel (in process here;
// the same messages go through Redis in test/e2e/replicas.test.ts).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { Reloader } from '../../src/runtime/reload.ts';
import { RELOAD_CHANNEL, ReloadFanOut } from '../../src/runtime/reload-fanout.ts';
import { MemoryPubSub } from '../../src/runtime/shared/memory.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

interface Replica {
  dir: string;
  store: KnowledgeStore;
  reloader: Reloader;
  fanOut: ReloadFanOut;
  log: ReturnType<typeof captureLog>;
}

let channel: MemoryPubSub;
let a: Replica;
let b: Replica;

async function replica(name: string): Promise<Replica> {
  const dir = await mkdtemp(path.join(tmpdir(), `landscape-fanout-${name}-`));
  await cp(FIXTURE_DIR, dir, { recursive: true });
  const store = await KnowledgeStore.open(dir, { now: FIXED_NOW });
  const log = captureLog();
  const reloader = new Reloader({ store, logger: log.logger });
  const fanOut = await new ReloadFanOut({ reloader, store, pubsub: channel, replica: name, logger: log.logger }).start();
  return { dir, store, reloader, fanOut, log };
}

beforeEach(async () => {
  channel = new MemoryPubSub();
  a = await replica('a:1');
  b = await replica('b:2');
});

afterEach(async () => {
  for (const each of [a, b]) {
    await each.fanOut.close();
    await each.reloader.close();
    await rm(each.dir, { recursive: true, force: true });
  }
});

const reloaded = (replica: Replica) => replica.log.records().filter((line) => line.msg === 'knowledge reloaded');

describe('reload fan-out', () => {
  it('reloads the replica asked at once, and every other one, which reports the version it now serves', async () => {
    // B's copy was edited (a deploy reached it first, say): after the reload it serves a new revision.
    const file = path.join(b.dir, 'base.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('on 20 January 2025.', 'on 20 January 2025 (edited).'));
    const before = b.store.current.kb.version.revision;

    const ticket = a.fanOut.ticket();
    expect(ticket.live.revision).toBe(a.store.current.kb.version.revision);

    const report = await a.log.waitFor((line) => line.msg === 'replica reloaded');
    expect(b.store.current.kb.version.revision).not.toBe(before);
    expect(report).toMatchObject({ replica: 'b:2', ok: true, version: { revision: b.store.current.kb.version.revision }, facts: 6 });
    expect(reloaded(b)).toEqual([expect.objectContaining({ reason: 'replica a:1' })]);
    // A reloaded once, for the command; its own request coming back is not a second reload.
    await a.log.waitFor((line) => line.msg === 'knowledge reloaded');
    expect(reloaded(a)).toEqual([expect.objectContaining({ reason: 'command' })]);
  });

  it('logs reports only for the requests it made, and ignores messages it cannot read', async () => {
    await channel.publish(RELOAD_CHANNEL, 'not json');
    await channel.publish(RELOAD_CHANNEL, JSON.stringify({ type: 'reload' }));
    await channel.publish(RELOAD_CHANNEL, JSON.stringify({ type: 'reloaded', from: 'c:3', id: 'someone-elses', ok: true, version: { date: 'x', revision: 'y' }, facts: 1 }));
    expect([...a.log.records(), ...b.log.records()].map((line) => line.msg)).toEqual([]);
  });
});
