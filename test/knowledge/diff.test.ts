import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFields, diffFolders, diffKnowledge } from '../../src/knowledge/diff.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';
import { removeTempRepos, tempDir } from '../support/git.ts';

afterAll(removeTempRepos);

describe('diffFields', () => {
  it('names the one value that moved inside a licence or a figure', () => {
    const before = {
      licence: { name: 'MIT', commercial: 'yes' },
      figures: [
        { metric: 'total-parameters', value: 671 },
        { metric: 'active-parameters', value: 37 },
      ],
    };
    const after = {
      licence: { name: 'Apache-2.0', commercial: 'yes' },
      figures: [
        { metric: 'total-parameters', value: 671 },
        { metric: 'active-parameters', value: 38 },
      ],
    };
    expect(diffFields(before, after)).toEqual([
      { field: 'licence.name', before: 'MIT', after: 'Apache-2.0' },
      { field: 'figures[1].value', before: 37, after: 38 },
    ]);
  });

  it('keeps a list of plain values whole, so one insertion is one change', () => {
    expect(diffFields({ about: ['a', 'b'] }, { about: ['x', 'a', 'b'] })).toEqual([{ field: 'about', before: ['a', 'b'], after: ['x', 'a', 'b'] }]);
  });

  it('reports fields added and removed, and takes an empty list for no field', () => {
    expect(diffFields({ quote: 'q', caveats: [] }, { caveats: ['new'], note: 'n' })).toEqual([
      { field: 'caveats', after: ['new'] },
      { field: 'note', after: 'n' },
      { field: 'quote', before: 'q' },
    ]);
    expect(diffFields({ disputes: [] }, {})).toEqual([]);
  });
});

describe('diffKnowledge and diffFolders', () => {
  it('finds the facts added, changed and removed, and the files behind them', async () => {
    const before = await tempDir();
    const after = await tempDir();
    await cp(FIXTURE_DIR, before, { recursive: true });
    await cp(FIXTURE_DIR, after, { recursive: true });
    const file = path.join(after, 'base.yaml');
    const text = (await readFile(file, 'utf8'))
      .replace('licence: { name: MIT, commercial: yes }', 'licence: { name: Apache-2.0, commercial: yes }')
      .replace(/ {2}- id: seed-llama1\n[\s\S]*?(?=\nfreshness:)/, '');
    await writeFile(file, text);
    await writeFile(
      path.join(after, 'extra.yaml'),
      'facts:\n  - id: r1-size\n    claim: DeepSeek-R1 has 671 billion parameters.\n    about: [deepseek-r1]\n    answers: [size]\n    date: 2025-01-20\n    figures:\n      - { metric: total-parameters, value: 671, unit: billion parameters, scope: all parameters of DeepSeek-R1 }\n    sources: [r1-repo]\n    confidence: high\n',
    );

    const [old, now] = await Promise.all([loadKnowledge(before, { now: FIXED_NOW }), loadKnowledge(after, { now: FIXED_NOW })]);
    const changes = diffKnowledge(old.kb!, now.kb!);
    expect(changes.facts.added.map((fact) => fact.id)).toEqual(['r1-size']);
    expect(changes.facts.removed.map((fact) => fact.id)).toEqual(['seed-llama1']);
    expect(changes.facts.changed.map((change) => [change.after.id, change.fields])).toEqual([['ds-r1-license', [{ field: 'licence.name', before: 'MIT', after: 'Apache-2.0' }]]]);
    expect(changes.sources).toEqual({ added: [], removed: [], changed: [] });
    expect(changes.intentsChanged).toBe(false);

    await rm(path.join(before, 'base.yaml'));
    await writeFile(path.join(before, 'gone.yaml'), 'facts: []\n');
    expect(await diffFolders(before, after)).toEqual({ added: ['base.yaml', 'extra.yaml'], changed: [], removed: ['gone.yaml'] });
  });
});
