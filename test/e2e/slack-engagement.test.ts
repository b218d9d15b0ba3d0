// Issue 12 on a real Bolt App over HTTP on loopback: votes and the report form on an answer,
// "Check with landscape" on a message, follow-ups in a thread, and a subscribed channel's
// digest after a live edit of the base. Requests are signed as Slack signs them; the Web API and
// response_url are loopback fakes.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot, type BotReply } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { Digests } from '../../src/runtime/digest.ts';
import { Reloader } from '../../src/runtime/reload.ts';
import { Subscriptions } from '../../src/runtime/subscriptions.ts';
import { encodeAnswerRef } from '../../src/answer/ref.ts';
import { FEEDBACK_ACTIONS, REPORT_BLOCKS, REPORT_VIEW } from '../../src/platforms/slack/feedback-ids.ts';
import { CHECK_SHORTCUT } from '../../src/platforms/slack/manifest.ts';
import { effectiveVotes, FeedbackRecorder, userHash } from '../../src/runtime/feedback.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import {
  actionPost,
  commandPost,
  eventPost,
  FAKE_BOT_USER_ID,
  messageShortcutPost,
  postToSlackEndpoint,
  viewSubmissionPost,
  recordingLogger,
  startLoopbackSlack,
  textsOf,
  type LoopbackSlack,
} from './slack-fakes.ts';
import { FIXED_NOW, FIXTURE_DIR, R1_PAPER_EVENT, withFixtureFact } from '../support/fixture.ts';

let slack: LoopbackSlack;
let bot: Bot;
let stateDir: string;
let feedback: FeedbackRecorder;
let metrics: Metrics;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'landscape-slack-feedback-'));
  feedback = new FeedbackRecorder({ file: path.join(stateDir, 'feedback.jsonl') });
  metrics = new Metrics({ defaultMetrics: false });
  bot = new Bot({ store: await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW }), now: () => FIXED_NOW, feedback, metrics });
  slack = await startLoopbackSlack(bot, recordingLogger().logger);
});
afterAll(async () => {
  await slack?.close();
  await rm(stateDir, { recursive: true, force: true });
});

const send = (post: Parameters<typeof postToSlackEndpoint>[1]) => postToSlackEndpoint(slack.base, post);

describe('feedback on an answer: votes and the report form', () => {
  /** An answer as Slack shows it (a quick one rides on the acknowledgement), the reference its feedback buttons carry, and the Bot's reply. */
  async function answered(question: string): Promise<{ message: any; ref: string; reply: BotReply }> {
    const handle = vi.spyOn(bot, 'handle');
    const message = await (await send(commandPost({ command: '/ask', text: question, responseUrl: slack.responses.url('/ask') }))).json();
    const reply = (await handle.mock.results.at(-1)!.value) as BotReply;
    handle.mockRestore();
    return { message, ref: feedbackButtons(message)?.[0]?.value, reply };
  }
  /** 👍, 👎 and Report a problem, when the message has them. */
  const feedbackButtons = (message: any): any[] | undefined =>
    (message.blocks ?? []).find((block: any) => block.type === 'actions' && block.elements.some((each: any) => each.action_id === FEEDBACK_ACTIONS.up))?.elements;
  const vote = async (actionId: string, ref: string, path: string, userId = 'U0001') => {
    expect((await send(actionPost({ actionId, value: ref, responseUrl: slack.responses.url(path), userId }))).status).toBe(200);
    return slack.responses.posts.waitFor((post) => post.path === path);
  };
  const form = async (ref: string, values: Record<string, Record<string, unknown>>) => {
    const response = await send(viewSubmissionPost({ callbackId: REPORT_VIEW, privateMetadata: ref, values }));
    expect(response.status).toBe(200);
    return response.json();
  };

  it('records a 👎 with the answer’s facts and correlation id, counts it, and thanks the clicker privately', async () => {
    const { ref, reply } = await answered('When was DeepSeek R1 released?');
    const post = await vote(FEEDBACK_ACTIONS.down, ref, '/vote/1');
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textsOf(post.body).some((text) => text.includes('Thanks: your 👎 is recorded. Voting again changes it.'))).toBe(true);
    expect((await feedback.read())[0]).toMatchObject({
      kind: 'vote',
      vote: 'down',
      correlationId: reply.correlationId,
      facts: ['seed-r1-release-date', 'ds-r1-license'],
      platform: 'slack',
      user: userHash('slack', 'U0001'),
    });
    expect(await metrics.text()).toMatch(/landscape_votes_total\{vote="down",platform="slack"\} 1/);
  });

  it('one vote per user per answer; another member’s click is their own; a forged request is refused and loses nothing', async () => {
    const { ref, reply } = await answered('/share chinese-open');
    await vote(FEEDBACK_ACTIONS.down, ref, '/vote/2');
    await vote(FEEDBACK_ACTIONS.up, ref, '/vote/3');
    // A member whose Slack is in French is thanked in French.
    slack.api.userLocales.set('U0002', 'fr-FR');
    const french = await vote(FEEDBACK_ACTIONS.down, ref, '/vote/4', 'U0002');
    expect(textsOf(french.body).some((text) => text.includes('Merci\u00a0: votre 👎 est enregistré.'))).toBe(true);
    const forged = await send({ ...actionPost({ actionId: FEEDBACK_ACTIONS.down, value: ref, responseUrl: slack.responses.url('/vote/forged'), userId: 'U0001' }), signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const votes = effectiveVotes(await feedback.read()).filter((each) => each.correlationId === reply.correlationId);
    expect(votes.map((each) => [each.user, each.vote])).toEqual([
      [userHash('slack', 'U0001'), 'up'],
      [userHash('slack', 'U0002'), 'down'],
    ]);
    expect(slack.responses.posts.filter((post) => post.path === '/vote/forged')).toEqual([]);
  });

  it('shows 👍, 👎 and Report a problem under an answer, each carrying its reference, and not under help', async () => {
    const { message, ref, reply } = await answered('When was DeepSeek R1 released?');
    expect(ref).toBe(encodeAnswerRef(reply.ref));
    expect(feedbackButtons(message)!.map((each) => [each.action_id, each.text.text, each.value])).toEqual([
      [FEEDBACK_ACTIONS.up, '👍', ref],
      [FEEDBACK_ACTIONS.down, '👎', ref],
      [FEEDBACK_ACTIONS.report, 'Report a problem', ref],
    ]);
    const help = await (await send(commandPost({ command: '/help', text: '', responseUrl: slack.responses.url('/help') }))).json();
    expect(textsOf(help).some((each) => each.includes('Commands'))).toBe(true);
    expect(feedbackButtons(help)).toBeUndefined();
  });

  it('Report a problem opens the form in the member’s language, with the answer’s reference', async () => {
    const { ref } = await answered('When was DeepSeek R1 released?');
    slack.api.userLocales.set('U0003', 'fr-FR');
    expect((await send(actionPost({ actionId: FEEDBACK_ACTIONS.report, value: ref, responseUrl: slack.responses.url('/report/open'), userId: 'U0003' }))).status).toBe(200);
    const call = await slack.api.calls.waitFor((each) => each.method === 'views.open');
    expect(call.params.trigger_id).toBe('1.2.3');
    const view = JSON.parse(String(call.params.view));
    expect(view).toMatchObject({ type: 'modal', callback_id: REPORT_VIEW, private_metadata: ref, title: { text: 'Signaler un problème' }, submit: { text: 'Envoyer' } });
    const [reason, text] = view.blocks;
    expect(reason).toMatchObject({
      type: 'input',
      block_id: REPORT_BLOCKS.reason,
      label: { text: 'Qu’est-ce qui ne va pas\u202f?' },
      element: { type: 'static_select', action_id: REPORT_BLOCKS.reason },
    });
    expect(reason.element.options.map((option: any) => [option.value, option.text.text])).toEqual([
      ['wrong-fact', 'fait erroné'],
      ['outdated', 'obsolète'],
      ['missing-source', 'source manquante'],
      ['not-asked', 'pas ce que j’ai demandé'],
    ]);
    expect(text).toMatchObject({ type: 'input', block_id: REPORT_BLOCKS.text, optional: true, element: { type: 'plain_text_input', multiline: true, max_length: 1_000 } });
    // Opening the form records nothing, and says nothing in the channel.
    expect(slack.responses.posts.filter((post) => post.path === '/report/open')).toEqual([]);
  });

  it('records the report form, its text bounded to 1,000 characters, and thanks in the form', async () => {
    const { ref, reply } = await answered('Quelle part des téléchargements pour les modèles chinois ?');
    const response = await form(ref, {
      [REPORT_BLOCKS.reason]: { [REPORT_BLOCKS.reason]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'obsolète' }, value: 'outdated' } } },
      [REPORT_BLOCKS.text]: { [REPORT_BLOCKS.text]: { type: 'plain_text_input', value: `Un chiffre plus récent existe. ${'x'.repeat(10 * 1024)}` } },
    });
    expect(response.response_action).toBe('update');
    expect(response.view.title.text).toBe('Signaler un problème');
    const texts = textsOf(response.view);
    expect(texts.some((text) => text.includes('Merci\u00a0: votre signalement (obsolète) est enregistré'))).toBe(true);
    expect(texts.some((text) => text.includes('Votre texte a été coupé à 1\u202f000 caractères.'))).toBe(true);
    const entry = (await feedback.read()).at(-1)!;
    expect(entry).toMatchObject({ kind: 'report', reason: 'outdated', correlationId: reply.correlationId, locale: 'fr' });
    expect(entry.text).toHaveLength(1_000);
  });

  it('an empty form is pointed at its reason field; a damaged reference gets a clear note; neither stores anything', async () => {
    const { ref } = await answered('When was DeepSeek R1 released?');
    const before = (await feedback.read()).length;
    const empty = await form(ref, {
      [REPORT_BLOCKS.reason]: { [REPORT_BLOCKS.reason]: { type: 'static_select', selected_option: null } },
      [REPORT_BLOCKS.text]: { [REPORT_BLOCKS.text]: { type: 'plain_text_input', value: null } },
    });
    expect(empty).toEqual({ response_action: 'errors', errors: { [REPORT_BLOCKS.reason]: 'A report needs a reason: wrong fact, outdated, missing source, not what I asked. Nothing was recorded.' } });
    const damaged = await form('1|not|a|reference', { [REPORT_BLOCKS.reason]: { [REPORT_BLOCKS.reason]: { type: 'static_select', selected_option: { value: 'outdated' } } } });
    expect(damaged.response_action).toBe('update');
    expect(textsOf(damaged.view).some((text) => text.includes('I cannot find that answer any more'))).toBe(true);
    const post = await vote(FEEDBACK_ACTIONS.up, 'tampered', '/vote/tampered');
    expect(textsOf(post.body).some((text) => text.includes('I cannot find that answer any more'))).toBe(true);
    expect(await feedback.read()).toHaveLength(before);
  });
});

describe('Check with landscape (message shortcut)', () => {
  it('acknowledges at once, then answers privately through response_url with the fact, its scope and source', async () => {
    const path = '/shortcut/check-13';
    // As Slack encodes it: a mention, a link and an entity around the claim.
    const response = await send(
      messageShortcutPost({ callbackId: CHECK_SHORTCUT, text: '&lt;3 <@U0002> says Chinese models are 13% of all AI usage <https://example.org|here>', responseUrl: slack.responses.url(path) }),
    );
    expect(response.status).toBe(200);
    const post = await slack.responses.posts.waitFor((candidate) => candidate.path === path);
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const texts = textsOf(post.body);
    expect(texts.some((text) => text.includes('Checking: “&lt;3 says Chinese models are 13% of all AI usage here”'))).toBe(true);
    expect(texts.some((text) => text.includes('share of OpenRouter weekly token volume'))).toBe(true);
    expect(texts.some((text) => text.includes('OpenRouter is one API aggregator, not all AI usage.'))).toBe(true);
    expect(texts.some((text) => /<https:\/\/media365\.in\/[^|>]+\|\[\d+\]/.test(text))).toBe(true);
    // Nothing was posted in the channel.
    expect(slack.api.calls.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
  });

  it('a message with no text gets the usage of /check, privately', async () => {
    const path = '/shortcut/check-empty';
    await send(messageShortcutPost({ callbackId: CHECK_SHORTCUT, text: '', responseUrl: slack.responses.url(path) }));
    const post = await slack.responses.posts.waitFor((candidate) => candidate.path === path);
    expect(post.body.response_type).toBe('ephemeral');
    expect(textsOf(post.body).some((text) => text.includes('Usage: /check &lt;claim&gt;'))).toBe(true);
  });
});

describe('follow-ups in a thread', () => {
  const posts = (threadTs: string) => slack.api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.thread_ts === threadTs);
  const answerIn = async (threadTs: string, count: number) => {
    await slack.api.calls.waitFor(() => posts(threadTs).length >= count);
    const blocks = JSON.parse(String(posts(threadTs)[count - 1]!.params.blocks));
    return { header: blocks.find((block: any) => block.type === 'header')?.text.text as string, texts: textsOf({ blocks }) };
  };
  const reply = (id: string, channel: string, threadTs: string, ts: string, text: string, extra: Record<string, unknown> = {}) =>
    send(eventPost(id, { type: 'message', channel_type: 'channel', channel, user: 'U0001', text, ts, thread_ts: threadTs, ...extra }));

  it('answers a reply in the thread of an answer about the same subject, in the reply’s language', async () => {
    const root = '1700001000.000100';
    await send(eventPost('EvFollow1', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> When was DeepSeek R1 released?`, ts: root, channel: 'C0005' }));
    expect((await answerIn(root, 1)).header).toBe('DeepSeek-R1 — release date');

    await reply('EvFollow2', 'C0005', root, '1700001000.000200', 'and its licence?');
    const licence = await answerIn(root, 2);
    expect(licence.header).toBe('DeepSeek-R1 — licence');
    expect(licence.texts.some((text) => text.includes('MIT'))).toBe(true);

    await reply('EvFollow3', 'C0005', root, '1700001000.000300', 'et sa licence ?');
    expect((await answerIn(root, 3)).header).toBe('DeepSeek-R1 — licence');
    expect((await answerIn(root, 3)).texts.some((text) => text.includes('est publié sous MIT'))).toBe(true);
  });

  it('a reply naming another subject is about that one, and the thread follows it', async () => {
    const root = '1700002000.000100';
    await send(eventPost('EvFollow4', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> When was DeepSeek R1 released?`, ts: root, channel: 'C0005' }));
    await answerIn(root, 1);
    await reply('EvFollow5', 'C0005', root, '1700002000.000200', 'and when did Llama 2 come out?');
    expect((await answerIn(root, 2)).header).toBe('Llama 2 — release date');
    await reply('EvFollow6', 'C0005', root, '1700002000.000300', 'and its licence?');
    expect((await answerIn(root, 3)).header).toBe('Llama 2 — licence');
  });

  it('ignores other channel messages: outside a thread, in a thread it did not answer in, and its own', async () => {
    await reply('EvIgnore1', 'C0006', '1700003000.000100', '1700003000.000200', 'and its licence?');
    await send(eventPost('EvIgnore2', { type: 'message', channel_type: 'channel', channel: 'C0006', user: 'U0001', text: 'and its licence?', ts: '1700003000.000300' }));
    await reply('EvIgnore3', 'C0005', '1700001000.000100', '1700003000.000400', 'and its licence?', { bot_id: FAKE_BOT_USER_ID, user: undefined });
    // A reply that mentions the bot comes twice (message and app_mention): answered once.
    const root = '1700001000.000100';
    const before = posts(root).length;
    await reply('EvMention1', 'C0005', root, '1700003000.000500', `<@${FAKE_BOT_USER_ID}> and its size?`);
    await send(eventPost('EvMention2', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> and its size?`, ts: '1700003000.000500', thread_ts: root, channel: 'C0005' }));
    expect((await answerIn(root, before + 1)).header).toBe('DeepSeek-R1 — size');
    expect(posts('1700003000.000100')).toEqual([]);
    expect(posts('1700003000.000300')).toEqual([]);
    expect(posts(root)).toHaveLength(before + 1);
  });
});

describe('subscriptions, and the digest of a live edit', () => {
  let dir: string;
  let loopback: LoopbackSlack;
  let reloader: Reloader;
  let subscriptions: Subscriptions;
  const subscribe = async (user: string, text: string, channel = 'C0100') => {
    const response = await postToSlackEndpoint(
      loopback.base,
      commandPost({ command: '/subscribe', text, userId: user, channelId: channel, responseUrl: loopback.responses.url(`/subscribe/${user}`) }),
    );
    expect(response.status).toBe(200);
    return textsOf(response.json()).join('\n');
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'landscape-slack-digest-'));
    await cp(FIXTURE_DIR, path.join(dir, 'knowledge'), { recursive: true });
    const store = await KnowledgeStore.open(path.join(dir, 'knowledge'), { now: FIXED_NOW });
    subscriptions = new Subscriptions({ file: path.join(dir, 'subscriptions.jsonl') });
    loopback = await startLoopbackSlack(new Bot({ store, now: () => FIXED_NOW, subscriptions }), recordingLogger().logger);
    loopback.api.admins.add('UADMIN');
    loopback.api.creators.C0101 = 'UCREATOR2';
    reloader = new Reloader({ store, logger: recordingLogger().logger, debounceMs: 50 });
    const digests = new Digests({ subscriptions, adapters: () => [loopback.adapter], logger: recordingLogger().logger, now: () => FIXED_NOW });
    reloader.onSwap((before, after) => void digests.publish(before, after)).watch();
  });
  afterAll(async () => {
    await reloader?.close();
    await loopback?.close();
    await subscriptions?.flush();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets workspace admins and a channel’s creator subscribe it, and no one else', async () => {
    expect(await subscribe('U0001', 'deepseek')).toContain('Only the channel’s managers can change its subscriptions');
    expect(subscriptions.list()).toEqual([]);
    expect(await subscribe('UCREATOR2', 'meta', 'C0101')).toContain('Subscribed: this channel will get a digest when facts about Meta are added or changed.');
    expect(await subscribe('UADMIN', 'chinese')).toContain('Subscribed: this channel will get a digest when facts about Chinese open-weight models are added or changed.');
    expect(subscriptions.list().map((each) => [each.channel, each.subject])).toEqual([
      ['C0101', 'meta'],
      ['C0100', 'chinese-open'],
    ]);
    // Anyone may read the list.
    expect(await subscribe('U0001', '')).toContain('new or changed facts about: Chinese open-weight models.');
  });

  it('posts a cited digest in the subscribed channel when a fact on its subject is added, and none elsewhere', async () => {
    const file = path.join(dir, 'knowledge', 'base.yaml');
    await writeFile(file, withFixtureFact(await readFile(file, 'utf8'), R1_PAPER_EVENT));

    const call = await loopback.api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.channel === 'C0100');
    const blocks = JSON.parse(String(call.params.blocks));
    const texts = textsOf({ blocks });
    expect(blocks.find((block: any) => block.type === 'header').text.text).toBe('What’s new: Chinese open-weight models');
    expect(texts.some((text) => text.includes('DeepSeek published the paper on how DeepSeek-R1 learned to reason.'))).toBe(true);
    expect(texts.some((text) => /<https:\/\/github\.com\/deepseek-ai\/DeepSeek-R1\|\[1\]/.test(text))).toBe(true);
    expect(blocks.some((block: any) => block.type === 'actions')).toBe(false);
    expect(call.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    expect(loopback.api.calls.filter((candidate) => candidate.method === 'chat.postMessage' && candidate.params.channel === 'C0101')).toEqual([]);
  });
});
