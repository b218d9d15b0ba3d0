// Measures /ask against question sets, for the tests, the benchmark and `landscape diff`.
// Two kinds of set: the development set names the facts that answer each question (any of
// them in the top 3 is a hit); the held-out set, written before the ranking was, names the
// entity and the kind of answer expected first, or `none` when the base cannot answer.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { Answer, Locale } from '../answer/answer.ts';
import { formatDate } from '../answer/i18n.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { AnswerKind, Fact } from '../knowledge/schema.ts';

export interface DevQuestion {
  q: string;
  lang: Locale;
  /** Fact ids, any one of which in the top 3 answers the question. */
  expect: string[];
}

export interface HeldOutQuestion {
  q: string;
  lang: Locale;
  expect: 'none' | { about: string | string[]; answers: AnswerKind | AnswerKind[] };
}

export type Ask = (question: string) => Promise<Answer> | Answer;

/** Reads a YAML list, or every YAML list in a folder, in name order. */
export async function loadQuestions<T>(...paths: string[]): Promise<T[]> {
  const questions: T[] = [];
  for (const file of paths) {
    const names = file.endsWith('.yaml')
      ? [file]
      : (await readdir(file).catch(() => []))
          .filter((name) => name.endsWith('.yaml'))
          .sort()
          .map((name) => path.join(file, name));
    for (const name of names) questions.push(...((parse(await readFile(name, 'utf8')) as T[] | null) ?? []));
  }
  return questions;
}

export interface DevReport {
  total: number;
  hits: number;
  misses: { q: string; got: (string | undefined)[]; expected: string[] }[];
}

export async function evaluateDev(questions: readonly DevQuestion[], ask: Ask): Promise<DevReport> {
  const misses: DevReport['misses'] = [];
  for (const question of questions) {
    const answer = await ask(question.q);
    const top3 = answer.items.slice(0, 3).map((item) => item.factId);
    if (!question.expect.some((id) => top3.includes(id))) misses.push({ q: question.q, got: top3, expected: question.expect });
  }
  return { total: questions.length, hits: questions.length - misses.length, misses };
}

export interface HeldOutReport {
  answerable: number;
  rightFirst: number;
  unanswerable: number;
  honestMisses: number;
  french: number;
  answeredInFrench: number;
  /** Release, licence and size questions whose first fact is right. */
  valueQuestions: number;
  leadStatesValue: number;
  failures: string[];
}

const VALUE_KINDS: readonly AnswerKind[] = ['release', 'licence', 'size'];

export async function evaluateHeldOut(questions: readonly HeldOutQuestion[], ask: Ask, kb: KnowledgeBase): Promise<HeldOutReport> {
  const report: HeldOutReport = { answerable: 0, rightFirst: 0, unanswerable: 0, honestMisses: 0, french: 0, answeredInFrench: 0, valueQuestions: 0, leadStatesValue: 0, failures: [] };
  for (const question of questions) {
    const answer = await ask(question.q);
    if (question.lang === 'fr') {
      report.french++;
      if (answer.locale === 'fr') report.answeredInFrench++;
      else report.failures.push(`answered in English: ${question.q}`);
    }
    if (question.expect === 'none') {
      report.unanswerable++;
      if (saysNotInBase(answer)) report.honestMisses++;
      else report.failures.push(`not admitted: ${question.q} → ${answer.items[0]?.factId ?? answer.status}`);
      continue;
    }
    report.answerable++;
    const expected = { about: list(question.expect.about), answers: list(question.expect.answers) };
    const first = answer.items[0]?.factId ? kb.facts.get(answer.items[0].factId) : undefined;
    const right = first !== undefined && answer.status === 'ok' && isAbout(first, expected.about, kb) && expected.answers.some((kind) => first.answers.includes(kind));
    if (right) report.rightFirst++;
    else report.failures.push(`wrong first fact: ${question.q} → ${first?.id ?? answer.status}`);
    const valueKind = expected.answers.find((kind) => VALUE_KINDS.includes(kind));
    if (valueKind && right) {
      report.valueQuestions++;
      if (leadStates(answer, first, valueKind)) report.leadStatesValue++;
      else report.failures.push(`lead does not state the ${valueKind}: ${question.q} → ${answer.lead?.text ?? '(no lead)'}`);
    }
  }
  return report;
}

/** "Not in the base" in any of its forms: nothing found, a partial answer, an off-topic note. */
export function saysNotInBase(answer: Answer): boolean {
  return answer.status === 'not-found' || answer.status === 'partial';
}

/** About one of the entities, directly or through a model of that family or vendor. */
function isAbout(fact: Fact, ids: readonly string[], kb: KnowledgeBase): boolean {
  return fact.about.some((id) => {
    if (ids.includes(id)) return true;
    const entity = kb.entities.get(id);
    return entity !== undefined && ((entity.family !== undefined && ids.includes(entity.family)) || (entity.kind === 'model' && entity.vendor !== undefined && ids.includes(entity.vendor)));
  });
}

/** The lead line states the date, the licence or a parameter figure of its fact. */
function leadStates(answer: Answer, fact: Fact, kind: AnswerKind): boolean {
  const lead = answer.lead?.text;
  if (!lead) return false;
  if (kind === 'release') return lead.includes(formatDate(fact.date, answer.locale));
  if (kind === 'licence') return fact.licence !== undefined && lead.includes(fact.licence.name);
  const numbers = fact.figures
    .filter((figure) => figure.metric.endsWith('parameters'))
    .map((figure) => figure.value.toLocaleString(answer.locale === 'fr' ? 'fr-FR' : 'en-US', { maximumFractionDigits: 3 }));
  return numbers.length > 0 ? numbers.some((number) => lead.includes(number)) : lead.length > 0;
}

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((part / whole) * 100).toFixed(1)}%`;
}
