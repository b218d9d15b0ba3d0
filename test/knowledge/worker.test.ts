// Loading on a worker thread: the result is the same base as an in-process load, frozen
// again after crossing threads, and a worker that runs out of memory or time is a problem
// in the result, never a crash of the process that asked.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { KnowledgeLoadError, KnowledgeStore } from '../../src/knowledge/store.ts';
import { loadKnowledgeInWorker, workerMemoryMb, workerTimeoutMs } from '../../src/knowledge/worker.ts';
import { knowledgeLimitsFrom } from '../../src/config.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

describe('loading on a worker thread', () => {
  it('gives the base an in-process load gives, frozen', async () => {
    const [inWorker, inProcess] = await Promise.all([loadKnowledgeInWorker(FIXTURE_DIR, { now: FIXED_NOW }), loadKnowledge(FIXTURE_DIR, { now: FIXED_NOW })]);
    expect(inWorker.problems).toEqual([]);
    expect([...inWorker.kb!.facts.values()]).toEqual([...inProcess.kb!.facts.values()]);
    expect(inWorker.kb!.version).toEqual(inProcess.kb!.version);
    expect(inWorker.kb!.loadedAt).toEqual(FIXED_NOW);
    const fact = inWorker.kb!.facts.values().next().value!;
    expect(Object.isFrozen(fact) && Object.isFrozen(fact.sources)).toBe(true);
  });

  it('reports problems found in the worker as a load in process does', async () => {
    const [inWorker, inProcess] = await Promise.all([loadKnowledgeInWorker('test/fixtures/lint/rules', { now: FIXED_NOW }), loadKnowledge('test/fixtures/lint/rules', { now: FIXED_NOW })]);
    expect(inWorker.kb).toBeUndefined();
    expect(inWorker).toEqual(inProcess);
  });

  it('a worker that runs out of memory is a problem, and the next load works', async () => {
    const result = await loadKnowledgeInWorker(FIXTURE_DIR, { now: FIXED_NOW, worker: { memoryMb: 2 } });
    expect(result.kb).toBeUndefined();
    expect(result.problems).toEqual([
      { file: FIXTURE_DIR, line: 1, column: 1, severity: 'error', rule: 'load-memory', message: 'loading the knowledge folder needed more than 2 MB of memory; it was stopped' },
    ]);
    expect((await loadKnowledgeInWorker(FIXTURE_DIR, { now: FIXED_NOW })).kb?.facts.size).toBe(6);
  });

  it('gives a worker 256 MB of heap within the default limits, and 24 MB per megabyte of a larger base', () => {
    expect(workerMemoryMb()).toBe(256);
    expect(workerMemoryMb(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '16' }))).toBe(256);
    expect(workerMemoryMb(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '4' }))).toBe(256);
    // The benchmark's 100,000 facts: 60 MB of YAML, which a worker loads within 700 MB.
    expect(workerMemoryMb(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '67' }))).toBe(1608);
  });

  it('gives a worker 60 s within the default limits, and 4 s per megabyte of a larger base', () => {
    expect(workerTimeoutMs()).toBe(60_000);
    expect(workerTimeoutMs(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '16' }))).toBe(60_000);
    expect(workerTimeoutMs(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '4' }))).toBe(60_000);
    expect(workerTimeoutMs(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '20' }))).toBe(80_000);
    // The benchmark's 100,000 facts (60 MB of YAML) load in 30 to 35 s on a quiet machine.
    expect(workerTimeoutMs(knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '67' }))).toBe(268_000);
  });

  it('a worker that takes too long is stopped, and the load is a problem', async () => {
    const result = await loadKnowledgeInWorker(FIXTURE_DIR, { now: FIXED_NOW, worker: { timeoutMs: 1 } });
    expect(result.problems).toEqual([expect.objectContaining({ rule: 'load-timeout', message: 'loading the knowledge folder took longer than 0.001 s; it was stopped' })]);
  });

  it('a store that cannot load its folder at start throws every problem', async () => {
    await expect(KnowledgeStore.open('test/fixtures/lint/syntax', { now: FIXED_NOW })).rejects.toThrow(KnowledgeLoadError);
  });
});
