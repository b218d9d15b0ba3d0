// `node bin/landscape.js start` as a child process, as users and operators run it: its JSON
// log lines recorded so a test can wait for what it says, and all its output kept for the
// error message when it dies early.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Recorder } from './recorder.ts';

export interface LandscapeProcess {
  child: ChildProcess;
  /** Every stdout line, parsed as JSON when it is (pino), else `{ msg: line }`. */
  logs: Recorder<Record<string, any>>;
  output(): string;
  exited: Promise<number | null>;
  /** Waits for a log line, failing with the whole output if the process exits first. */
  waitForLog(match: (line: Record<string, any>) => boolean): Promise<Record<string, any>>;
  /** SIGKILL if still running; for afterAll. */
  kill(): Promise<void>;
}

/** Starts the bot with only PATH, HOME and `env`: no variable of the test's own leaks in. */
export function spawnLandscape(env: NodeJS.ProcessEnv): LandscapeProcess {
  const child = spawn(process.execPath, ['bin/landscape.js', 'start'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const logs = new Recorder<Record<string, any>>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    output += `${line}\n`;
    try {
      logs.push(JSON.parse(line));
    } catch {
      logs.push({ msg: line });
    }
  });
  return {
    child,
    logs,
    output: () => output,
    exited,
    waitForLog: (match) =>
      Promise.race([
        logs.waitFor(match),
        exited.then((code) => {
          throw new Error(`landscape start exited with ${code}:\n${output}`);
        }),
      ]),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Waits until Slack listens over HTTP and the bot says it is ready; its base URL. */
export async function slackReady(bot: LandscapeProcess): Promise<string> {
  const listening = await bot.waitForLog((line) => line.msg === 'slack: listening');
  await bot.waitForLog((line) => line.msg === 'ready');
  return `http://127.0.0.1:${listening.port}`;
}
