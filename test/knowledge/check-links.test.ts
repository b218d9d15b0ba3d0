// `landscape check-links` against loopback servers only, never the internet: a site that
// answers 200, redirects, has lost a page, rate-limits then answers, fails then recovers,
// refuses HEAD, asks for a retry far too late, and one that never answers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { checkLinks, parseRetryAfter } from '../../src/knowledge/check-links.ts';
import { captureIo } from '../support/io.ts';
import { Recorder } from '../support/recorder.ts';

interface Seen {
  method: string;
  path: string;
}

/** A loopback HTTP server that records each request and answers with `handle`. */
async function startSite(handle: (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void) {
  const requests = new Recorder<Seen>();
  const server: Server = createServer((req, res) => {
    const seen = { method: req.method ?? '', path: req.url ?? '' };
    requests.push(seen);
    handle(
      req,
      res,
      requests.filter((entry) => entry.path === seen.path),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    of: (pathname: string) => requests.filter((entry) => entry.path === pathname).map((entry) => entry.method),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
  res.writeHead(status, headers);
  res.end(status === 200 ? 'page' : '');
};

describe('landscape check-links on a knowledge folder', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  let dir: string;

  beforeAll(async () => {
    site = await startSite((req, res, seen) => {
      switch (req.url) {
        case '/ok':
          return answer(res, 200);
        case '/moved':
          return answer(res, 301, { location: '/ok' });
        case '/gone':
          return answer(res, 404);
        case '/busy':
          return seen.length === 1 ? answer(res, 429, { 'retry-after': '0' }) : answer(res, 200);
        case '/recovering':
          return seen.length <= 2 ? answer(res, 503, { 'retry-after': '0' }) : answer(res, 200);
        case '/no-head':
          return req.method === 'HEAD' ? answer(res, 405, { allow: 'GET' }) : answer(res, 200);
        case '/far-too-busy':
          return answer(res, 429, { 'retry-after': '3600' });
        case '/silent':
          return; // never answers: the check must give up on its own
        default:
          return answer(res, 500);
      }
    });
    dir = await mkdtemp(path.join(tmpdir(), 'landscape-links-'));
    const source = (id: string, pathname: string) => `  - id: ${id}
    title: ${id}
    publisher: Loopback
    url: ${site.base}${pathname}
    http_only: a loopback test server
    kind: news
`;
    await writeFile(
      path.join(dir, 'sources.yaml'),
      `sources:\n${[
        source('fine', '/ok'),
        source('fine-again', '/ok'),
        source('relocated', '/moved'),
        source('lost', '/gone'),
        source('throttled', '/busy'),
        source('flaky', '/recovering'),
        source('head-shy', '/no-head'),
        source('throttled-for-long', '/far-too-busy'),
        source('mute', '/silent'),
      ].join('')}`,
    );
  });

  afterAll(async () => {
    await site?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports dead and moved links with their sources, and exits 1', async () => {
    const io = captureIo();
    // Long enough that a loopback answer on a busy machine is never taken for silence.
    expect(await main(['check-links', dir, '--timeout', '2', '--per-host', '4'], io)).toBe(1);
    expect(io.out().trimEnd().split('\n')).toEqual([
      `dead   ${site.base}/gone  404 Not Found  (lost)`,
      `dead   ${site.base}/far-too-busy  429 Too Many Requests, asked to retry after 3600 s, more than the 30 s allowed; the site may refuse automated requests: check it in a browser  (throttled-for-long)`,
      `dead   ${site.base}/silent  no answer within 2 s  (mute)`,
      `moved  ${site.base}/moved  301 → ${site.base}/ok  (relocated)`,
    ]);
    expect(io.err()).toBe(`${dir}: 8 links checked: 4 ok, 1 moved, 3 dead\n`);
  });

  it('asked each URL once however many sources share it, retried 429 and 503, and used GET only where HEAD failed', () => {
    expect(site.of('/ok')).toEqual(['HEAD']);
    expect(site.of('/moved')).toEqual(['HEAD']);
    expect(site.of('/busy')).toEqual(['HEAD', 'HEAD']);
    expect(site.of('/recovering')).toEqual(['HEAD', 'HEAD', 'HEAD']);
    expect(site.of('/no-head')).toEqual(['HEAD', 'GET']);
    // A lost page is confirmed with GET, since some servers answer HEAD wrongly.
    expect(site.of('/gone')).toEqual(['HEAD', 'GET']);
    // Neither a server asking to wait an hour nor one that does not answer is asked again.
    expect(site.of('/far-too-busy')).toEqual(['HEAD']);
    expect(site.of('/silent')).toEqual(['HEAD']);
  });

  it('exits 0 when nothing is dead, moved links included', async () => {
    const clean = await mkdtemp(path.join(tmpdir(), 'landscape-links-'));
    try {
      await writeFile(path.join(clean, 'sources.yaml'), `sources:\n  - { id: moved, title: t, publisher: p, url: "${site.base}/moved", http_only: loopback, kind: news }\n`);
      const io = captureIo();
      expect(await main(['check-links', clean], io)).toBe(0);
      expect(io.out()).toBe(`moved  ${site.base}/moved  301 → ${site.base}/ok  (moved)\n`);
      expect(io.err()).toBe(`${clean}: 1 links checked: 0 ok, 1 moved, 0 dead\n`);
    } finally {
      await rm(clean, { recursive: true, force: true });
    }
  });

  it('refuses bad options with the command’s usage', async () => {
    const io = captureIo();
    expect(await main(['check-links', dir, '--concurrency', 'lots'], io)).toBe(2);
    expect(io.err()).toMatch(/^landscape check-links: --concurrency must be a whole number from 1 to 64, got "lots"/);
    expect(io.err()).toContain('Usage: landscape check-links');
  });
});

describe('the limit per host', () => {
  it('keeps a second request from a busy host while another host is served', async () => {
    // The slow host holds every request until released, then answers at once.
    const held: ServerResponse[] = [];
    let released = false;
    const slow = await startSite((_req, res) => (released ? answer(res, 200) : held.push(res)));
    const quick = await startSite((_req, res) => answer(res, 200));
    try {
      const urls = [1, 2, 3].flatMap((n) => [`${slow.base}/page-${n}`, `${quick.base}/page-${n}`]);
      const checking = checkLinks(
        urls.map((url) => ({ url, sources: [url] })),
        { concurrency: 4, perHost: 1 },
      );
      // The quick host's three pages are served one after the other while the slow host holds
      // its first request: with room for four at once, only the per-host limit keeps the slow
      // host's other two waiting.
      await quick.requests.waitFor(() => quick.requests.entries.length === 3);
      expect(slow.requests.entries).toHaveLength(1);
      released = true;
      for (const res of held.splice(0)) answer(res, 200);
      const results = await checking;
      expect(results.map((result) => result.outcome)).toEqual(urls.map(() => ({ kind: 'ok', status: 200 })));
      expect(slow.requests.entries).toHaveLength(3);
    } finally {
      await slow.close();
      await quick.close();
    }
  });
});

describe('Retry-After', () => {
  it('reads seconds or an HTTP date, and ignores anything else', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
