import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAnswerRef, encodeAnswerRef, encodeKeptAnswerRef, type AnswerRef } from '../../src/answer/ref.ts';
import { Bot, type BotReply } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { effectiveVotes, FeedbackRecorder, feedbackCli, summarizeFeedback, userHash, type FeedbackEntry } from '../../src/runtime/feedback.ts';
import { gapsCli, GapRecorder } from '../../src/runtime/gaps.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { RateLimiter } from '../../src/runtime/rate-limit.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let dir: string;
let file: string;
let store: KnowledgeStore;
let metrics: Metrics;
let bot: Bot;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-feedback-'));
  file = path.join(dir, 'feedback.jsonl');
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
  metrics = new Metrics({ defaultMetrics: false });
  bot = new Bot({ store, now: () => FIXED_NOW, metrics, feedback: new FeedbackRecorder({ file }) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ALICE = '1400000000000000001';
const BOB = '1400000000000000002';
const ask = (text: string, userId = ALICE): Promise<BotReply> => bot.handle({ platform: 'discord', userId, channelId: 'c1', text });
const stored = async () =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FeedbackEntry);

describe('answer references', () => {
  it('round-trip any arguments, delimiters and accents included', () => {
    const ref: AnswerRef = { id: 'c0ffee00', revision: '3d76ecc88f', locale: 'fr', command: { name: 'ask', args: { question: 'a|b&c=d%e — « é » 100%', about: 'kimi-k2' } } };
    expect(decodeAnswerRef(encodeAnswerRef(ref))).toEqual(ref);
    expect(encodeAnswerRef({ ...ref, command: { name: 'share', args: { segment: 'chinese-open' } } })).toBe('1|c0ffee00|3d76ecc88f|fr|share|segment=chinese-open');
  });

  it('refuse anything malformed', () => {
    for (const bad of [
      '',
      'x',
      '2|c0ffee00|3d76ecc88f|en|share|',
      '1|c0ffee00|nothex|en|share|',
      '1|c0ffee00|3d76ecc88f|de|share|',
      '1|c0ffee00|3d76ecc88f|en|Share|',
      '1|c0ffee00|3d76ecc88f|en|share|novalue',
      '1|c0ffee00|3d76ecc88f|en|share|a=b|extra',
    ]) {
      expect(decodeAnswerRef(bad), bad).toBeUndefined();
    }
  });

  it('carry a kept command as its key, which only the platform can look up', async () => {
    const kept = encodeKeptAnswerRef({ id: 'c0ffee00', revision: '3d76ecc88f', locale: 'en', commandKey: 'AbCd_-1234' });
    expect(kept).toBe('1|c0ffee00|3d76ecc88f|en|@AbCd_-1234|');
    expect(decodeAnswerRef(kept)).toEqual({ id: 'c0ffee00', revision: '3d76ecc88f', locale: 'en', commandKey: 'AbCd_-1234' });
    expect(decodeAnswerRef(`${kept}x=y`)).toBeUndefined();
    // Not looked up: no answer. Looked up: the platform passes the whole reference.
    const answer = await ask('When was DeepSeek R1 released?');
    expect((await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: kept, vote: 'up' })).invalid).toBe('answer');
    const reply = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: answer.ref, vote: 'up' });
    expect(reply.entry).toMatchObject({ correlationId: answer.correlationId, facts: ['seed-r1-release-date', 'ds-r1-license'] });
  });
});

describe('Bot.feedback', () => {
  it('records a vote with the answer’s command, question, facts, revision and correlation id, and counts it', async () => {
    const answer = await ask('When was DeepSeek R1 released?');
    const reply = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(answer.ref), vote: 'down' });
    expect(reply.outcome).toBe('info');
    expect(reply.answer).toMatchObject({ status: 'info', locale: 'en', title: 'Thanks: your 👎 is recorded. Voting again changes it.' });
    const [entry] = await stored();
    expect(entry).toEqual({
      at: FIXED_NOW.toISOString(),
      kind: 'vote',
      vote: 'down',
      correlationId: answer.correlationId,
      command: 'ask',
      question: 'When was DeepSeek R1 released?',
      facts: ['seed-r1-release-date', 'ds-r1-license'],
      knowledge: store.current.kb.version.revision,
      locale: 'en',
      platform: 'discord',
      user: userHash('discord', ALICE),
    });
    // Never the raw user id, never a token.
    expect(JSON.stringify(entry)).not.toContain(ALICE);
    expect(await metrics.text()).toMatch(/landscape_votes_total\{vote="down",platform="discord"\} 1/);
  });

  it('records a report with its reason and text, in the language of the answer', async () => {
    const answer = await ask('Quelle part des téléchargements pour les modèles chinois ?');
    const reply = await bot.feedback({ platform: 'slack', userId: 'U0001', answerRef: encodeAnswerRef(answer.ref), report: { reason: 'outdated', text: '  Il y a un chiffre\nplus récent  ' } });
    expect(reply.answer.title).toBe('Merci : votre signalement (obsolète) est enregistré ; les mainteneurs vérifieront les faits que cite cette réponse.');
    expect((await stored())[0]).toMatchObject({ kind: 'report', reason: 'outdated', text: 'Il y a un chiffre plus récent', locale: 'fr', facts: expect.arrayContaining(['seed-eoi-17pct']) });
    expect(await metrics.text()).toMatch(/landscape_reports_total\{reason="outdated",platform="slack"\} 1/);
  });

  it('answers the clicker in their own language when the platform says it', async () => {
    const answer = await ask('/share chinese-open');
    const reply = await bot.feedback({ platform: 'discord', userId: BOB, locale: 'fr', answerRef: encodeAnswerRef(answer.ref), vote: 'up' });
    expect(reply.answer.title).toBe('Merci : votre 👍 est enregistré. Voter à nouveau le remplace.');
  });

  it('explains bad input and stores nothing: an empty report, no vote at all, an unknown answer', async () => {
    const answer = await ask('/share chinese-open');
    const answerRef = encodeAnswerRef(answer.ref);
    const empty = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef, report: { text: '   ' } });
    expect(empty).toMatchObject({ outcome: 'usage', answer: { status: 'usage', title: 'A report needs a reason: wrong fact, outdated, missing source, not what I asked. Nothing was recorded.' } });
    const neither = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef });
    expect(neither.answer.title).toBe('Give either a vote (👍 or 👎) or a report. Nothing was recorded.');
    const both = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef, vote: 'up', report: { reason: 'outdated' } });
    expect(both.outcome).toBe('usage');
    const forged = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: `${answerRef.slice(0, 10)}|tampered`, vote: 'up' });
    expect(forged.answer.title).toMatch(/^I cannot find that answer any more/);
    const unknownKey = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: '@AAAAAAAAAAAA', vote: 'up' });
    expect(unknownKey.answer.title).toMatch(/^I cannot find that answer any more/);
    const unknownCommand = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef({ ...answer.ref, command: { name: 'nope', args: {} } }), vote: 'up' });
    expect(unknownCommand.outcome).toBe('usage');
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });

  it('bounds 10 KB of text to 1,000 characters, strips control characters and secrets, and says so', async () => {
    const answer = await ask('/share chinese-open');
    const text = `wrong\u0000\u202e${'x'.repeat(10 * 1024)}`;
    const reply = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(answer.ref), report: { reason: 'wrong-fact', text } });
    expect(reply.outcome).toBe('info');
    expect(reply.answer.notices).toEqual([{ kind: 'warning', text: 'Your text was cut to 1,000 characters.' }]);
    const [entry] = await stored();
    expect(entry!.text).toHaveLength(1_000);
    expect(entry!.text!.startsWith('wrongxxx')).toBe(true);

    await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(answer.ref), report: { reason: 'wrong-fact', text: 'my token xoxb-123456789012-abcdefghij leaked' } });
    expect((await stored())[1]!.text).toBe('my token [redacted] leaked');
  });

  it('keeps one vote per user per answer, the latest; another user’s vote is their own and loses nothing', async () => {
    const answer = await ask('When was DeepSeek R1 released?');
    const answerRef = encodeAnswerRef(answer.ref);
    await bot.feedback({ platform: 'discord', userId: ALICE, answerRef, vote: 'down' });
    await bot.feedback({ platform: 'discord', userId: ALICE, answerRef, vote: 'up' });
    // Bob clicks Alice's answer (or replays her button): it is Bob's vote, never a change of hers.
    await bot.feedback({ platform: 'discord', userId: BOB, answerRef, vote: 'down' });
    const entries = await stored();
    expect(entries).toHaveLength(3);
    const votes = effectiveVotes(entries);
    expect(votes.map((vote) => [vote.user, vote.vote])).toEqual([
      [userHash('discord', ALICE), 'up'],
      [userHash('discord', BOB), 'down'],
    ]);
    expect(summarizeFeedback(entries).facts[0]).toMatchObject({ fact: 'seed-r1-release-date', up: 1, down: 1 });
  });

  it('is rate-limited like questions', async () => {
    const limited = new Bot({ store, now: () => FIXED_NOW, feedback: new FeedbackRecorder({ file }), limiter: new RateLimiter({ user: { burst: 1, windowSeconds: 60 }, clock: () => 0 }) });
    const answer = await limited.handle({ platform: 'slack', userId: 'U1', text: '/share chinese-open' });
    const reply = await limited.feedback({ platform: 'slack', userId: 'U1', answerRef: encodeAnswerRef(answer.ref), vote: 'up' });
    expect(reply).toMatchObject({ outcome: 'limited', answer: { status: 'limited' } });
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });

  it('declines politely when feedback is off, and apologises with a reference when the disk refuses', async () => {
    const off = new Bot({ store, now: () => FIXED_NOW });
    const answer = await off.handle({ platform: 'discord', userId: ALICE, text: '/share chinese-open' });
    expect(off.collectsFeedback).toBe(false);
    expect((await off.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(answer.ref), vote: 'up' })).answer.title).toBe('This bot does not collect feedback.');

    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where a folder should be');
    const log = captureLog();
    const broken = new Bot({ store, now: () => FIXED_NOW, logger: log.logger, feedback: new FeedbackRecorder({ file: path.join(blocker, 'feedback.jsonl') }) });
    const reply = await broken.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(answer.ref), vote: 'up' });
    expect(reply.outcome).toBe('error');
    expect(reply.answer.title).toBe(`Sorry, your feedback could not be saved. Reference: ${reply.correlationId}.`);
    expect(log.records().find((record) => record.msg === 'feedback not recorded')).toMatchObject({ correlationId: reply.correlationId, level: 50 });
  });

  it('reads fact ids from the live base, and says so, when the base changed since the answer', async () => {
    const answer = await ask('/share chinese-open');
    const older = encodeAnswerRef({ ...answer.ref, revision: '0123456789' });
    const reply = await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: older, vote: 'down' });
    expect(reply.entry).toMatchObject({ knowledge: '0123456789', factsFrom: store.current.kb.version.revision });
  });
});

describe('landscape feedback and landscape gaps', () => {
  async function someFeedback(): Promise<void> {
    const r1 = await ask('When was DeepSeek R1 released?');
    const share = await ask('/share chinese-open');
    const missing = await ask('Who funds Mistral?');
    await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(r1.ref), vote: 'down' });
    await bot.feedback({ platform: 'discord', userId: BOB, answerRef: encodeAnswerRef(r1.ref), report: { reason: 'wrong-fact', text: 'R1 came out on the 20th, not the 27th' } });
    await bot.feedback({ platform: 'discord', userId: BOB, answerRef: encodeAnswerRef(share.ref), vote: 'up' });
    await bot.feedback({ platform: 'discord', userId: ALICE, answerRef: encodeAnswerRef(missing.ref), vote: 'down' });
  }

  it('lists feedback by fact, the facts drawing down votes and reports first', async () => {
    await someFeedback();
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await feedbackCli(
        [],
        { FEEDBACK_FILE: file },
        (line) => out.push(line),
        (line) => err.push(line),
      ),
    ).toBe(0);
    expect(out[0]).toBe(' down    up  reports  last seen   fact (or question)');
    expect(out[1]).toBe('    1     0        1  2026-11-28  seed-r1-release-date  (wrong-fact 1)');
    expect(out[2]).toBe(`${' '.repeat(37)}“R1 came out on the 20th, not the 27th”`);
    expect(out.join('\n')).toContain('“Who funds Mistral?”');
    expect(err).toEqual([`${file}: 3 vote(s) counted (one per user and answer), 1 report(s); 5 shown`]);

    const json: string[] = [];
    expect(
      await feedbackCli(
        ['--json', '--limit', '1'],
        { FEEDBACK_FILE: file },
        (line) => json.push(line),
        () => {},
      ),
    ).toBe(0);
    expect(JSON.parse(json[0]!)).toMatchObject({ file, entries: 4, votes: { up: 1, down: 2 }, reports: 1, facts: [{ fact: 'seed-r1-release-date', down: 1, reports: { 'wrong-fact': 1 } }] });
  });

  it('refuses a bad --limit', async () => {
    const err: string[] = [];
    expect(
      await feedbackCli(
        ['--limit', '0'],
        {},
        () => {},
        (line) => err.push(line),
      ),
    ).toBe(2);
    expect(err[0]).toMatch(/--limit must be a whole number/);
  });

  it('landscape gaps adds a short summary of the feedback beside the gaps file', async () => {
    await someFeedback();
    const gapsFile = path.join(dir, 'gaps.jsonl');
    const gaps = new GapRecorder({ file: gapsFile });
    gaps.record({ command: 'ask', text: 'Who funds Mistral?', locale: 'en', platform: 'discord' });
    await gaps.flush();
    const out: string[] = [];
    expect(
      await gapsCli(
        [],
        { GAPS_FILE: gapsFile },
        (line) => out.push(line),
        () => {},
      ),
    ).toBe(0);
    expect(out.slice(-1)[0]).toBe(
      '\nFeedback: 1 up, 2 down, 1 report. Most questioned: seed-r1-release-date (1 down, 1 report); ds-r1-license (1 down, 1 report); “Who funds Mistral?” (1 down, 0 reports).\nlandscape feedback lists it by fact.',
    );
  });
});
