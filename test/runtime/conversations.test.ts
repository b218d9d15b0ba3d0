import { describe, expect, it } from 'vitest';
import { Conversations } from '../../src/runtime/conversations.ts';

describe('conversation subjects', () => {
  it('are kept until they expire', async () => {
    const clock = { now: 0 };
    const conversations = new Conversations({ ttlMs: 1_000, now: () => clock.now });
    await conversations.set('slack:C1:1.0', ['kimi-k2']);
    clock.now = 999;
    expect(await conversations.get('slack:C1:1.0')).toEqual(['kimi-k2']);
    clock.now = 1_000;
    expect(await conversations.get('slack:C1:1.0')).toBeUndefined();
    expect(conversations.size).toBe(0);
  });

  it('stay bounded, the least recently set dropped first', async () => {
    const conversations = new Conversations({ maxSize: 2 });
    await conversations.set('a', ['x']);
    await conversations.set('b', ['y']);
    await conversations.set('a', ['z']);
    await conversations.set('c', ['w']);
    expect(await conversations.get('b')).toBeUndefined();
    expect(await conversations.get('a')).toEqual(['z']);
    expect(conversations.size).toBe(2);
  });
});
