// `landscape check-links`: is every source URL still there? Each distinct URL is asked with
// HEAD (cheap), and with GET when HEAD fails, since many servers refuse or mishandle HEAD.
// Redirects are not followed: a 3xx is reported as moved, with where it points, for a
// curator to decide whether the source is still the copy that was read. 429 and 5xx are
// retried, after the server's Retry-After when it gives one within a bound; a limit per host
// keeps the check polite towards sites that hold many sources (github.com, huggingface.co).

export interface LinkTarget {
  url: string;
  /** The ids of the sources with this URL. */
  sources: string[];
}

export type LinkOutcome = { kind: 'ok'; status: number } | { kind: 'moved'; status: number; location: string } | { kind: 'dead'; status?: number; reason: string };

export interface LinkResult extends LinkTarget {
  outcome: LinkOutcome;
  /** The method of the answer reported: GET when HEAD did not settle it. */
  method: 'HEAD' | 'GET';
  /** Requests sent for this URL, retries and the GET included. */
  requests: number;
}

export interface CheckLinksOptions {
  /** Requests in flight at once, over all hosts. */
  concurrency?: number;
  /** Requests in flight at once to one host (name and port). */
  perHost?: number;
  /** How long one request may take before the link counts as dead. */
  timeoutMs?: number;
  /** Further tries after a 429 or a 5xx. */
  retries?: number;
  /** The longest Retry-After honoured; a server asking for more is not waited for. */
  maxRetryAfterMs?: number;
  /** The wait before a retry when the server gives no Retry-After; doubled on each retry. */
  backoffMs?: number;
}

export const CHECK_LINKS_DEFAULTS = {
  concurrency: 8,
  perHost: 2,
  timeoutMs: 10_000,
  retries: 2,
  maxRetryAfterMs: 30_000,
  backoffMs: 1_000,
} as const satisfies Required<CheckLinksOptions>;

const USER_AGENT = 'landscape-check-links (checks that the sources of a cited fact base are still online)';

/** At most `limit` holders at once; the others wait in order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Checks each target once, in parallel within the limits; results in the targets' order. */
export async function checkLinks(targets: readonly LinkTarget[], options: CheckLinksOptions = {}): Promise<LinkResult[]> {
  const settings = { ...CHECK_LINKS_DEFAULTS, ...options };
  const all = new Semaphore(settings.concurrency);
  const hosts = new Map<string, Semaphore>();
  const hostOf = (url: string) => {
    const key = new URL(url).host;
    const known = hosts.get(key);
    if (known) return known;
    const semaphore = new Semaphore(settings.perHost);
    hosts.set(key, semaphore);
    return semaphore;
  };
  // The host's slot first, then the global one: a URL waiting for a busy host must not hold
  // a global slot that another host could use.
  const limited = <T>(url: string, work: () => Promise<T>) => hostOf(url).run(() => all.run(work));
  return Promise.all(targets.map((target) => checkOne(target, settings, limited)));
}

type Limited = <T>(url: string, work: () => Promise<T>) => Promise<T>;

interface Attempt {
  outcome: LinkOutcome;
  requests: number;
  /** A timeout or a rate limit: asking again with GET would not help, or would not be polite. */
  final: boolean;
}

async function checkOne(target: LinkTarget, settings: Required<CheckLinksOptions>, limited: Limited): Promise<LinkResult> {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { ...target, outcome: { kind: 'dead', reason: 'not a valid URL' }, method: 'HEAD', requests: 0 };
  }
  const head = await askWithRetries(url, 'HEAD', settings, limited);
  if (head.outcome.kind !== 'dead' || head.final) return { ...target, outcome: head.outcome, method: 'HEAD', requests: head.requests };
  const get = await askWithRetries(url, 'GET', settings, limited);
  return { ...target, outcome: get.outcome, method: 'GET', requests: head.requests + get.requests };
}

async function askWithRetries(url: URL, method: 'HEAD' | 'GET', settings: Required<CheckLinksOptions>, limited: Limited): Promise<Attempt> {
  for (let attempt = 0; ; attempt++) {
    const answer = await limited(url.href, () => ask(url, method, settings.timeoutMs));
    const requests = attempt + 1;
    if (!('status' in answer)) return { outcome: { kind: 'dead', reason: answer.error }, requests, final: answer.timedOut };
    const { status, statusText, location, retryAfter } = answer;
    if (status < 300) return { outcome: { kind: 'ok', status }, requests, final: true };
    if (status < 400) {
      if (location === undefined) return { outcome: { kind: 'dead', status, reason: `${statusLine(status, statusText)} without a Location header` }, requests, final: false };
      return { outcome: { kind: 'moved', status, location }, requests, final: true };
    }
    const retryable = status === 429 || status >= 500;
    const rateLimited = status === 429;
    const hint = status === 401 || status === 403 || rateLimited ? '; the site may refuse automated requests: check it in a browser' : '';
    if (!retryable) return { outcome: { kind: 'dead', status, reason: `${statusLine(status, statusText)}${hint}` }, requests, final: false };
    const wait = retryAfter ?? settings.backoffMs * 2 ** attempt;
    if (retryAfter !== undefined && retryAfter > settings.maxRetryAfterMs) {
      const reason = `${statusLine(status, statusText)}, asked to retry after ${seconds(retryAfter)}, more than the ${seconds(settings.maxRetryAfterMs)} allowed${hint}`;
      return { outcome: { kind: 'dead', status, reason }, requests, final: true };
    }
    if (attempt >= settings.retries) {
      return { outcome: { kind: 'dead', status, reason: `${statusLine(status, statusText)} after ${requests} tries${hint}` }, requests, final: rateLimited };
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

type Answer = { status: number; statusText: string; location?: string; retryAfter?: number } | { error: string; timedOut: boolean };

async function ask(url: URL, method: 'HEAD' | 'GET', timeoutMs: number): Promise<Answer> {
  try {
    const response = await fetch(url, { method, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': USER_AGENT, accept: '*/*' } });
    // Only the status matters: do not download the page.
    await response.body?.cancel();
    const location = response.headers.get('location');
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    return {
      status: response.status,
      statusText: response.statusText,
      ...(location ? { location: new URL(location, url).href } : {}),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { error: `no answer within ${seconds(timeoutMs)}`, timedOut: true };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: `no connection (${cause?.code ?? cause?.message ?? (error as Error).message})`, timedOut: false };
  }
}

/** Retry-After as milliseconds: a number of seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function statusLine(status: number, statusText: string): string {
  return statusText ? `${status} ${statusText}` : String(status);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function outcomeText(outcome: LinkOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return String(outcome.status);
    case 'moved':
      return `${outcome.status} → ${outcome.location}`;
    case 'dead':
      return outcome.reason;
  }
}

/** The report: a line for each dead link, then each moved one, with its sources; and the counts. */
export function formatLinkReport(results: readonly LinkResult[]): { lines: string[]; counts: Record<LinkOutcome['kind'], number> } {
  const of = (kind: LinkOutcome['kind']) => results.filter((result) => result.outcome.kind === kind);
  const lines = [...of('dead'), ...of('moved')].map((result) => `${result.outcome.kind.padEnd(5)}  ${result.url}  ${outcomeText(result.outcome)}  (${result.sources.join(', ')})`);
  return { lines, counts: { ok: of('ok').length, moved: of('moved').length, dead: of('dead').length } };
}
