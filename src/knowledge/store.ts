// The live knowledge: the last base that loaded without errors, with its index. A reload
// builds a whole new base beside the live one and swaps the reference in one assignment,
// so an answer in flight keeps the base it started with and a broken edit changes nothing.
// A reload loads on a worker thread (worker.ts), so that answers go on meanwhile; what
// runs on the main thread (indexing the result, bounded by KNOWLEDGE_LIMITS.items; reading a
// saved base back; saving the new one) runs a few milliseconds at a time (slices.ts). The
// first load, at start, runs in process and at once: nothing is being served yet, and a
// process whose base does not load exits.
// With a cache folder (see cache.ts), a base whose files have not changed since it was last
// loaded is read back with its index instead of being parsed and indexed again, and a
// reload with nothing changed keeps the live base.
import { commands as allCommands } from '../../commands/index.ts';
import type { AsPlainObject } from 'minisearch';
import { KnowledgeIndex } from '../search/index.ts';
import { hashContents, readCachedBase, saveCachedBase, stampFiles, type FileStamp } from './cache.ts';
import { loadKnowledge, type KnowledgeBase, type LoadOptions } from './load.ts';
import type { Problem } from './problems.ts';
import { loadKnowledgeInWorker, type WorkerLimits } from './worker.ts';

export interface StoreOptions extends LoadOptions {
  worker?: WorkerLimits;
  /** Where to keep the cache of loaded bases; none by default (tests load afresh). */
  cacheDir?: string;
}

export interface Knowledge {
  readonly kb: KnowledgeBase;
  readonly index: KnowledgeIndex;
}

export interface ReloadResult {
  ok: boolean;
  /** As listed by the loader: at most KNOWLEDGE_LIMITS.problems, then one counting the rest. */
  problems: Problem[];
  /** Every error and warning found, listed or not. */
  errors: number;
  warnings: number;
  knowledge: Knowledge;
  /** Where the base came from: the live one kept (nothing changed), the cache, or the files. */
  from: 'unchanged' | 'cache' | 'files';
}

/** How long after a load its base is saved to the cache. */
const SAVE_DELAY_MS = 200;

/** Every command's name: "did you mean" offers commands too. */
const COMMAND_NAMES = allCommands.map((command) => command.name);

export function indexKnowledge(kb: KnowledgeBase, saved?: AsPlainObject): Knowledge {
  return {
    kb,
    index: KnowledgeIndex.of(kb, COMMAND_NAMES, saved),
  };
}

export class KnowledgeLoadError extends Error {
  constructor(
    readonly problems: Problem[],
    errors = problems.filter((problem) => problem.severity === 'error').length,
  ) {
    super(`the fact base has ${errors} error(s)`);
  }
}

export class KnowledgeStore {
  private live: Knowledge;
  /** What the live base was loaded from, when there is a cache: the files' stamp and content key. */
  private liveStats?: string;
  private liveContent?: string;
  /** The save of the live base to the cache, while it runs. */
  private saving?: Promise<void>;

  private constructor(
    readonly dir: string,
    initial: Knowledge,
    private readonly options: StoreOptions,
    /** Whether the live base came from the cache rather than from the YAML files. */
    public fromCache = false,
  ) {
    this.live = initial;
  }

  /** Loads the base once; throws KnowledgeLoadError listing every problem if it is broken. */
  static async open(dir: string, options: StoreOptions = {}): Promise<KnowledgeStore> {
    const { cacheDir } = options;
    const stamp = cacheDir ? await stampFiles(dir) : undefined;
    const cached = cacheDir && stamp ? await readCachedBase(dir, cacheDir, stamp, options) : undefined;
    if (cached) {
      const store = new KnowledgeStore(dir, indexKnowledge(cached.kb, cached.search), options, true);
      [store.liveStats, store.liveContent] = [stamp!.stats, cached.content];
      return store;
    }
    const result = await loadKnowledge(dir, options);
    if (!result.kb) throw new KnowledgeLoadError(result.problems, result.errors);
    const store = new KnowledgeStore(dir, indexKnowledge(result.kb), options);
    store.remember(stamp, result.problems, result.fileCount);
    return store;
  }

  get current(): Knowledge {
    return this.live;
  }

  /**
   * Loads, validates and indexes a new base; swaps it in only if it has no error. With a
   * cache, files whose contents did not change keep the live base as it is, and files
   * saved before (an edit undone) are read back from the cache.
   */
  async reload(): Promise<ReloadResult> {
    const { cacheDir } = this.options;
    const stamp = cacheDir ? await stampFiles(this.dir) : undefined;
    if (cacheDir && stamp) {
      const unchanged: ReloadResult = { ok: true, problems: [], errors: 0, warnings: 0, knowledge: this.live, from: 'unchanged' };
      if (stamp.stats === this.liveStats) return unchanged;
      const { content } = await hashContents(this.dir, stamp.files);
      if (content === this.liveContent) {
        this.liveStats = stamp.stats;
        return unchanged;
      }
      const cached = await readCachedBase(this.dir, cacheDir, stamp, this.options, { inSlices: true });
      if (cached) {
        this.live = { kb: cached.kb, index: await KnowledgeIndex.inSlices(cached.kb, COMMAND_NAMES, cached.search) };
        [this.liveStats, this.liveContent] = [stamp.stats, cached.content];
        return { ok: true, problems: cached.problems, errors: 0, warnings: cached.problems.length, knowledge: this.live, from: 'cache' };
      }
    }
    const result = await loadKnowledgeInWorker(this.dir, this.options);
    const { kb, problems, errors, warnings } = result;
    if (!kb) return { ok: false, problems, errors, warnings, knowledge: this.live, from: 'files' };
    // Built a slice at a time: answers go on from the live base meanwhile.
    this.live = { kb, index: await KnowledgeIndex.inSlices(kb, COMMAND_NAMES) };
    this.remember(stamp, problems, result.fileCount);
    return { ok: true, problems, errors, warnings, knowledge: this.live, from: 'files' };
  }

  /** Waits for the cache to hold the live base (for a process about to exit, and tests). */
  async flush(): Promise<void> {
    await this.saving;
  }

  /**
   * Saves the live base to the cache a little later: serialising it takes a while, and the
   * first answers should not wait for it. A failure to save only costs the next start its
   * speed.
   */
  private remember(stamp: FileStamp | undefined, problems: Problem[], fileCount: number): void {
    const { cacheDir } = this.options;
    [this.liveStats, this.liveContent] = [undefined, undefined];
    if (!cacheDir || !stamp) return;
    const { kb, index } = this.live;
    const previous = this.saving ?? Promise.resolve();
    this.saving = previous
      .then(() => new Promise((resolve) => setTimeout(resolve, SAVE_DELAY_MS)))
      .then(() => saveCachedBase(this.dir, cacheDir, stamp, { kb, search: index.savedSearch(), problems, fileCount }))
      .then((content) => {
        // Still the live base: later reloads of the same files can keep it.
        if (content && this.live.kb === kb) [this.liveStats, this.liveContent] = [stamp.stats, content];
      })
      .catch(() => undefined);
  }
}
