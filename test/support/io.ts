// In-memory stdio for driving the CLI in-process.
import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli.ts';

export function captureIo(options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const io: CliIo & { out(): string; err(): string } = {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    stdin,
    env: { NO_COLOR: '1', ...options.env },
    out: () => stdout,
    err: () => stderr,
  };
  return io;
}
