// A fake Discord on loopback, enough for a real discord.js Client: the REST API (gateway
// info, interaction callbacks, webhook edits and follow-ups, command registration, messages
// posted in a channel) on node:http and the gateway on a `ws` server sharing the port. It
// sends slash commands, message commands, button clicks and modal submits, a guild becoming
// available and members' messages (replies included); it records every request and
// gateway payload, keeps the messages the bot posts (so a test can click their buttons or
// reply to them), and can drop a connection with any close code. Frames are plain JSON (no zlib-sync).
// Bodies with files (multipart/form-data: `payload_json` and `files[n]`, as discord.js
// sends them) are read too: the JSON becomes the body, the files are recorded, and the
// messages keep them as attachments the way Discord does (an edit's `attachments` says
// which old ones stay; new files are added). Failures can be injected per route
// (`failNext`): a 429 as Discord sends it (`rateLimited`), a 5xx (`serverError`), no answer
// at all (`hanging`), a given number of times; a failed request is recorded with its status
// (0 for one left hanging) and has no effect.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APPLICATION_ID = '1100000000000000001';
export const GUILD_ID = '1200000000000000001';
export const CHANNEL_ID = '1300000000000000001';
export const DM_CHANNEL_ID = '1300000000000000002';
export const ALICE = { id: '1400000000000000001', username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
export const BOB = { id: '1400000000000000002', username: 'bob', discriminator: '0', global_name: 'Bob', avatar: null };
export const BOT_USER = { id: APPLICATION_ID, username: 'landscape', discriminator: '0', global_name: null, avatar: null, bot: true };

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;
export function snowflake(): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export interface RecordedFile {
  /** The form field: `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Without the `/api/v10` prefix, decoded: `/interactions/1/abc/callback`. */
  route: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The JSON body; for multipart, its `payload_json` part. */
  body: any;
  /** The file parts of a multipart body, in order (none for JSON). */
  files: RecordedFile[];
  /** The HTTP status the fake answered with (an injected failure's, or the route's). */
  status: number;
  /** `performance.now()` when the body's last byte arrived, before the fake read it. */
  receivedAt: number;
}

/** How the fake answers a request it is told to fail (see `failNext`). */
export interface InjectedFailure {
  /** 0: never answered (the connection stays open until the fake closes). */
  status: number;
  /** JSON body; none by default. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1); Infinity fails them until `clearFailures`. */
  times?: number;
}

/**
 * A 429 as Discord sends it: `retry_after` (seconds, a float) in the body, and the
 * `retry-after` and `x-ratelimit-*` headers. Discord rounds the `retry-after` header up to
 * whole seconds; the fake sends the exact value, so a test waits milliseconds, not a second
 * (discord.js reads the header and takes fractions).
 */
export function rateLimited(retryAfterSeconds: number, options: { global?: boolean; scope?: 'user' | 'global' | 'shared'; times?: number } = {}): InjectedFailure {
  const global = options.global ?? false;
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.now() / 1000 + retryAfterSeconds),
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': options.scope ?? (global ? 'global' : 'user'),
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
    ...(options.times !== undefined ? { times: options.times } : {}),
  };
}

/** A request Discord receives and never answers, as when a connection hangs. */
export function hanging(times?: number): InjectedFailure {
  return { status: 0, ...(times !== undefined ? { times } : {}) };
}

/** A 5xx as Discord's edge answers it (500 with a JSON body; 502 and 503 without one). */
export function serverError(status: 500 | 502 | 503 | 504 = 500, times?: number): InjectedFailure {
  return { status, ...(status === 500 ? { body: { message: '500: Internal Server Error', code: 0 } } : {}), ...(times !== undefined ? { times } : {}) };
}

interface FailureRule {
  method: string;
  route: string | RegExp;
  failure: InjectedFailure;
  left: number;
}

/** An attachment of a message the fake keeps, with its bytes. */
export interface FakeAttachment {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  url: string;
  proxy_url: string;
  data: Buffer;
}

export interface GatewayPayload {
  op: number;
  d?: any;
  s?: number | null;
  t?: string | null;
}

export interface Identify {
  token: string;
  intents: number;
  shard: [number, number];
}

interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  socket?: WebSocket;
}

export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
}

export interface InteractionContext {
  user?: DiscordUser;
  /** In a server (default) or in a DM with the bot. */
  where?: 'guild' | 'dm';
  locale?: string;
  /** Member permissions in the guild, as a bit-set string (default: none). */
  permissions?: string;
  shard?: number;
}

export interface SentInteraction {
  id: string;
  token: string;
}

export interface FakeDiscordOptions {
  /** What GET /gateway/bot recommends. */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency: shards that may identify at once. */
  maxConcurrency?: number;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Every payload a client sent on the gateway, in order. */
  readonly received: { shard?: [number, number]; payload: GatewayPayload }[] = [];
  readonly identifies: Identify[] = [];
  readonly resumes: { session_id: string; seq: number }[] = [];
  /** Messages by id; `original` maps an interaction token to its response message id. */
  readonly messages = new Map<string, any>();
  private readonly original = new Map<string, string>();
  private readonly interactions = new Map<string, { id: string; messageId?: string; channelId: string; user: DiscordUser }>();
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private readonly changes = new EventEmitter();
  private failures: FailureRule[] = [];
  private port = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly options: FakeDiscordOptions,
  ) {
    this.changes.setMaxListeners(0);
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const fake = new FakeDiscord(http, wss, options);
    http.on('request', (request, response) => void fake.onRequest(request, response));
    wss.on('connection', (socket) => fake.onConnection(socket));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    fake.port = (http.address() as AddressInfo).port;
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.changes.removeAllListeners();
  }

  /** Resolves with the first non-undefined value of `check`, re-checked on every change. */
  until<T>(check: () => T | undefined | false): Promise<T> {
    const now = check();
    if (now !== undefined && now !== false) return Promise.resolve(now);
    return new Promise((resolve) => {
      const listener = () => {
        const value = check();
        if (value === undefined || value === false) return;
        this.changes.off('change', listener);
        resolve(value);
      };
      this.changes.on('change', listener);
    });
  }

  /** The first recorded request (past or future) that matches, accepted or not. */
  request(method: string, route: string | RegExp): Promise<RecordedRequest> {
    return this.until(() => this.requests.find((request) => matches(request, method, route)));
  }

  /** Every request recorded so far to a route: each attempt of a retried call, in order. */
  attempts(method: string, route: string | RegExp): RecordedRequest[] {
    return this.requests.filter((request) => matches(request, method, route));
  }

  /** The first request (past or future) to a route that the fake accepted (2xx). */
  accepted(method: string, route: string | RegExp): Promise<RecordedRequest> {
    return this.until(() => this.requests.find((request) => matches(request, method, route) && request.status < 300));
  }

  /** The response Discord took for an interaction: its accepted callback POST. */
  callback(interaction: SentInteraction): Promise<RecordedRequest> {
    return this.accepted('POST', callbackRoute(interaction));
  }

  /** An accepted follow-up, edit or delete on an interaction's webhook. */
  webhook(method: string, interaction: SentInteraction, rest = ''): Promise<RecordedRequest> {
    return this.accepted(method, webhookRoute(interaction, rest));
  }

  /**
   * The next `failure.times` requests (default 1) matching method and route get the
   * failure instead of their answer, and change nothing. Rules apply in the order given.
   */
  failNext(method: string, route: string | RegExp, failure: InjectedFailure): void {
    this.failures.push({ method, route, failure, left: failure.times ?? 1 });
  }

  /** Drops every failure not used up yet: requests are answered normally again. */
  clearFailures(): void {
    this.failures = [];
  }

  /** Resolves once `count` sessions are ready (identified or resumed and attached). */
  readySessions(count = 1): Promise<Session[]> {
    return this.until(() => {
      const ready = [...this.sessions.values()].filter((session) => session.socket?.readyState === 1);
      return ready.length >= count ? ready : undefined;
    });
  }

  /** Closes the gateway connection of a shard with a close code, as Discord does. */
  async dropConnection(shard: number, code: number, reason = 'fake: dropped'): Promise<void> {
    const session = this.sessionOf(shard);
    const socket = session.socket!;
    session.socket = undefined;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(code, reason);
    });
    this.changed();
  }

  dispatch(shard: number, t: string, d: unknown): void {
    const session = this.sessionOf(shard);
    session.seq += 1;
    session.socket!.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
  }

  /**
   * The guild becomes available, as Discord announces each guild after READY: its text
   * channel (CHANNEL_ID) is then known to the client, so messages posted there reach it.
   */
  guildCreate(shard = 0): void {
    this.dispatch(shard, 'GUILD_CREATE', {
      id: GUILD_ID,
      name: 'Test server',
      unavailable: false,
      owner_id: ALICE.id,
      member_count: 2,
      features: [],
      roles: [],
      emojis: [],
      stickers: [],
      members: [],
      presences: [],
      voice_states: [],
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      channels: [{ id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID, position: 0, permission_overwrites: [], nsfw: false }],
    });
  }

  /**
   * Someone writes in the guild's channel or in a DM with the bot, optionally as a reply to
   * a message (Discord then sends the replied-to message along, as `referenced_message`).
   * A reply pings its author unless told not to: the bot is then among the mentions.
   */
  userMessage(content: string, options: { user?: DiscordUser; where?: 'guild' | 'dm'; replyTo?: any; ping?: boolean; shard?: number } = {}): any {
    const user = options.user ?? ALICE;
    const guild = (options.where ?? 'guild') === 'guild';
    const channelId = options.replyTo?.channel_id ?? (guild ? CHANNEL_ID : DM_CHANNEL_ID);
    const reference = options.replyTo ? publicView(options.replyTo) : undefined;
    const message = {
      ...writtenMessage(channelId, user, content),
      type: reference ? 19 : 0,
      ...(guild ? { guild_id: GUILD_ID, member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } } : {}),
      mentions: reference && options.ping !== false ? [reference.author] : [],
      ...(reference ? { message_reference: { type: 0, message_id: reference.id, channel_id: channelId, ...(guild ? { guild_id: GUILD_ID } : {}) }, referenced_message: reference } : {}),
    };
    this.messages.set(message.id, message);
    this.dispatch(options.shard ?? 0, 'MESSAGE_CREATE', message);
    return message;
  }

  /** Messages the bot posted in a channel (not as an interaction's response), oldest first. */
  channelMessages(channelId: string): any[] {
    return [...this.messages.values()].filter((message) => message.channel_id === channelId && message.author?.id === BOT_USER.id && !message.interaction_metadata);
  }

  // ---- interactions -----------------------------------------------------------------------------

  /** A slash command, as a user types it. */
  chatInput(name: string, options: Record<string, string | boolean> = {}, context: InteractionContext = {}): SentInteraction {
    const data = {
      id: snowflake(),
      name,
      type: 1,
      options: Object.entries(options).map(([key, value]) => ({ name: key, type: typeof value === 'boolean' ? 5 : 3, value })),
    };
    return this.send(2, data, context);
  }

  /** Autocomplete while the user types `partial` into option `focused`. */
  autocomplete(name: string, focused: string, partial: string, others: Record<string, string> = {}, context: InteractionContext = {}): SentInteraction {
    const options = [...Object.entries(others).map(([key, value]) => ({ name: key, type: 3, value })), { name: focused, type: 3, value: partial, focused: true }];
    return this.send(4, { id: snowflake(), name, type: 1, options }, context);
  }

  /**
   * A message command (a message's Apps menu) on a message someone wrote: Discord sends the
   * message itself, content included, in `resolved.messages`, whatever the bot's intents.
   */
  messageCommand(name: string, target: { content: string; author?: DiscordUser }, context: InteractionContext = {}): SentInteraction {
    const guild = (context.where ?? 'guild') === 'guild';
    const message = writtenMessage(guild ? CHANNEL_ID : DM_CHANNEL_ID, target.author ?? BOB, target.content);
    return this.send(2, { id: snowflake(), name, type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } }, context);
  }

  /** A click on a button of a message the bot posted. */
  click(message: any, customId: string, context: InteractionContext = {}): SentInteraction {
    return this.send(3, { custom_id: customId, component_type: 2 }, context, message);
  }

  /**
   * A modal (form) submitted, as Discord sends it: each field in a label component, a string
   * select with its chosen `values`, a text input with its `value`.
   */
  modalSubmit(customId: string, fields: Record<string, string | string[]>, context: InteractionContext = {}): SentInteraction {
    const components = Object.entries(fields).map(([id, value], index) => ({
      type: 18,
      id: index + 1,
      component: Array.isArray(value) ? { type: 3, id: 100 + index, custom_id: id, values: value } : { type: 4, id: 100 + index, custom_id: id, value },
    }));
    return this.send(5, { custom_id: customId, components }, context);
  }

  /** The message the bot posted (or last edited) in response to an interaction. */
  originalMessage(interaction: SentInteraction): Promise<any> {
    return this.until(() => {
      const id = this.original.get(interaction.token);
      return id ? this.messages.get(id) : undefined;
    });
  }

  private send(type: number, data: unknown, context: InteractionContext, message?: any): SentInteraction {
    const user = context.user ?? ALICE;
    const id = snowflake();
    const token = `tok-${randomBytes(12).toString('hex')}`;
    const guild = (context.where ?? 'guild') === 'guild';
    const channelId = message?.channel_id ?? (guild ? CHANNEL_ID : DM_CHANNEL_ID);
    const payload = {
      id,
      application_id: APPLICATION_ID,
      type,
      data,
      token,
      version: 1,
      locale: context.locale ?? 'en-US',
      app_permissions: '2248473465835073',
      entitlements: [],
      attachment_size_limit: 8_388_608,
      context: guild ? 0 : 1,
      authorizing_integration_owners: guild ? { '0': GUILD_ID } : { '1': user.id },
      ...(guild
        ? {
            guild_id: GUILD_ID,
            guild_locale: 'en-US',
            guild: { id: GUILD_ID, locale: 'en-US', features: [] },
            channel_id: channelId,
            channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: 'general', nsfw: false, position: 0, flags: 0, permissions: '2248473465835073' },
            member: {
              user,
              roles: [],
              permissions: context.permissions ?? '0',
              joined_at: '2025-01-01T00:00:00.000Z',
              deaf: false,
              mute: false,
              flags: 0,
              nick: null,
              avatar: null,
              premium_since: null,
              pending: false,
            },
          }
        : {
            channel_id: channelId,
            channel: { id: channelId, type: 1, recipients: [user], flags: 0 },
            user,
          }),
      ...(message ? { message: publicView(message) } : {}),
    };
    this.interactions.set(token, { id, channelId, user, ...(message ? { messageId: message.id } : {}) });
    this.dispatch(context.shard ?? 0, 'INTERACTION_CREATE', payload);
    return { id, token };
  }

  // ---- REST -------------------------------------------------------------------------------------------

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const receivedAt = performance.now();
    const raw = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://fake');
    const route = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const contentType = request.headers['content-type'] ?? '';
    const { body, files } = contentType.startsWith('multipart/form-data') ? await readMultipart(raw, contentType) : { body: readJson(raw.toString('utf8')), files: [] };
    const recorded: RecordedRequest = { method: request.method ?? 'GET', route, query: url.searchParams, headers: request.headers, body, files, status: 0, receivedAt };
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      response.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const failure = this.takeFailure(recorded);
    const result = failure ? { status: failure.status, json: failure.body, headers: failure.headers } : this.route(recorded);
    recorded.status = result.status;
    this.requests.push(recorded);
    if (result.status !== 0) send(result.status, result.json, result.headers);
    this.changed();
  }

  /** The injected failure for this request, if a rule with uses left matches it. */
  private takeFailure(request: RecordedRequest): InjectedFailure | undefined {
    const rule = this.failures.find((candidate) => candidate.left > 0 && matches(request, candidate.method, candidate.route));
    if (!rule) return undefined;
    rule.left -= 1;
    return rule.failure;
  }

  private route(request: RecordedRequest): { status: number; json?: unknown; headers?: Record<string, string> } {
    const { method, route, body, files } = request;
    if (method === 'GET' && route === '/gateway/bot') {
      return {
        status: 200,
        json: {
          url: this.gatewayUrl,
          shards: this.options.recommendedShards ?? 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: this.options.maxConcurrency ?? 16 },
        },
      };
    }
    if (method === 'GET' && route === '/applications/@me') return { status: 200, json: { id: APPLICATION_ID, name: 'landscape', flags: 0, bot_public: true } };

    let match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(route);
    if (method === 'PUT' && match) {
      return { status: 200, json: (body as any[]).map((command) => ({ ...command, id: snowflake(), application_id: match![1], version: snowflake(), ...(match![2] ? { guild_id: match![2] } : {}) })) };
    }

    match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(route);
    if (method === 'POST' && match) {
      const interaction = this.interactions.get(match[2]!);
      if (!interaction || interaction.id !== match[1]) return { status: 404, json: { message: 'Unknown interaction', code: 10062 } };
      const { type, data } = body as { type: number; data?: any };
      if (type === 4 || type === 5) {
        // A new message: the answer, or the "thinking…" placeholder (flag 128, loading).
        const message = this.newMessage(interaction, type === 5 ? { flags: (data?.flags ?? 0) | 128 } : data, files);
        this.original.set(match[2]!, message.id);
      } else if (type === 7 && interaction.messageId) {
        this.editMessage(interaction.messageId, data, files);
        this.original.set(match[2]!, interaction.messageId);
      } else if (type === 6 && interaction.messageId) {
        this.original.set(match[2]!, interaction.messageId);
      }
      return { status: 204 };
    }

    match = /^\/channels\/(\d+)\/messages$/.exec(route);
    if (method === 'POST' && match) {
      const data = body as any;
      const reference = data?.message_reference ? { message_reference: { type: 0, channel_id: match[1], ...data.message_reference } } : {};
      return { status: 200, json: publicView(this.storeMessage(match[1]!, data?.message_reference ? 19 : 0, data, files, reference)) };
    }

    match = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(route);
    if (match) {
      const interaction = this.interactions.get(match[2]!);
      if (!interaction) return { status: 404, json: { message: 'Unknown Webhook', code: 10015 } };
      const target = match[3] === '@original' ? this.original.get(match[2]!) : match[3];
      if (method === 'POST' && !match[3]) return { status: 200, json: publicView(this.newMessage(interaction, body, files)) };
      if (method === 'PATCH' && target) return { status: 200, json: publicView(this.editMessage(target, body, files)) };
      if (method === 'DELETE' && target) {
        this.messages.delete(target);
        return { status: 204 };
      }
      if (method === 'GET' && target) return { status: 200, json: publicView(this.messages.get(target)) };
    }
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  private newMessage(interaction: { id: string; channelId: string; user: DiscordUser }, data: any, files: readonly RecordedFile[] = []): any {
    return this.storeMessage(interaction.channelId, 20, data, files, {
      application_id: APPLICATION_ID,
      interaction_metadata: { id: interaction.id, type: 2, user: interaction.user, authorizing_integration_owners: {} },
    });
  }

  /** A message the bot sends (type 0 in a channel, 19 as a reply, 20 for an interaction), kept as Discord would show it. */
  private storeMessage(channelId: string, type: number, data: any, files: readonly RecordedFile[], extra: Record<string, unknown>): any {
    const message = {
      id: snowflake(),
      type,
      channel_id: channelId,
      author: BOT_USER,
      content: data?.content ?? '',
      embeds: data?.embeds ?? [],
      components: data?.components ?? [],
      flags: data?.flags ?? 0,
      attachments: this.attach([], data?.attachments, files),
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }

  private editMessage(id: string, data: any, files: readonly RecordedFile[] = []): any {
    const message = this.messages.get(id);
    if (!message) return undefined;
    for (const key of ['content', 'embeds', 'components'] as const) if (data?.[key] !== undefined) message[key] = data[key];
    // Without `attachments` an edit keeps the files (and adds any new ones); with it, only
    // the listed old ones stay.
    if (data?.attachments !== undefined || files.length > 0) message.attachments = this.attach(message.attachments, data?.attachments, files);
    // An edit ends the "thinking…" state; ephemerality stays what it was.
    message.flags = (message.flags & ~128 & ~4) | ((data?.flags ?? 0) & 4);
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  // ---- gateway ----------------------------------------------------------------------------------------

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.changed();
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    let session: Session | undefined;
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as GatewayPayload;
      this.received.push({ ...(session ? { shard: session.shard } : {}), payload });
      switch (payload.op) {
        case 1:
          socket.send(JSON.stringify({ op: 11 }));
          break;
        case 2: {
          const identify = payload.d as Identify;
          this.identifies.push({ token: identify.token, intents: identify.intents, shard: identify.shard ?? [0, 1] });
          session = { id: randomBytes(16).toString('hex'), shard: identify.shard ?? [0, 1], seq: 1, socket };
          this.sessions.set(session.id, session);
          socket.send(
            JSON.stringify({
              op: 0,
              t: 'READY',
              s: session.seq,
              d: {
                v: 10,
                user: BOT_USER,
                guilds: [],
                session_id: session.id,
                resume_gateway_url: this.gatewayUrl,
                shard: session.shard,
                application: { id: APPLICATION_ID, flags: 0 },
              },
            }),
          );
          break;
        }
        case 6: {
          const resume = payload.d as { session_id: string; seq: number };
          this.resumes.push({ session_id: resume.session_id, seq: resume.seq });
          const known = this.sessions.get(resume.session_id);
          if (!known) {
            socket.send(JSON.stringify({ op: 9, d: false }));
            break;
          }
          session = known;
          session.socket = socket;
          session.seq += 1;
          socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.seq, d: {} }));
          break;
        }
        default:
          break;
      }
      this.changed();
    });
  }

  private sessionOf(shard: number): Session {
    const session = [...this.sessions.values()].reverse().find((candidate) => candidate.shard[0] === shard && candidate.socket);
    if (!session) throw new Error(`fake Discord: no connected session for shard ${shard}`);
    return session;
  }

  /**
   * A message's attachments after a create or edit: the old ones `listed` keeps by id (all
   * of them when there is no list), then one per uploaded file, named as its part (or as
   * the list's entry with the part's index as id, as discord.js sends them).
   */
  private attach(old: readonly FakeAttachment[], listed: { id: string | number; filename?: string }[] | undefined, files: readonly RecordedFile[]): FakeAttachment[] {
    const kept = listed === undefined ? [...old] : old.filter((attachment) => listed.some((entry) => String(entry.id) === attachment.id));
    const added = files.map((file) => {
      const index = /^files\[(\d+)\]$/.exec(file.field)?.[1];
      const entry = listed?.find((candidate) => String(candidate.id) === index);
      const id = snowflake();
      const filename = entry?.filename ?? file.filename;
      const url = `http://127.0.0.1:${this.port}/attachments/${id}/${filename}`;
      return { id, filename, content_type: file.contentType, size: file.data.length, url, proxy_url: url, data: file.data };
    });
    return [...kept, ...added];
  }

  private changed(): void {
    this.changes.emit('change');
  }
}

function matches(request: RecordedRequest, method: string, route: string | RegExp): boolean {
  return request.method === method && (typeof route === 'string' ? request.route === route : route.test(request.route));
}

/** The route of an interaction's callback: where its first response goes. */
export function callbackRoute(interaction: SentInteraction): string {
  return `/interactions/${interaction.id}/${interaction.token}/callback`;
}

/** The route of an interaction's webhook: `/messages/@original` for the response itself. */
export function webhookRoute(interaction: SentInteraction, rest = ''): string {
  return `/webhooks/${APPLICATION_ID}/${interaction.token}${rest}`;
}

function readJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** A multipart/form-data body: `payload_json` is the JSON body, every file part a file. */
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = readJson(value);
      continue;
    }
    files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { body, files };
}

/** A message someone wrote, as the API shows it: plain text, no mention, not a reply. */
function writtenMessage(channelId: string, author: DiscordUser, content: string) {
  return {
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    author,
    content,
    embeds: [],
    attachments: [],
    components: [],
    mentions: [] as DiscordUser[],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
  };
}

/** A message as the API shows it: attachments without the fake's copy of their bytes. */
function publicView(message: any): any {
  if (!message) return message;
  return { ...message, attachments: (message.attachments ?? []).map(({ data: _data, ...attachment }: FakeAttachment) => attachment) };
}

/** Buttons of a message, by label. */
export function buttonsOf(message: any): Map<string, { custom_id: string; disabled?: boolean }> {
  const buttons = new Map<string, { custom_id: string; disabled?: boolean }>();
  for (const row of message?.components ?? []) for (const button of row.components ?? []) buttons.set(button.label, button);
  return buttons;
}
