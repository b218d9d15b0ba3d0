#!/usr/bin/env node
// A container's health probe: exit 0 when /healthz answers 200 (ready, even if a platform is
// reconnecting), 1 otherwise (starting, draining, no platform able to answer, or no answer).
// Plain JavaScript on purpose: it runs every few seconds and must not pay for tsx or the
// bot's modules.
// Asks where the bot serves /healthz: METRICS_PORT when set, else PORT (default 3000), on
// HOST when it names one address, else on loopback.
const { HOST, METRICS_PORT, PORT } = process.env;
const port = METRICS_PORT || PORT || '3000';
const anyInterface = !HOST || HOST === '0.0.0.0' || HOST === '::';
const host = anyInterface ? '127.0.0.1' : HOST.includes(':') ? `[${HOST}]` : HOST;
const url = `http://${host}:${port}/healthz`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  const body = await response.json().catch(() => ({}));
  if (response.status === 200) process.exit(0);
  console.error(`${url}: ${response.status} ${body.status ?? ''}`.trim());
} catch (error) {
  console.error(`${url}: ${error.cause?.code ?? error.message}`);
}
process.exit(1);
