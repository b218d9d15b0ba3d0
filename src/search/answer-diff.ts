// The answers a change to the fact base alters: every question of the development and
// held-out sets is asked of the base before and after, with the same code, and each one whose
// lead line or first fact differs is kept, with whether it met its set's expectation on each
// side. The set-level rates come from the same evaluation the search-quality test runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Answer, AnswerStatus, Locale } from '../answer/answer.ts';
import type { KnowledgeBase } from '../knowledge/load.ts';
import { evaluateDev, evaluateHeldOut, loadQuestions, type Ask, type DevQuestion, type DevReport, type HeldOutQuestion, type HeldOutReport } from './evaluate.ts';

export interface QuestionSets {
  dev: DevQuestion[];
  heldOut: HeldOutQuestion[];
}

/**
 * The sets under `root`, laid out as the project's test/search: `questions.yaml` and `dev/`
 * (the development set), `held-out.yaml`. A missing part is an empty set.
 */
export async function loadQuestionSets(root: string): Promise<QuestionSets> {
  const existing = (...names: string[]) => names.map((name) => path.join(root, name)).filter((file) => existsSync(file));
  return {
    dev: await loadQuestions<DevQuestion>(...existing('questions.yaml', 'dev')),
    heldOut: await loadQuestions<HeldOutQuestion>(...existing('held-out.yaml')),
  };
}

/** One side of the comparison: how to ask, and the base asked (the held-out set needs it). */
export interface AnswerSide {
  ask: Ask;
  kb: KnowledgeBase;
}

/** What a reviewer compares: the first line and the fact it rests on. */
export interface AnswerBrief {
  status: AnswerStatus;
  lead?: string;
  firstFact?: string;
}

export interface AnswerShift {
  set: 'dev' | 'held-out';
  q: string;
  lang: Locale;
  before: AnswerBrief;
  after: AnswerBrief;
  /** Met its set's expectation (dev: an expected fact in the top 3; held-out: right fact first, or "not in the base"). */
  passedBefore: boolean;
  passedAfter: boolean;
}

export interface AnswerDiff {
  questions: number;
  /** Regressions first, then fixes, then the rest, each in the sets' order. */
  shifts: AnswerShift[];
  dev: { before: DevReport; after: DevReport };
  heldOut: { before: HeldOutReport; after: HeldOutReport };
}

export async function diffAnswers(sets: QuestionSets, before: AnswerSide, after: AnswerSide): Promise<AnswerDiff> {
  // Each question is asked once per side, whatever evaluates it.
  const old = { ...before, ask: remember(before.ask) };
  const now = { ...after, ask: remember(after.ask) };
  const shifts: AnswerShift[] = [];
  const compare = async (set: AnswerShift['set'], question: DevQuestion | HeldOutQuestion, passes: (side: AnswerSide) => Promise<boolean>) => {
    const [was, is] = [briefOf(await old.ask(question.q)), briefOf(await now.ask(question.q))];
    if (JSON.stringify(was) === JSON.stringify(is)) return;
    shifts.push({ set, q: question.q, lang: question.lang, before: was, after: is, passedBefore: await passes(old), passedAfter: await passes(now) });
  };
  for (const question of sets.dev) await compare('dev', question, async (side) => (await evaluateDev([question], side.ask)).hits === 1);
  for (const question of sets.heldOut) {
    await compare('held-out', question, async (side) => {
      const report = await evaluateHeldOut([question], side.ask, side.kb);
      return question.expect === 'none' ? report.honestMisses === 1 : report.rightFirst === 1;
    });
  }
  const rank = (shift: AnswerShift) => (shift.passedBefore && !shift.passedAfter ? 0 : !shift.passedBefore && shift.passedAfter ? 1 : 2);
  return {
    questions: sets.dev.length + sets.heldOut.length,
    shifts: shifts
      .map((shift, index) => ({ shift, index }))
      .sort((a, b) => rank(a.shift) - rank(b.shift) || a.index - b.index)
      .map(({ shift }) => shift),
    dev: { before: await evaluateDev(sets.dev, old.ask), after: await evaluateDev(sets.dev, now.ask) },
    heldOut: { before: await evaluateHeldOut(sets.heldOut, old.ask, old.kb), after: await evaluateHeldOut(sets.heldOut, now.ask, now.kb) },
  };
}

function briefOf(answer: Answer): AnswerBrief {
  return {
    status: answer.status,
    ...(answer.lead?.text ? { lead: answer.lead.text } : {}),
    ...(answer.items[0]?.factId ? { firstFact: answer.items[0].factId } : {}),
  };
}

function remember(ask: Ask): Ask {
  const answers = new Map<string, Promise<Answer>>();
  return (question) => {
    const known = answers.get(question);
    if (known) return known;
    const answer = Promise.resolve(ask(question));
    answers.set(question, answer);
    return answer;
  };
}
