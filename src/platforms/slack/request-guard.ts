// In front of Bolt on `/slack/events` (HTTP mode), and the only check of a request's
// signature there: Bolt's receiver is built with its own verification off (see the adapter),
// because Bolt takes any timestamp in the future, reads up to 4 MB of any body before checking
// anything, hands a signed body of the wrong shape (JSON `null`, an event without `event`, a
// `text` that is not a string) to code that throws on it (no response at all, and an unhandled
// rejection), and would compute the same HMAC a second time. This guard refuses: 401 for a
// timestamp more than five minutes from now either way, or a missing or wrong signature; 413
// for a body over SLACK_BODY_LIMIT; 400 for a signed body the bot cannot read. Anything else
// goes to Bolt with the body already read.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../runtime/logger.ts';

/**
 * The largest request body read. Slack's slash commands, button clicks and events for this
 * bot are a few kilobytes (a 40,000-character message is about 100 kB of JSON).
 */
export const SLACK_BODY_LIMIT = 256 * 1024;
/** How far a request's timestamp may be from our clock, as Slack recommends. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface RequestGuardOptions {
  path: string;
  signingSecret: string;
  logger: Logger;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
}

interface Refusal {
  status: 400 | 401 | 413;
  why: string;
}

/** Bolt's request listener with the guard in front of `options.path`. */
export function guardSlackRequests(bolt: RequestListener, options: RequestGuardOptions): RequestListener {
  return (req, res) => {
    // Other paths (customRoutes: /healthz, /metrics) and methods are Bolt's to route; it
    // routes to its events handler exactly what passes here (the same method and path test).
    if (req.method?.toUpperCase() !== 'POST' || pathOf(req) !== options.path) return bolt(req, res);
    void screen(req, options).then((refusal) => {
      if (!refusal) return bolt(req, res);
      options.logger.warn({ status: refusal.status, why: refusal.why }, 'slack: request refused');
      refuse(res, refusal.status);
    });
  };
}

async function screen(req: IncomingMessage, options: RequestGuardOptions): Promise<Refusal | undefined> {
  const timestamp = req.headers['x-slack-request-timestamp'];
  const signature = req.headers['x-slack-signature'];
  if (timestamp !== undefined) {
    const skew = Number(timestamp) - (options.now ?? Date.now)() / 1000;
    if (!(Math.abs(skew) <= MAX_CLOCK_SKEW_SECONDS)) return { status: 401, why: `timestamp ${skew > 0 ? 'ahead of' : 'behind'} our clock by more than five minutes` };
  }
  if (Number(req.headers['content-length']) > SLACK_BODY_LIMIT) return { status: 413, why: `body over ${SLACK_BODY_LIMIT} bytes` };
  // Slack signs every request, its ssl_check included.
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return { status: 401, why: 'no signature or no timestamp' };
  let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
  try {
    // Kept on the request as `rawBody`, where Bolt looks before reading the stream.
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, SLACK_BODY_LIMIT);
  } catch (error) {
    if (HTTPModuleFunctions.isRawBodyError(error) && error.type === 'entity.too.large') return { status: 413, why: `body over ${SLACK_BODY_LIMIT} bytes` };
    return { status: 400, why: `unreadable body (${(error as Error).message})` };
  }
  if (!signedBy(options.signingSecret, timestamp, buffered.rawBody, signature)) return { status: 401, why: 'signature does not match' };
  let parsed: unknown;
  try {
    parsed = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    // Not JSON: Bolt answers 400 and logs it.
    return undefined;
  }
  const problem = malformed(parsed);
  return problem ? { status: 400, why: problem } : undefined;
}

/** Slack's v0 signature: `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}`, compared in constant time. */
function signedBy(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const optionalText = z.string().optional();
/** What the listeners read of each kind of request, with the types they rely on. */
const SlashCommand = z.looseObject({ command: z.string(), text: optionalText, user_id: z.string(), channel_id: optionalText, response_url: z.string() });
const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event_id: optionalText,
  event: z.looseObject({
    type: z.string(),
    text: optionalText,
    user: optionalText,
    channel: optionalText,
    ts: optionalText,
    thread_ts: optionalText,
    channel_type: optionalText,
    subtype: optionalText,
    bot_id: optionalText,
    tab: optionalText,
  }),
});
const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });
const Interaction = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id: z.string() }).optional(),
  response_url: optionalText,
  actions: z.array(z.looseObject({ action_id: z.string(), value: optionalText })).optional(),
});

/** Why a signed body is not one the bot can read, if it is not. */
function malformed(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not an object`;
  const { type } = body as { type?: unknown };
  const schema = 'command' in body ? SlashCommand : type === 'event_callback' ? EventCallback : type === 'url_verification' ? UrlVerification : Interaction;
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  return `${issue!.path.join('.') || 'body'}: ${issue!.message}`;
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

/** No body; the connection closes, so an unread body is not read after the answer either. */
function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { connection: 'close' });
  res.end();
}
