// Subscriptions and the digest of a reload: the store (file of events, shared by processes),
// /subscribe and /unsubscribe through the Bot, what changed between two bases, which facts
// are on a subject, and the digest a channel gets.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.ts';
import { Bot, type BotRequest } from '../../src/bot.ts';
import { KnowledgeStore, type Knowledge } from '../../src/knowledge/store.ts';
import type { PlatformAdapter } from '../../src/platforms/adapter.ts';
import { concerns, digestAnswer, Digests, knowledgeChanges } from '../../src/runtime/digest.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { Reloader } from '../../src/runtime/reload.ts';
import { EVERYTHING, MAX_PER_CHANNEL, Subscriptions, type Subscription } from '../../src/runtime/subscriptions.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR, withFixtureFact } from '../support/fixture.ts';

let dir: string;
let base: string;
let original: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-digest-'));
  await cp(FIXTURE_DIR, path.join(dir, 'knowledge'), { recursive: true });
  base = path.join(dir, 'knowledge', 'base.yaml');
  original = await readFile(base, 'utf8');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NEW_FACT = `  - id: r1-paper
    claim: DeepSeek published the DeepSeek-R1 paper, on reinforcement learning for reasoning, with the release.
    about: [deepseek-r1]
    answers: [release]
    date: 2025-01-22
    sources: [r1-repo]
    confidence: high
`;
const withNewFact = (text: string) => withFixtureFact(text, NEW_FACT);
const LLAMA1 = 'Meta released LLaMA on 24 February 2023 in 7B, 13B, 33B and 65B sizes.';
const open = async (text: string): Promise<Knowledge> => {
  await writeFile(base, text);
  return (await KnowledgeStore.open(path.join(dir, 'knowledge'), { now: FIXED_NOW })).current;
};
const subscription = (channel: string, subject: string, extra: Partial<Subscription> = {}): Subscription => ({
  platform: 'slack',
  channel,
  subject,
  locale: 'en',
  by: 'h',
  at: '2026-11-28T00:00:00.000Z',
  ...extra,
});

describe('the subscriptions file', () => {
  it('keeps subscriptions across a restart, once each, at most 25 a channel', async () => {
    const file = path.join(dir, 'subscriptions.jsonl');
    const store = new Subscriptions({ file });
    expect(store.add(subscription('C1', 'deepseek'))).toBe('added');
    expect(store.add(subscription('C1', 'deepseek'))).toBe('exists');
    expect(store.add(subscription('C1', EVERYTHING))).toBe('added');
    expect(store.add(subscription('C2', 'meta', { platform: 'discord', guild: '1200000000000000001' }))).toBe('added');
    expect(store.remove('slack', 'C1', 'deepseek')).toBe(1);
    expect(store.remove('slack', 'C1', 'nothing-there')).toBe(0);
    await store.flush();

    const restarted = new Subscriptions({ file });
    await restarted.load();
    expect(restarted.list().map((each) => [each.platform, each.channel, each.subject])).toEqual([
      ['slack', 'C1', EVERYTHING],
      ['discord', 'C2', 'meta'],
    ]);
    expect(restarted.list({ platform: 'discord', channel: 'C2' })[0]).toMatchObject({ guild: '1200000000000000001' });
    for (let i = 0; i < MAX_PER_CHANNEL; i++) restarted.add(subscription('C3', `subject-${i}`));
    expect(restarted.add(subscription('C3', 'one-more'))).toBe('full');
    expect(restarted.remove('slack', 'C3')).toBe(MAX_PER_CHANNEL);
    await restarted.flush();
  });

  it('is shared by processes: each sees the others’ subscriptions after a load, and loses none of its own', async () => {
    const file = path.join(dir, 'subscriptions.jsonl');
    const first = new Subscriptions({ file });
    const second = new Subscriptions({ file });
    first.add(subscription('C1', 'deepseek'));
    second.add(subscription('C2', 'meta'));
    await Promise.all([first.flush(), second.flush()]);
    await first.load();
    expect(
      first
        .list()
        .map((each) => each.channel)
        .sort(),
    ).toEqual(['C1', 'C2']);
  });
});

describe('/subscribe and /unsubscribe', () => {
  let bot: Bot;
  let store: Subscriptions;
  beforeEach(async () => {
    store = new Subscriptions();
    bot = new Bot({ store: await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW }), now: () => FIXED_NOW, subscriptions: store });
  });
  const run = async (text: string, request: Partial<BotRequest> = {}) => (await bot.handle({ platform: 'slack', userId: 'U1', channelId: 'C1', text, ...request })).answer;
  const said = (answer: Answer) => [answer.title, ...answer.items.map((item) => item.text)];

  it('lets a channel manager subscribe and unsubscribe, by name or alias, and lists the channel’s', async () => {
    expect(said(await run('/subscribe Facebook', { manager: true }))).toEqual([
      'Subscribed: this channel will get a digest when facts about Meta are added or changed.',
      'This channel gets a digest, with sources, when a reload brings new or changed facts about: Meta.',
    ]);
    expect((await run('/subscribe meta', { manager: true })).title).toBe('This channel already gets digests about Meta.');
    expect((await run('/subscribe all', { manager: true })).title).toBe('Subscribed: this channel will get a digest of every new or changed fact.');
    expect(store.list().map((each) => [each.channel, each.subject, each.locale])).toEqual([
      ['C1', 'meta', 'en'],
      ['C1', EVERYTHING, 'en'],
    ]);
    expect(store.list()[0]!.by).not.toContain('U1');
    // Anyone may list them.
    expect(said(await run('/subscribe', { userId: 'U2' }))[1]).toBe('This channel gets a digest, with sources, when a reload brings new or changed facts about: Meta, everything.');
    expect((await run('/unsubscribe meta', { manager: true })).title).toBe('Unsubscribed: no more digests about Meta here.');
    expect((await run('/unsubscribe meta', { manager: true })).title).toBe('This channel is not subscribed to Meta.');
    expect((await run('/unsubscribe', { manager: true })).title).toBe('Unsubscribed from everything (1 subscription).');
    expect(said(await run('/subscribe'))[1]).toBe('This channel has no subscription. Try /subscribe deepseek (a vendor, model, segment or topic), or /subscribe all.');
  });

  it('refuses others politely and changes nothing; an unknown subject gets "did you mean"', async () => {
    expect((await run('/subscribe deepseek')).title).toMatch(/^Only the channel’s managers can change its subscriptions/);
    expect((await run('/unsubscribe', { manager: false })).title).toMatch(/^Only the channel’s managers/);
    expect(store.list()).toEqual([]);
    const unknown = await run('/subscribe deepsek', { manager: true });
    expect(unknown.status).toBe('not-found');
    expect(unknown.suggestions.map((suggestion) => suggestion.command)).toContain('/subscribe deepseek');
  });

  it('is for chat channels only, and speaks French to a French channel', async () => {
    expect((await bot.handle({ platform: 'console', userId: 'op', text: '/subscribe deepseek' })).answer.title).toMatch(/^Subscriptions are for channels on Discord and Slack/);
    expect((await run('/subscribe deepseek', { manager: true, locale: 'fr' })).title).toBe('Abonné : ce canal recevra un résumé quand des faits sur DeepSeek seront ajoutés ou modifiés.');
    expect(store.list()[0]).toMatchObject({ locale: 'fr' });
  });
});

describe('the digest of a reload', () => {
  it('finds the facts added and changed, not the ones only reordered', async () => {
    const before = await open(original);
    const reordered = original.replace('    confidence: high\n    disputes:', '    disputes:').replace('        by: the source article\n', '        by: the source article\n    confidence: high\n');
    expect(knowledgeChanges(before.kb, (await open(reordered)).kb)).toEqual({ added: [], changed: [] });
    const after = await open(withNewFact(original).replace(LLAMA1, `${LLAMA1} (Edited.)`));
    const changes = knowledgeChanges(before.kb, after.kb);
    expect(changes.added.map((fact) => fact.id)).toEqual(['r1-paper']);
    expect(changes.changed.map((fact) => fact.id)).toEqual(['seed-llama1']);
  });

  it('says which facts are on a subject: itself, its models, a segment’s figures and vendors', async () => {
    const knowledge = await open(original);
    const fact = (id: string) => knowledge.kb.facts.get(id)!;
    expect(concerns(fact('ds-r1-license'), 'deepseek-r1', knowledge)).toBe(true);
    expect(concerns(fact('ds-r1-license'), 'deepseek', knowledge)).toBe(true);
    expect(concerns(fact('ds-r1-license'), 'chinese-open', knowledge)).toBe(true);
    expect(concerns(fact('seed-soai-cn-13pct'), 'chinese-open', knowledge)).toBe(true);
    expect(concerns(fact('llama2'), 'chinese-open', knowledge)).toBe(false);
    expect(concerns(fact('llama2'), 'deepseek', knowledge)).toBe(false);
    expect(concerns(fact('llama2'), EVERYTHING, knowledge)).toBe(true);
  });

  it('is one cited answer per channel with what is new on its subjects, or nothing', async () => {
    const before = await open(original);
    const after = await open(withNewFact(original).replace(LLAMA1, `${LLAMA1} (Edited.)`));
    const changes = knowledgeChanges(before.kb, after.kb);
    const digest = digestAnswer(changes, ['deepseek'], 'en', after, FIXED_NOW)!;
    expect(digest.title).toBe('What’s new: DeepSeek');
    expect(digest.summary).toMatch(/^1 new fact in the fact base \(version \d{4}-\d{2}-\d{2} \(.+\)\)\.$/);
    expect(digest.items.map((item) => item.factId)).toEqual(['r1-paper']);
    expect(digest.citations[0]).toMatchObject({ url: 'https://github.com/deepseek-ai/DeepSeek-R1' });
    expect(digestAnswer(changes, ['us-open'], 'en', after, FIXED_NOW)).toBeUndefined();
    const french = digestAnswer(changes, ['deepseek', EVERYTHING], 'fr', after, FIXED_NOW)!;
    expect(french.title).toBe('Du nouveau : tout');
    expect(french.summary).toMatch(/^1 fait nouveau et 1 fait modifié dans la base/);
  });

  it('is posted once per channel through its platform after a reload; a failing channel costs the others nothing', async () => {
    const store = await KnowledgeStore.open(path.join(dir, 'knowledge'), { now: FIXED_NOW });
    const subscriptions = new Subscriptions({ file: path.join(dir, 'subscriptions.jsonl') });
    subscriptions.add(subscription('C-broken', 'deepseek'));
    subscriptions.add(subscription('C1', 'deepseek'));
    subscriptions.add(subscription('C1', 'deepseek-r1'));
    subscriptions.add(subscription('C2', 'meta'));
    const posted: { channel: string; answer: Answer }[] = [];
    const slack: PlatformAdapter = {
      platform: 'slack',
      start: async () => {},
      stop: async () => {},
      state: () => 'connected',
      postDigest: async (channel, answer) => {
        if (channel === 'C-broken') throw new Error('not_in_channel');
        posted.push({ channel, answer });
        return true;
      },
    };
    const log = captureLog();
    const metrics = new Metrics({ defaultMetrics: false });
    const reloader = new Reloader({ store, logger: log.logger });
    const published: Promise<void>[] = [];
    const digests = new Digests({ subscriptions, adapters: () => [slack], logger: log.logger, metrics, now: () => FIXED_NOW });
    reloader.onSwap((before, after) => published.push(digests.publish(before, after)));

    await writeFile(base, withNewFact(original));
    expect((await reloader.reload('test')).ok).toBe(true);
    await Promise.all(published);
    expect(posted.map((each) => [each.channel, each.answer.title])).toEqual([['C1', 'What’s new: DeepSeek, DeepSeek-R1']]);
    expect(log.records().find((record) => record.msg === 'could not post a digest; /unsubscribe in that channel stops them')).toMatchObject({ platform: 'slack', channel: 'C-broken' });
    expect(await metrics.text()).toMatch(/landscape_digests_total\{platform="slack",result="posted"\} 1/);
    expect(await metrics.text()).toMatch(/landscape_digests_total\{platform="slack",result="failed"\} 1/);

    // A reload that changes nothing on disk, or a broken edit, posts nothing.
    await reloader.reload('again');
    await writeFile(base, 'facts: [');
    expect((await reloader.reload('broken')).ok).toBe(false);
    await Promise.all(published);
    expect(published).toHaveLength(2);
    expect(posted).toHaveLength(1);
    await reloader.close();
  });

  it('a reload listener that throws is logged, and the new base serves anyway', async () => {
    const store = await KnowledgeStore.open(path.join(dir, 'knowledge'), { now: FIXED_NOW });
    const log = captureLog();
    const reloader = new Reloader({ store, logger: log.logger });
    const seen: string[] = [];
    reloader.onSwap(() => {
      throw new Error('listener bug');
    });
    reloader.onSwap((_before, after) => seen.push(after.kb.version.revision));
    await writeFile(base, withNewFact(original));
    expect((await reloader.reload('test')).ok).toBe(true);
    expect(store.current.kb.facts.has('r1-paper')).toBe(true);
    expect(seen).toEqual([store.current.kb.version.revision]);
    expect(log.records().find((record) => record.msg === 'a knowledge reload listener failed; the new base serves anyway')).toMatchObject({ level: 50 });
    await reloader.close();
  });
});
