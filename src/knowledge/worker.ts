// Loading the knowledge folder on a worker thread, so that a live process keeps answering
// (and /healthz keeps saying so) however long a load takes, and so that the memory a
// hostile edit costs goes with the worker when it ends. The worker reads, parses,
// validates and lints (load.ts, within KNOWLEDGE_LIMITS); the main thread gets back the
// base as lines of JSON in one transferred buffer (base-lines.ts), which it decodes and
// parses a slice at a time, or a problem saying why there is none (out of memory, too slow,
// crashed).
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { runInSlices } from '../runtime/slices.ts';
import { baseFromLines, baseLines, linesOfBytes, linesToBytes, type BaseRest } from './base-lines.ts';
import { KNOWLEDGE_LIMITS, loadKnowledge, type LoadOptions, type LoadResult } from './load.ts';
import type { Problem } from './problems.ts';

export interface WorkerLimits {
  /** Heap the worker may use; past it the load fails with a problem, the process lives on. */
  memoryMb?: number;
  /** A load still running after this is stopped (reloads wait for each other); default: workerTimeoutMs. */
  timeoutMs?: number;
}

export const DEFAULT_WORKER_MEMORY_MB = 256;
/**
 * Heap per megabyte of YAML, for a base allowed to be larger than the default 16 MB
 * (KNOWLEDGE_MAX_MB): 60 MB of synthetic YAML (100,000 facts) loads within 700 MB, and
 * 8.7 MB (10,000 facts) within 100 MB but not 64 (bench/RESULTS.md); 24 leaves twice that.
 */
const HEAP_PER_YAML_MB = 24;
export const DEFAULT_WORKER_TIMEOUT_MS = 60_000;
/**
 * Time per megabyte of YAML, for a base allowed to be larger than the default: the default's
 * 60 s for 16 MB, kept in proportion. 60 MB (100,000 facts) loads in 23 to 26 s on a quiet
 * 2-core machine, which the flat 60 s left a busy one little room for.
 */
const MS_PER_YAML_MB = 4_000;

/** The heap a load's worker may use: 256 MB within the default limits, more for a larger base. */
export function workerMemoryMb(limits?: LoadOptions['limits']): number {
  const yamlMb = allowedYamlMb(limits);
  if (yamlMb === undefined) return DEFAULT_WORKER_MEMORY_MB;
  return Math.max(DEFAULT_WORKER_MEMORY_MB, Math.ceil(yamlMb * HEAP_PER_YAML_MB));
}

/** How long a load's worker may take: 60 s within the default limits, more for a larger base. */
export function workerTimeoutMs(limits?: LoadOptions['limits']): number {
  const yamlMb = allowedYamlMb(limits);
  if (yamlMb === undefined) return DEFAULT_WORKER_TIMEOUT_MS;
  return Math.max(DEFAULT_WORKER_TIMEOUT_MS, Math.ceil(yamlMb * MS_PER_YAML_MB));
}

/** The megabytes of YAML a base may have, when raised above the default (KNOWLEDGE_MAX_MB). */
function allowedYamlMb(limits?: LoadOptions['limits']): number | undefined {
  const totalBytes = limits?.totalBytes ?? KNOWLEDGE_LIMITS.totalBytes;
  return totalBytes > KNOWLEDGE_LIMITS.totalBytes ? totalBytes / 2 ** 20 : undefined;
}

const ENTRY = new URL('./load-worker.js', import.meta.url);

/** What the worker posts back: a LoadResult whose base, if any, is in lines, in one transferred buffer. */
interface LoadMessage extends Omit<LoadResult, 'kb'> {
  base?: { lines: ArrayBuffer; version: BaseRest['version'] };
}

interface LoadRequest {
  dir: string;
  /** ISO time: "today" for the future-date check. */
  now: string;
  limits?: LoadOptions['limits'];
}

/** Loads `dir` on a new worker thread; never rejects: a failed worker is a problem. */
export function loadKnowledgeInWorker(dir: string, options: LoadOptions & { worker?: WorkerLimits } = {}): Promise<LoadResult> {
  // A base allowed to be larger (KNOWLEDGE_MAX_MB) is allowed the heap to load it.
  const memoryMb = options.worker?.memoryMb ?? workerMemoryMb(options.limits);
  const timeoutMs = options.worker?.timeoutMs ?? workerTimeoutMs(options.limits);
  const request: LoadRequest = { dir, now: (options.now ?? new Date()).toISOString(), ...(options.limits ? { limits: options.limits } : {}) };
  const worker = new Worker(ENTRY, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
  return new Promise((resolve) => {
    /** Set once the worker has answered, or failed: what happens to it after that is no news. */
    let done = false;
    const stop = () => {
      done = true;
      clearTimeout(timer);
      // Its heap (a hostile file's parse trees) goes now, not when it gets round to exiting.
      void worker.terminate();
    };
    const finish = (result: LoadResult) => {
      if (done) return;
      stop();
      resolve(result);
    };
    const timer = setTimeout(() => finish(failed(dir, 'load-timeout', `loading the knowledge folder took longer than ${timeoutMs / 1000} s; it was stopped`)), timeoutMs);
    worker.once('message', ({ base, ...result }: LoadMessage) => {
      if (done) return;
      stop();
      if (!base) {
        resolve(result);
        return;
      }
      // Parsed here a slice at a time: answers go on meanwhile.
      runInSlices(baseFromLines(linesOfBytes(base.lines), { dir, version: base.version, loadedAt: new Date(request.now) })).then(
        (kb) => resolve({ ...result, kb }),
        (error: Error) => resolve(failed(dir, 'load-failed', `loading the knowledge folder failed: ${error.message}`)),
      );
    });
    worker.once('error', (error: Error & { code?: string }) =>
      finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? failed(dir, 'load-memory', `loading the knowledge folder needed more than ${memoryMb} MB of memory; it was stopped`)
          : failed(dir, 'load-failed', `loading the knowledge folder failed: ${error.message}`),
      ),
    );
    worker.once('exit', (code) => finish(failed(dir, 'load-failed', `the knowledge loader stopped (exit code ${code}) before it finished`)));
  });
}

/** The worker's side: load what was asked and post the result back. */
export async function serveLoad(): Promise<void> {
  const { dir, now, limits } = workerData as LoadRequest;
  const { kb, ...result } = await loadKnowledge(dir, { now: new Date(now), limits });
  if (!kb) {
    parentPort!.postMessage(result satisfies LoadMessage);
    return;
  }
  const lines = linesToBytes([...baseLines(kb)]);
  parentPort!.postMessage({ ...result, base: { lines, version: kb.version } } satisfies LoadMessage, [lines]);
}

function failed(dir: string, rule: string, message: string): LoadResult {
  const problem: Problem = { file: dir, line: 1, column: 1, severity: 'error', rule, message };
  return { problems: [problem], errors: 1, warnings: 0, fileCount: 0 };
}
