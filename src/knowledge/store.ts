// The live knowledge: the last base that loaded without errors, with its index. A reload
// builds a whole new base beside the live one and swaps the reference in one assignment,
// so an answer in flight keeps the base it started with and a broken edit changes nothing.
// A reload loads on a worker thread (worker.ts), so that answers go on meanwhile; only
// indexing the result, bounded by KNOWLEDGE_LIMITS.items, runs on the main thread. The
// first load, at start, runs in process: nothing is being served yet, and a process whose
// base does not load exits.
import { commands as allCommands } from '../../commands/index.ts';
import { KnowledgeIndex } from '../search/index.ts';
import { loadKnowledge, type KnowledgeBase, type LoadOptions } from './load.ts';
import type { Problem } from './problems.ts';
import { loadKnowledgeInWorker, type WorkerLimits } from './worker.ts';

export interface StoreOptions extends LoadOptions {
  worker?: WorkerLimits;
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
}

export function indexKnowledge(kb: KnowledgeBase): Knowledge {
  return { kb, index: new KnowledgeIndex(kb, allCommands.map((command) => command.name)) };
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

  private constructor(
    readonly dir: string,
    initial: Knowledge,
    private readonly options: StoreOptions,
  ) {
    this.live = initial;
  }

  /** Loads the base once; throws KnowledgeLoadError listing every problem if it is broken. */
  static async open(dir: string, options: StoreOptions = {}): Promise<KnowledgeStore> {
    const result = await loadKnowledge(dir, options);
    if (!result.kb) throw new KnowledgeLoadError(result.problems, result.errors);
    return new KnowledgeStore(dir, indexKnowledge(result.kb), options);
  }

  get current(): Knowledge {
    return this.live;
  }

  /** Loads, validates and indexes a new base; swaps it in only if it has no error. */
  async reload(): Promise<ReloadResult> {
    const { kb, problems, errors, warnings } = await loadKnowledgeInWorker(this.dir, this.options);
    if (!kb) return { ok: false, problems, errors, warnings, knowledge: this.live };
    this.live = indexKnowledge(kb);
    return { ok: true, problems, errors, warnings, knowledge: this.live };
  }
}
