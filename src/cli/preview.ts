// `landscape preview <file|fact-id>`: how a fact answers, before it goes to a pull request.
//
// A fact is shown through /ask, asked the question the fact says it answers: its `answers`
// kind about one of its `about` entities ("DeepSeek-R1 release date", "licence de Gemma 4").
// That is the road most users take to a fact, and the answer's lead line is built from the
// fact's own fields (its date, licence block, figures), the part a curator most needs to see
// read right. /model and /source list the fact among many, in a fixed order, and would show
// neither whether the fact wins the question it was written for nor how its lead line reads.
// When it does not win, the preview says which fact does and where this one came instead.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { Answer, Locale } from '../answer/answer.ts';
import { entityName, formatDate } from '../answer/i18n.ts';
import { Engine } from '../engine.ts';
import { closest } from '../knowledge/lint.ts';
import { loadKnowledge, type KnowledgeBase } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';
import type { AnswerKind, EntityKind, Fact } from '../knowledge/schema.ts';
import { indexKnowledge } from '../knowledge/store.ts';
import { renderPreview, type PreviewPlatform } from './preview-render.ts';

/**
 * One question per kind of answer, in each language. Each holds a phrase of that kind from
 * knowledge/intents.yaml, so /ask reads it as asking for that kind (a test keeps them in
 * step); an event has no phrase of its own, so its question names the event's date.
 */
export const QUESTIONS: Record<AnswerKind, Record<Locale, string>> = {
  release: { en: '{name} release date', fr: 'date de sortie de {name}' },
  licence: { en: '{name} licence', fr: 'licence de {name}' },
  size: { en: '{name} size', fr: 'taille de {name}' },
  context: { en: '{name} context window', fr: 'fenêtre de contexte de {name}' },
  training: { en: '{name} training data', fr: "données d'entraînement de {name}" },
  usage: { en: '{name} share of usage', fr: "part d'usage de {name}" },
  benchmark: { en: '{name} benchmark scores', fr: 'performances de {name}' },
  company: { en: 'who founded {name}', fr: 'qui a fondé {name}' },
  position: { en: '{name} position', fr: 'position de {name}' },
  policy: { en: '{name} rules', fr: 'règles de {name}' },
  definition: { en: 'what is {name}', fr: "c'est quoi {name}" },
  report: { en: '{name} report', fr: 'rapport {name}' },
  event: { en: '{name}, {date}: what happened?', fr: "{name}, {date} : que s'est-il passé ?" },
};

/** The most specific entities first: "LLaMA release date" reads better than "Meta release date". */
const SPECIFIC_FIRST: readonly EntityKind[] = ['model', 'family', 'person', 'policy', 'report', 'vendor', 'segment', 'topic'];

/**
 * The questions a fact can be asked by: each kind it answers (in its order) about each entity
 * it is about, the most specific first.
 */
export function questionsFor(fact: Fact, kb: KnowledgeBase, locale: Locale): string[] {
  const entities = fact.about
    .map((id) => kb.entities.get(id))
    .filter((entity) => entity !== undefined)
    .sort((a, b) => SPECIFIC_FIRST.indexOf(a.kind) - SPECIFIC_FIRST.indexOf(b.kind));
  const questions = fact.answers.flatMap((kind) => entities.map((entity) => QUESTIONS[kind][locale].replace('{name}', entityName(entity, locale)).replace('{date}', formatDate(fact.date, locale))));
  return [...new Set(questions)];
}

export interface FactPreview {
  fact: string;
  question: string;
  /** The answer leads with this fact. */
  lead: boolean;
  /** Its 1-based place among the answer's statements; absent when the answer lacks it. */
  statement?: number;
  /** The fact the lead states when it is not this one. */
  leadFact?: string;
  answer: Answer;
}

/**
 * The answer that shows the fact best: the first question whose answer leads with it, else
 * the one that lists it soonest, else the first question.
 */
export function previewFact(fact: Fact, kb: KnowledgeBase, engine: Engine, locale: Locale): FactPreview {
  let best: FactPreview | undefined;
  for (const question of questionsFor(fact, kb, locale)) {
    const answer = engine.run('ask', { question }, locale);
    const index = answer.items.findIndex((item) => item.factId === fact.id);
    const preview: FactPreview = {
      fact: fact.id,
      question,
      lead: answer.lead?.factId === fact.id,
      ...(index >= 0 ? { statement: index + 1 } : {}),
      ...(answer.lead?.factId && answer.lead.factId !== fact.id ? { leadFact: answer.lead.factId } : {}),
      answer,
    };
    if (preview.lead) return preview;
    if (!best || (preview.statement ?? Infinity) < (best.statement ?? Infinity)) best = preview;
  }
  // Lint requires an `about` entity and an `answers` kind, so a fact always has a question.
  return best!;
}

export interface PreviewOptions {
  dir: string;
  platform: PreviewPlatform;
  locale: Locale;
  json: boolean;
  width: number;
  color: boolean;
}

type Print = (text: string) => void;

/** Previews one fact, or every fact of one file; 1 when there is nothing to preview. */
export async function previewCli(target: string, options: PreviewOptions, out: Print, err: Print): Promise<number> {
  const file = /\.ya?ml$/i.test(target) || target.includes('/') || target.includes(path.sep) ? target : undefined;
  if (file !== undefined) {
    if (!existsSync(file)) return fail(err, `no such file: ${file}`);
    const inside = path.relative(path.resolve(options.dir), path.resolve(file));
    if (inside.startsWith('..') || path.isAbsolute(inside)) return fail(err, `${file} is not in the knowledge folder ${options.dir} (set KNOWLEDGE_DIR to preview another folder)`);
  }

  const loaded = await loadKnowledge(options.dir);
  const inFile = (problemFile: string) => file !== undefined && path.resolve(problemFile) === path.resolve(file);
  // The file's own problems first (warnings too: they are worth fixing before a pull request).
  const own = loaded.problems.filter((problem) => inFile(problem.file));
  for (const problem of own) err(formatProblem(problem));
  if (!loaded.kb) {
    const others = loaded.problems.filter((problem) => problem.severity === 'error' && !inFile(problem.file));
    for (const problem of others) err(formatProblem(problem));
    const ownErrors = own.filter((problem) => problem.severity === 'error').length;
    return fail(
      err,
      ownErrors > 0
        ? `${file} does not load: ${ownErrors} error(s); fix them and preview again`
        : `the fact base does not load: ${others.length} error(s) in other files; fix them first (npx landscape lint lists them)`,
    );
  }
  const kb = loaded.kb;

  let facts: Fact[];
  if (file !== undefined) {
    const ids = ((parse(await readFile(file, 'utf8')) as { facts?: { id: string }[] } | null)?.facts ?? []).map((fact) => fact.id);
    if (ids.length === 0) return fail(err, `${file} has no facts, and preview shows facts (for an entity or a source: landscape ask "/model <id>", "/vendor <id>" or "/source <id>")`);
    facts = ids.map((id) => kb.facts.get(id)!);
  } else {
    const fact = kb.facts.get(target);
    if (!fact) return fail(err, `no fact "${target}"${closest(target, kb.facts.keys())}; give a fact id or a knowledge file`);
    facts = [fact];
  }

  const engine = new Engine({ knowledge: () => indexKnowledge(kb) });
  const version = `${kb.version.date} (${kb.version.commit ?? `rev ${kb.version.revision.slice(0, 8)}`})`;
  const previews = facts.map((fact) => previewFact(fact, kb, engine, options.locale));
  const rendered = previews.map((preview) => renderPreview(preview.answer, options.platform, { version, width: options.width, color: options.color }));

  if (options.json) {
    out(
      JSON.stringify(
        previews.map((preview, index) => ({
          fact: preview.fact,
          question: preview.question,
          lead: preview.lead,
          statement: preview.statement ?? null,
          leadFact: preview.leadFact ?? null,
          platform: options.platform,
          locale: options.locale,
          rendered: rendered[index],
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  previews.forEach((preview, index) => {
    if (index > 0) out('');
    out(`── ${preview.fact} ${'─'.repeat(Math.max(3, options.width - preview.fact.length - 4))}`);
    out(`asked: /ask ${preview.question}`);
    out(placement(preview));
    out('');
    const output = rendered[index]!;
    out(typeof output === 'string' ? output : JSON.stringify(output, null, 2));
  });
  return 0;
}

function placement(preview: FactPreview): string {
  if (preview.lead) return '✓ the answer leads with this fact';
  if (preview.statement === undefined) return '⚠ no answer to its questions lists this fact: check its about and answers fields';
  const leader = preview.leadFact ? `; the lead states ${preview.leadFact}` : '';
  return `⚠ this fact is statement ${preview.statement} of ${preview.answer.items.length}, not the lead${leader}`;
}

function fail(err: Print, message: string): number {
  err(`landscape preview: ${message}`);
  return 1;
}
