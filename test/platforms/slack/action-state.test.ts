// What a Slack button carries in its value: the whole command, where the message lives,
// and when and on which knowledge it was given, so that it can expire like Discord's.
import { describe, expect, it } from 'vitest';
import { decodeState, decodeSuggestion, encodeState, encodeSuggestion, type SlackActionState } from '../../../src/platforms/slack/action-state.ts';

const STATE: SlackActionState = { command: 'ask', args: { question: '<!channel> & co' }, page: 3, detailed: true, locale: 'fr', mode: 'thread', issuedAt: 1_768_478_400, revision: 'abcdef12' };

describe('Slack button state', () => {
  it('round-trips, with <, > and & never raw in the value', () => {
    const value = encodeState(STATE)!;
    expect(value).not.toMatch(/[<>&]/);
    expect(decodeState(value)).toEqual(STATE);
  });

  it('rejects values a client could tamper with, or from before buttons expired', () => {
    for (const value of [
      '',
      'x',
      '[]',
      '{"c":"share","a":"x"}',
      '{"c":"../etc","a":{}}',
      '{"c":"share","a":{"k":1},"t":1,"r":"r"}',
      '{"c":"share","a":{"__proto__":"x"},"t":1,"r":"r"}',
      'x'.repeat(3000),
    ]) {
      expect(decodeState(value)).toBeUndefined();
    }
    // A value of the previous version (no time, no revision) cannot be checked for expiry.
    expect(decodeState('{"c":"share","a":{},"p":2,"l":"en","m":"e"}')).toBeUndefined();
    expect(decodeState('{"c":"share","a":{},"p":-4,"l":"de","m":"?","t":5,"r":"r"}')).toEqual({
      command: 'share',
      args: {},
      page: 1,
      detailed: false,
      locale: 'en',
      mode: 'ephemeral',
      issuedAt: 5,
      revision: 'r',
    });
  });

  it('drops a button rather than send a value over 2,000 characters', () => {
    expect(encodeState({ ...STATE, args: { question: '<'.repeat(400) } })).toBeUndefined();
  });

  it('"did you mean" values carry the command line and the language', () => {
    expect(decodeSuggestion(encodeSuggestion('/share chinese-open', 'fr'))).toEqual({ command: '/share chinese-open', locale: 'fr' });
    expect(encodeSuggestion('  ', 'en')).toBeUndefined();
    expect(decodeSuggestion('{"q":""}')).toBeUndefined();
  });
});
