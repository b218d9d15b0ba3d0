// What a Discord button carries: everything a click needs, within 100 characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CUSTOM_ID_LIMIT,
  buttonIdsFit,
  decodeButtonId,
  decodeCommandTarget,
  decodeSuggestionId,
  encodeButtonId,
  encodeCommandTarget,
  encodeSuggestionId,
  type ButtonAction,
} from '../../../src/platforms/discord/button-ids.ts';

const OWNER = '123456789012345678';

describe('button ids', () => {
  it('carry the action, the page, the owner and the command back exactly, whatever the arguments contain', () => {
    fc.assert(
      fc.property(
        fc.record({ name: fc.constantFrom('share', 'ask', 'timeline'), args: fc.dictionary(fc.constantFrom('segment', 'question', 'from', 'to'), fc.string({ minLength: 1 })) }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom<ButtonAction>('page', 'details', 'sources', 'post'),
        (command, owner, page, action) => {
          const target = encodeCommandTarget(command);
          expect(decodeCommandTarget(target)).toEqual(command);
          const state = { action, page, owner: owner.toString(), issuedAt: 1_768_478_400, revision: '3d76ec', target };
          expect(decodeButtonId(encodeButtonId(state))).toEqual(state);
        },
      ),
    );
  });

  it('say when a command is too long to ride in an id (the adapter then stores it)', () => {
    const base = { owner: OWNER, issuedAt: 1_768_478_400, revision: 'abcdef12' };
    expect(buttonIdsFit({ ...base, target: encodeCommandTarget({ name: 'share', args: { segment: 'chinese-open' } }) }, 3)).toBe(true);
    expect(
      buttonIdsFit({ ...base, target: encodeCommandTarget({ name: 'ask', args: { question: 'When was DeepSeek R1 released and under which licence, and is it still the same today?' } }) }, 1),
    ).toBe(false);
    expect(buttonIdsFit({ ...base, target: '@AbCdEfGhIjKl' }, 99)).toBe(true);
  });

  it('foreign ids, and ids of the previous version, are not ours', () => {
    expect(decodeButtonId('something-else')).toBeUndefined();
    expect(decodeButtonId('ls1|p|1|a|b|c|share')).toBeUndefined();
    expect(decodeButtonId('ls2|z|1|a|b|c|share')).toBeUndefined();
    expect(decodeSuggestionId('something-else')).toBeUndefined();
    expect(decodeSuggestionId('ls2|q|x|en|/share a')).toBeUndefined();
    expect(decodeSuggestionId('ls2|q|p|de|/share a')).toBeUndefined();
    expect(decodeSuggestionId('ls2|q|p|en|')).toBeUndefined();
    // Page and suggestion ids never pass for one another.
    expect(decodeButtonId('ls2|q|p|en|/share a|b|c')).toBeUndefined();
    expect(decodeSuggestionId(encodeButtonId({ action: 'page', page: 1, owner: OWNER, issuedAt: 1, revision: 'r', target: 'share' }))).toBeUndefined();
  });

  it('suggestion ids carry the command back exactly, or are refused past 100 characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), fc.boolean(), fc.constantFrom('en' as const, 'fr' as const), (command, hidden, locale) => {
        const id = encodeSuggestionId({ command, hidden, locale });
        if (id === undefined) {
          expect(`ls2|q|p|en|${command}`.length > CUSTOM_ID_LIMIT || !command.trim()).toBe(true);
          return;
        }
        expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
        expect(decodeSuggestionId(id)).toEqual({ command, hidden, locale });
      }),
    );
  });
});
