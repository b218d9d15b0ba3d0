import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { formatGithubAnnotation, formatProblem } from '../../src/knowledge/problems.ts';
import { main } from '../../src/cli.ts';
import { captureIo } from '../support/io.ts';

const now = new Date('2026-11-28T12:00:00Z');
const rules = 'test/fixtures/lint/rules';

describe('lint', () => {
  it('reports every problem of every kind in one run, each at its file:line:column', async () => {
    const result = await loadKnowledge(rules, { now });
    expect(result.kb).toBeUndefined();
    expect(result.problems.map(formatProblem)).toEqual([
      `${rules}/entities.yaml:7:9  "acme-labs" also names entity "acme" (${rules}/entities.yaml:2) (alias-collision)`,
      `${rules}/entities.yaml:7:9  warning: entity "acme-labs" has no fact about it and nothing refers to it (orphan-entity)`,
      `${rules}/entities.yaml:12:9  warning: entity "orphan-model" has no fact about it and nothing refers to it (orphan-entity)`,
      `${rules}/entities.yaml:12:9  warning: model "orphan-model" has no licence fact (answers: [licence]) (model-licence)`,
      `${rules}/entities.yaml:12:9  warning: model "orphan-model" has no release fact (answers: [release]) (model-release)`,
      `${rules}/entities.yaml:15:13  unknown entity "nobody" (unknown-reference)`,
      `${rules}/entities.yaml:17:9  warning: entity "some-segment" has no fact about it and nothing refers to it (orphan-entity)`,
      `${rules}/entities.yaml:21:9  warning: entity "acme-one" has no fact about it and nothing refers to it (orphan-entity)`,
      `${rules}/entities.yaml:21:9  warning: model "acme-one" has no licence fact (answers: [licence]) (model-licence)`,
      `${rules}/entities.yaml:21:9  warning: model "acme-one" has no release fact (answers: [release]) (model-release)`,
      `${rules}/entities.yaml:25:13  "acme" is a vendor, expected a family (wrong-kind)`,
      `${rules}/facts.yaml:7:14  facts.0.sources: every fact needs at least one source (schema)`,
      `${rules}/facts.yaml:11:19  unknown entity "acmee" (did you mean "acme"?) (unknown-reference)`,
      `${rules}/facts.yaml:14:15  unknown source "good-sourc" (did you mean "good-source"?) (unknown-reference)`,
      `${rules}/facts.yaml:22:41  "acme" is a vendor, expected a segment (wrong-kind)`,
      `${rules}/facts.yaml:22:54  130 is not a percentage between 0 and 100 (percent-range)`,
      `${rules}/facts.yaml:22:81  scope must say what the figure is a share of, not "all usage" (vague-scope)`,
      `${rules}/facts.yaml:28:14  a fact that answers "licence" needs a licence: block (name, commercial) (licence-block)`,
      `${rules}/facts.yaml:28:14  a release fact must be about a model (release-model)`,
      `${rules}/facts.yaml:28:14  the figures give a size: add size to answers (answers-figures)`,
      `${rules}/facts.yaml:29:11  a release date needs at least the month (YYYY-MM) (release-date)`,
      `${rules}/facts.yaml:31:44  "orphan-model" is not among the fact's about entities (figure-about)`,
      `${rules}/facts.yaml:31:76  total-parameters must be in "billion parameters" (metric-unit)`,
      `${rules}/facts.yaml:38:48  commercial: conditional needs conditions: saying what the licence requires or forbids (licence-conditions)`,
      `${rules}/sources.yaml:8:9  source id "good-source" is already used at ${rules}/sources.yaml:2 (duplicate-id)`,
      `${rules}/sources.yaml:13:9  warning: source "plain-http" backs no fact (uncited-source)`,
      `${rules}/sources.yaml:16:10  URL must use https:// (or say why only http works in http_only) (https-url)`,
      `${rules}/sources.yaml:17:16  2025-02-30 is not a real calendar date (invalid-date)`,
      `${rules}/sources.yaml:19:9  sources.3.id: must be kebab-case (lowercase letters, digits and single dashes) (schema)`,
      `${rules}/sources.yaml:23:11  sources.3.kind: must be one of report, paper, model-card, news, official-post, dataset (schema)`,
      `${rules}/sources.yaml:24:9  warning: source "from-the-future" backs no fact (uncited-source)`,
      `${rules}/sources.yaml:28:16  2099-01-01 is in the future (today is 2026-11-28) (future-date)`,
    ]);
  });

  it('points a YAML syntax error at its line', async () => {
    const result = await loadKnowledge('test/fixtures/lint/syntax', { now });
    expect(result.problems.map(formatProblem)).toEqual(['test/fixtures/lint/syntax/broken.yaml:5:1  Missing closing "quote (yaml-syntax)']);
  });

  it('reports an unknown field and a missing required field at the item', async () => {
    const dir = await writeTemp({
      'facts.yaml': 'facts:\n  - id: x\n    claim: c\n    about: [a]\n    answers: [event]\n    date: 2025\n    sources: [s]\n    confidance: high\n',
    });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual([
      '2:5 facts.0: unknown field "confidance"',
      '2:5 facts.0.confidence: required field is missing',
    ]);
  });

  it('requires one French caveat per caveat, in order', async () => {
    const dir = await writeTemp({
      'base.yaml': [
        'sources:',
        '  - { id: s, title: t, publisher: p, url: "https://example.org/", kind: news }',
        'entities:',
        '  - { id: a, kind: topic, name: A, description: d }',
        'facts:',
        '  - id: x',
        '    claim: c',
        '    about: [a]',
        '    answers: [event]',
        '    date: 2025',
        '    sources: [s]',
        '    confidence: high',
        '    caveats: [one, two]',
        '    caveats_fr: [un]',
      ].join('\n'),
    });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual(['14:17 caveats_fr has 1 entries for 2 caveats; translate each, in order']);
  });

  it('loads a clean base with no problem', async () => {
    const result = await loadKnowledge('test/fixtures/mini', { now });
    expect(result.problems).toEqual([]);
    expect(result.kb?.facts.size).toBe(6);
  });

  it('formats GitHub annotations with escaped properties', () => {
    const line = formatGithubAnnotation({ file: 'k/a,b.yaml', line: 3, column: 7, severity: 'error', rule: 'schema', message: '50% off\nnext' });
    expect(line).toBe('::error file=k/a%2Cb.yaml,line=3,col=7,title=schema::50%25 off%0Anext');
  });

  it('exits 1 with every problem on stdout and a count on stderr (CLI)', async () => {
    const io = captureIo();
    expect(await main(['lint', rules], io)).toBe(1);
    expect(io.out()).toContain(`${rules}/facts.yaml:11:19  unknown entity "acmee"`);
    expect(io.err()).toMatch(/3 files, 22 error\(s\), 10 warning\(s\)/);
  });

  it('exits 0 on a clean base, and prints github and json formats', async () => {
    const clean = captureIo();
    expect(await main(['lint', 'test/fixtures/mini'], clean)).toBe(0);
    const github = captureIo();
    expect(await main(['lint', rules, '--format', 'github'], github)).toBe(1);
    expect(github.out().split('\n')[0]).toMatch(/^::error file=test\/fixtures\/lint\/rules\/entities.yaml,line=7,col=9,title=alias-collision::/);
    const json = captureIo();
    expect(await main(['lint', rules, '--format', 'json'], json)).toBe(1);
    const report = JSON.parse(json.out());
    expect(report).toMatchObject({ files: 3, errors: 22, warnings: 10 });
    expect(report.problems[0]).toMatchObject({ line: 7, column: 9, rule: 'alias-collision' });
  });
});

async function writeTemp(files: Record<string, string>): Promise<string> {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(tmpdir(), 'landscape-lint-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}
