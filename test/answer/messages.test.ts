// One catalog of words in two languages: the same keys in both, and every entry says
// something in each (a function called with sample values gives a non-empty text).
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/answer/messages.ts';

/** Every key path of a catalog, nested records included: `askLabel.release`, `what.segment`… */
function paths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => paths(inner, prefix ? `${prefix}.${key}` : key));
}

function at(catalog: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], catalog);
}

describe('the message catalog', () => {
  it('has every key in English and in French', () => {
    expect(paths(catalogs.fr).sort()).toEqual(paths(catalogs.en).sort());
    expect(paths(catalogs.en).length).toBeGreaterThan(100);
  });

  it('says something for every key in both languages, and French differs from English where words are used', () => {
    const samples = [3, 'X', 'Y', 2, 'Z'];
    let different = 0;
    for (const path of paths(catalogs.en)) {
      const texts = (['en', 'fr'] as const).map((locale) => {
        const entry = at(catalogs[locale], path);
        return typeof entry === 'function' ? String((entry as (...args: unknown[]) => unknown)(...samples)) : String(entry);
      });
      for (const text of texts) expect(text.trim().length, path).toBeGreaterThan(0);
      if (texts[0] !== texts[1]) different++;
    }
    // A few words are the same in both (Sources, licence, rapport/report aside).
    expect(different / paths(catalogs.en).length).toBeGreaterThan(0.85);
  });
});
