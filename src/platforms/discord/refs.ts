// Commands whose arguments are too long to ride in a button's 100-character custom id (a long
// /ask question) are kept here under a short random key. Bounded, least recently used first
// out; a click on a key that is gone (evicted, or the process restarted) is an expired page.
import { randomBytes } from 'node:crypto';
import type { Answer } from '../../answer/answer.ts';

export class CommandRefs {
  private readonly entries = new Map<string, Answer['command']>();

  constructor(private readonly capacity: number) {}

  put(command: Answer['command']): string {
    let key = randomBytes(6).toString('base64url');
    while (this.entries.has(key)) key = randomBytes(6).toString('base64url');
    this.entries.set(key, { name: command.name, args: { ...command.args } });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }

  get(key: string): Answer['command'] | undefined {
    const command = this.entries.get(key);
    if (command) {
      this.entries.delete(key);
      this.entries.set(key, command);
    }
    return command;
  }
}
