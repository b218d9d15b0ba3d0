// Loopback stand-ins for Slack: a Web API that records every call (and says who is a
// workspace admin or a channel's creator, as told), a response_url server, a Socket Mode
// websocket server, and signed requests as Slack sends them (commands, events, button
// clicks, message shortcuts, modal submissions). Nothing here
// leaves 127.0.0.1. The Web API and the response_url server can be told to fail the next
// calls (`failNext`): `ok: false` with an error code, an HTTP status such as 500 or 503, or
// no answer at all (`hang`: the connection stays open until the fake closes).
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import pino from 'pino';
import type { Bot } from '../../src/bot.ts';
import { SlackAdapter, type SlackAdapterOptions } from '../../src/platforms/slack/adapter.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { Recorder } from '../support/recorder.ts';

export { Recorder };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface ApiCall {
  method: string;
  /** Form fields or JSON body; Block Kit arrives as JSON strings in form posts. */
  params: Record<string, unknown>;
  authorization?: string;
  /** The HTTP status the fake answered with. */
  status: number;
  /** The `error` of an `ok: false` answer. */
  error?: string;
}

/**
 * How the fake fails a call: HTTP 200 with `{ ok: false, error }` (how the Web API reports
 * most failures), or an HTTP status (a 5xx from Slack's edge; a 429 wants `retry-after`).
 */
export interface SlackFailure {
  error?: string;
  status?: number;
  /** Never answered; recorded with status 0. */
  hang?: boolean;
  headers?: Record<string, string>;
  /** How many matching calls fail (default 1); Infinity fails them until `clearFailures`. */
  times?: number;
}

interface FailureRule {
  failure: SlackFailure;
  left: number;
}

/** Failures to hand out by key (a Web API method, a response_url path), in the order given. */
class Failures {
  private rules = new Map<string, FailureRule[]>();

  add(key: string, failure: SlackFailure): void {
    if (failure.error === undefined && failure.status === undefined && !failure.hang) throw new Error('a failure needs an error, a status or hang');
    this.rules.set(key, [...(this.rules.get(key) ?? []), { failure, left: failure.times ?? 1 }]);
  }

  take(key: string): SlackFailure | undefined {
    const rule = this.rules.get(key)?.find((candidate) => candidate.left > 0);
    if (!rule) return undefined;
    rule.left -= 1;
    return rule.failure;
  }

  clear(): void {
    this.rules.clear();
  }
}

export interface FakeWebApi {
  /** Base URL for `slackApiUrl`, ending in `/api/`. */
  url: string;
  calls: Recorder<ApiCall>;
  /** What apps.connections.open returns as the websocket URL. */
  socketUrl?: string;
  /** Each member's Slack locale for users.info (en-US when not listed). */
  userLocales: Map<string, string>;
  /** Members users.info says are workspace admins. */
  admins: Set<string>;
  /** Who conversations.info says created each channel. */
  creators: Record<string, string>;
  /** The next `times` calls (default 1) of `method` fail as told, and have no effect. */
  failNext(method: string, failure: SlackFailure): void;
  clearFailures(): void;
  close(): Promise<void>;
}

export const FAKE_BOT_USER_ID = 'UBOT0001';
export const FAKE_BOT_ID = 'BBOT0001';

/** The Slack Web API on loopback: answers ok to everything (unless told to fail), records each call. */
export async function startFakeWebApi(): Promise<FakeWebApi> {
  const calls = new Recorder<ApiCall>();
  const failures = new Failures();
  let counter = 0;
  const api: FakeWebApi = {
    userLocales: new Map(),
    url: '',
    calls,
    admins: new Set(),
    creators: {},
    failNext: (method, failure) => failures.add(method, failure),
    clearFailures: () => failures.clear(),
    close: async () => close(server),
  };
  const server = createServer(async (request, response) => {
    if ((request.url ?? '').startsWith('/upload/')) {
      // files.uploadV2 sends the file's bytes to the upload_url given by getUploadURLExternal.
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      calls.push({ method: 'upload', params: { path: request.url, bytes: bytes.length, png: bytes.includes(Buffer.from('\x89PNG', 'latin1')) }, status: 200 });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('OK');
      return;
    }
    const text = await readBody(request);
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const type = request.headers['content-type'] ?? '';
    const params: Record<string, unknown> = type.startsWith('application/json') ? JSON.parse(text || '{}') : Object.fromEntries(new URLSearchParams(text));
    const failure = failures.take(method);
    if (failure?.hang) {
      calls.push({ method, params, authorization: request.headers.authorization, status: 0 });
      return;
    }
    if (failure) {
      const status = failure.status ?? 200;
      calls.push({ method, params, authorization: request.headers.authorization, status, ...(failure.error !== undefined ? { error: failure.error } : {}) });
      if (failure.error !== undefined) {
        response.writeHead(status, { 'content-type': 'application/json', ...failure.headers });
        response.end(JSON.stringify({ ok: false, error: failure.error }));
      } else {
        response.writeHead(status, { 'content-type': 'text/plain', ...failure.headers });
        response.end(`fake Slack: ${status}`);
      }
      return;
    }
    calls.push({ method, params, authorization: request.headers.authorization, status: 200 });
    const reply = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, ...body }));
    };
    switch (method) {
      case 'auth.test':
        return reply({ user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID, team_id: 'T0001', user: 'landscape', team: 'Test' });
      case 'apps.connections.open':
        return reply({ url: api.socketUrl ?? 'ws://127.0.0.1:9/' });
      case 'files.getUploadURLExternal':
        counter += 1;
        return reply({ upload_url: `${api.url.replace(/\/api\/$/, '')}/upload/F${counter}`, file_id: `F${counter}` });
      case 'files.completeUploadExternal':
        return reply({ files: JSON.parse(String(params.files ?? '[]')) });
      case 'users.info':
        return reply({
          user: { id: params.user, locale: api.userLocales.get(String(params.user)) ?? 'en-US', is_admin: api.admins.has(String(params.user)), is_owner: false, is_primary_owner: false },
        });
      case 'conversations.info':
        return reply({ channel: { id: params.channel, creator: api.creators[String(params.channel)] ?? 'UCREATOR' } });
      case 'chat.postMessage':
        counter += 1;
        return reply({ channel: params.channel, ts: `1700000000.${String(counter).padStart(6, '0')}`, message: {} });
      default:
        return reply({});
    }
  });
  const port = await listen(server);
  api.url = `http://127.0.0.1:${port}/api/`;
  return api;
}

export interface ResponsePost {
  path: string;
  body: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status: number;
}

export interface ResponseUrlServer {
  url(path: string): string;
  posts: Recorder<ResponsePost>;
  /** The next `times` posts (default 1) to `path` get this HTTP status (for example 500), or no answer. */
  failNext(path: string, failure: Pick<SlackFailure, 'status' | 'hang' | 'times'>): void;
  close(): Promise<void>;
}

/** Where Slack's response_url would point: records each JSON post by path. */
export async function startResponseUrlServer(): Promise<ResponseUrlServer> {
  const posts = new Recorder<ResponsePost>();
  const failures = new Failures();
  const server = createServer(async (request, response) => {
    const text = await readBody(request);
    const path = request.url ?? '';
    const failure = failures.take(path);
    if (failure?.hang) {
      posts.push({ path, body: JSON.parse(text || '{}'), status: 0 });
      return;
    }
    const status = failure?.status ?? 200;
    posts.push({ path, body: JSON.parse(text || '{}'), status });
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(status === 200 ? 'ok' : 'fake Slack: response_url failed');
  });
  const port = await listen(server);
  return { url: (path) => `http://127.0.0.1:${port}${path}`, posts, failNext: (path, failure) => failures.add(path, failure), close: () => close(server) };
}

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackPost {
  body: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** Seconds; now by default. */
  timestamp?: number;
  /** Overrides the computed signature; null sends none. */
  signature?: string | null;
  secret?: string;
  headers?: Record<string, string>;
  /** The request's path and query, `/slack/events` by default. */
  path?: string;
}

export interface SlackResponse {
  status: number;
  text: string;
  json(): any;
}

/** POSTs to /slack/events as Slack does: timestamp and v0 signature headers. */
export async function postToSlackEndpoint(baseUrl: string, post: SlackPost): Promise<SlackResponse> {
  const timestamp = post.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': post.contentType,
    'x-slack-request-timestamp': String(timestamp),
    ...post.headers,
  };
  const signature = post.signature === undefined ? sign(post.body, timestamp, post.secret) : post.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const response = await fetch(`${baseUrl}${post.path ?? '/slack/events'}`, { method: 'POST', headers, body: post.body });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

export interface CommandFields {
  command: string;
  text?: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
}

export function slashCommandForm(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: 'T0001',
    team_domain: 'test',
    channel_id: fields.channelId ?? 'C0001',
    channel_name: 'general',
    user_id: fields.userId ?? 'U0001',
    user_name: 'ada',
    command: fields.command,
    text: fields.text ?? '',
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

export function commandPost(fields: CommandFields): SlackPost {
  return { body: slashCommandForm(fields), contentType: 'application/x-www-form-urlencoded' };
}

export function eventPayload(eventId: string, event: Record<string, unknown>) {
  return {
    token: 'verification-token-unused',
    team_id: 'T0001',
    api_app_id: 'A0001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: 'T0001', user_id: FAKE_BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
  };
}

export function eventPost(eventId: string, event: Record<string, unknown>, headers?: Record<string, string>): SlackPost {
  return { body: JSON.stringify(eventPayload(eventId, event)), contentType: 'application/json', ...(headers ? { headers } : {}) };
}

export interface ButtonClick {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
  ephemeral?: boolean;
}

export function actionPost(click: ButtonClick): SlackPost {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'test' },
    user: { id: click.userId ?? 'U0001', username: 'ada', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0001', is_ephemeral: click.ephemeral ?? true },
    trigger_id: '1.2.3',
    channel: { id: 'C0001', name: 'general' },
    response_url: click.responseUrl,
    actions: [{ type: 'button', action_id: click.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: click.value, action_ts: '1700000001.000000' }],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface MessageShortcutFields {
  callbackId: string;
  /** The text of the message the shortcut was used on, as Slack encodes it. */
  text: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
}

/** A message shortcut (a message's ⋮ menu), as Slack posts it: a form with a JSON `payload`. */
export function messageShortcutPost(fields: MessageShortcutFields): SlackPost {
  const payload = {
    type: 'message_action',
    callback_id: fields.callbackId,
    trigger_id: '1.2.3',
    message_ts: '1700000000.000200',
    response_url: fields.responseUrl,
    message: { type: 'message', user: 'U0002', ts: '1700000000.000200', text: fields.text },
    user: { id: fields.userId ?? 'U0001', name: 'ada', team_id: 'T0001' },
    channel: { id: fields.channelId ?? 'C0001', name: 'general' },
    team: { id: 'T0001', domain: 'test' },
    token: 'verification-token-unused',
    action_ts: '1700000001.000000',
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface ViewSubmission {
  callbackId: string;
  privateMetadata: string;
  /** `view.state.values`: block id → action id → the element's state. */
  values: Record<string, Record<string, unknown>>;
  userId?: string;
}

/** A modal's form sent, as Slack posts it: a form with a JSON `payload`. */
export function viewSubmissionPost(submission: ViewSubmission): SlackPost {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'test' },
    user: { id: submission.userId ?? 'U0001', name: 'ada', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'verification-token-unused',
    trigger_id: '1.2.3',
    view: {
      id: 'V0001',
      team_id: 'T0001',
      type: 'modal',
      callback_id: submission.callbackId,
      private_metadata: submission.privateMetadata,
      title: { type: 'plain_text', text: 'Report a problem' },
      blocks: [],
      state: { values: submission.values },
      hash: '1.abc',
      app_id: 'A0001',
      bot_id: FAKE_BOT_ID,
    },
    response_urls: [],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger whose lines can be awaited, to see what the adapter decided. */
export function recordingLogger(): { logger: Logger; lines: Recorder<LogLine> } {
  const lines = new Recorder<LogLine>();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

export interface FakeSocketServer {
  url: string;
  /** Every message the client sent (acks carry `envelope_id`). */
  received: Recorder<Record<string, any>>;
  connected: Recorder<WebSocket>;
  send(message: object): void;
  close(): Promise<void>;
}

/** Slack's Socket Mode endpoint: says hello on connect, then relays envelopes we send. */
export async function startFakeSocketServer(): Promise<FakeSocketServer> {
  const received = new Recorder<Record<string, any>>();
  const connected = new Recorder<WebSocket>();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0001' } }));
    connected.push(socket);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=fake`,
    received,
    connected,
    send(message) {
      for (const client of wss.clients) client.send(JSON.stringify(message));
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Every mrkdwn and plain text in a message, for assertions on what a reader sees. */
export function textsOf(message: { text?: unknown; blocks?: unknown }): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') out.push(record.text);
      for (const value of Object.values(record)) visit(value);
    }
  };
  visit(message.blocks);
  if (typeof message.text === 'string') out.push(message.text);
  return out;
}

export interface LoopbackSlack {
  api: FakeWebApi;
  responses: ResponseUrlServer;
  adapter: SlackAdapter;
  /** Where signed requests go: `${base}/slack/events`. */
  base: string;
  close(): Promise<void>;
}

/**
 * The real adapter over HTTP on loopback, its Web API and response_url faked. One statement
 * a page, so the small fixture base has answers with several pages (Next buttons).
 */
export async function startLoopbackSlack(bot: Bot, logger: Logger, overrides: Partial<SlackAdapterOptions> = {}): Promise<LoopbackSlack> {
  const api = await startFakeWebApi();
  const responses = await startResponseUrlServer();
  const adapter = new SlackAdapter({
    bot,
    logger,
    botToken: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: api.url,
    port: 0,
    host: '127.0.0.1',
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
    profile: { supporting: 1, firstList: 1, pageSize: 1, detailPageSize: 1 },
    ...overrides,
  });
  await adapter.start();
  return {
    api,
    responses,
    adapter,
    base: `http://127.0.0.1:${adapter.address()!.port}`,
    close: async () => {
      await adapter.stop();
      await api.close();
      await responses.close();
    },
  };
}
