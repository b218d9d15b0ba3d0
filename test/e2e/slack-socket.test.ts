// Socket Mode: the real SocketModeReceiver calls apps.connections.open on the fake Web API,
// connects to a loopback websocket server that speaks Slack's envelope protocol, and
// acknowledges a slash command with the answer in the ack's payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { SlackAdapter } from '../../src/platforms/slack/adapter.ts';
import { fixtureBot } from '../support/fixture.ts';
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  eventPayload,
  recordingLogger,
  startFakeSocketServer,
  startFakeWebApi,
  startResponseUrlServer,
  textsOf,
  type FakeSocketServer,
  type FakeWebApi,
  type ResponseUrlServer,
} from './slack-fakes.ts';

let api: FakeWebApi;
let socket: FakeSocketServer;
let responses: ResponseUrlServer;
let adapter: SlackAdapter;
let bot: Bot;

beforeAll(async () => {
  api = await startFakeWebApi();
  socket = await startFakeSocketServer();
  responses = await startResponseUrlServer();
  api.socketUrl = socket.url;
  bot = await fixtureBot();
  adapter = new SlackAdapter({
    bot,
    logger: recordingLogger().logger,
    botToken: 'xoxb-test-token',
    appToken: 'xapp-test-token',
    apiUrl: api.url,
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  });
  await adapter.start();
});

afterAll(async () => {
  await adapter?.stop();
  await socket?.close();
  await api?.close();
  await responses?.close();
});

describe('Slack over Socket Mode', () => {
  it('opens the connection with the app token and is connected after hello', async () => {
    const open = await api.calls.waitFor((call) => call.method === 'apps.connections.open');
    expect(open.authorization).toBe('Bearer xapp-test-token');
    expect(adapter.mode).toBe('socket');
    expect(adapter.state()).toBe('connected');
    expect(adapter.address()).toBeUndefined();
  });

  it('acknowledges a slash_commands envelope with the cited answer, carrying its envelope_id', async () => {
    socket.send({
      envelope_id: 'env-share-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'unused',
        team_id: 'T0001',
        team_domain: 'test',
        channel_id: 'C0001',
        channel_name: 'general',
        user_id: 'U0001',
        user_name: 'ada',
        command: '/landscape',
        text: 'share chinese-open',
        api_app_id: 'A0001',
        response_url: responses.url('/socket/share'),
        trigger_id: '1.2.3',
      },
    });
    const ack = await socket.received.waitFor((message) => message.envelope_id === 'env-share-1');
    expect(ack.payload.response_type).toBe('ephemeral');
    const header = ack.payload.blocks.find((block: { type: string }) => block.type === 'header');
    expect(header.text.text).toBe('Share: Chinese open-weight models');
    expect(textsOf(ack.payload).some((text) => /<https:\/\/[^|>]+\|\[1\]/.test(text))).toBe(true);
    expect(responses.posts.entries).toEqual([]);
  });

  it('acknowledges an events_api envelope and answers the mention in its thread', async () => {
    const event = { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> /timeline meta`, ts: '1700000900.000100', channel: 'C0001', event_ts: '1700000900.000100' };
    socket.send({ envelope_id: 'env-mention-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: eventPayload('Ev0SOCKET1', event) });
    const ack = await socket.received.waitFor((message) => message.envelope_id === 'env-mention-1');
    expect(ack.envelope_id).toBe('env-mention-1');
    const call = await api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.thread_ts === event.ts);
    expect(JSON.parse(String(call.params.blocks))[0].text.text).toBe('Timeline: Meta');
  });
});
