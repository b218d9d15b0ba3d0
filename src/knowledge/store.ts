// The live knowledge: the last base that loaded without errors, with its index. A reload
// builds a whole new base beside the live one and swaps the reference in one assignment,
// so an answer in flight keeps the base it started with and a broken edit changes nothing.
import { commands as allCommands } from '../../commands/index.ts';
import { KnowledgeIndex } from '../search/index.ts';
import { loadKnowledge, type KnowledgeBase, type LoadOptions } from './load.ts';
import type { Problem } from './problems.ts';

export interface Knowledge {
  readonly kb: KnowledgeBase;
  readonly index: KnowledgeIndex;
}

export interface ReloadResult {
  ok: boolean;
  problems: Problem[];
  knowledge: Knowledge;
}

export function indexKnowledge(kb: KnowledgeBase): Knowledge {
  return { kb, index: new KnowledgeIndex(kb, allCommands.map((command) => command.name)) };
}

export class KnowledgeLoadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`the fact base has ${problems.filter((problem) => problem.severity === 'error').length} error(s)`);
  }
}

export class KnowledgeStore {
  private live: Knowledge;

  private constructor(
    readonly dir: string,
    initial: Knowledge,
    private readonly options: LoadOptions,
  ) {
    this.live = initial;
  }

  /** Loads the base once; throws KnowledgeLoadError listing every problem if it is broken. */
  static async open(dir: string, options: LoadOptions = {}): Promise<KnowledgeStore> {
    const result = await loadKnowledge(dir, options);
    if (!result.kb) throw new KnowledgeLoadError(result.problems);
    return new KnowledgeStore(dir, indexKnowledge(result.kb), options);
  }

  get current(): Knowledge {
    return this.live;
  }

  /** Loads, validates and indexes a new base; swaps it in only if it has no error. */
  async reload(): Promise<ReloadResult> {
    const result = await loadKnowledge(this.dir, this.options);
    if (!result.kb) return { ok: false, problems: result.problems, knowledge: this.live };
    this.live = indexKnowledge(result.kb);
    return { ok: true, problems: result.problems, knowledge: this.live };
  }
}
