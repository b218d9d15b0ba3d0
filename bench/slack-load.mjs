// The load generator of the Slack benchmark (bench/platforms.ts), in a process of its own so
// that its work (signing, the HTTP client) is not counted against the server under test,
// which runs in the benchmark's process. Reads {url, bodies, secret, requests, concurrency}
// as JSON on stdin; POSTs `requests` signed form bodies (taken in turn) to `url`,
// `concurrency` at a time over kept-alive connections, as Slack signs them; prints
// {seconds, bytes, failures} as JSON (bytes: the mean size of the responses).
import { createHmac } from 'node:crypto';
import http from 'node:http';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { url, bodies, secret, requests, concurrency } = JSON.parse(input);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(body) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        },
      },
      (response) => {
        let size = 0;
        response.on('data', (chunk) => (size += chunk.length));
        response.on('end', () => resolve({ status: response.statusCode, size }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let next = 0;
let bytes = 0;
let failures = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const { status, size } = await post(bodies[next++ % bodies.length]);
      if (status !== 200) failures++;
      bytes += size;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ seconds, bytes: bytes / requests, failures }));
