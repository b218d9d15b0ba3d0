// The JSON Schema editors use: committed as generated, accepting every file the loader
// accepts, refusing what it refuses, and referenced from the top of every knowledge file.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { knowledgeJsonSchemaText, SCHEMA_FILE, schemaModeline } from '../../src/knowledge/json-schema.ts';
import { listYamlFiles, loadKnowledge } from '../../src/knowledge/load.ts';
import { formatProblem } from '../../src/knowledge/problems.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';
import { captureIo } from '../support/io.ts';

const committed = () => readFile(path.join('knowledge', SCHEMA_FILE), 'utf8');
/** The committed schema read back as a validator (zod's own JSON Schema reader). */
const validator = async () => z.fromJSONSchema(JSON.parse(await committed()));

describe('knowledge/schema.json', () => {
  it('is exactly what src/knowledge/schema.ts generates (run npx landscape schema after changing it)', async () => {
    expect(await committed()).toBe(knowledgeJsonSchemaText());
  });

  it('accepts every file of the real base and of the fixture', async () => {
    const schema = await validator();
    const files = [...(await listYamlFiles('knowledge')), ...(await listYamlFiles(FIXTURE_DIR))];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const result = schema.safeParse(parse(await readFile(file, 'utf8')));
      expect(result.error?.issues ?? [], file).toEqual([]);
    }
  });

  it('refuses what the loader refuses within one file: unknown fields, bad enums, ids and dates', async () => {
    const schema = await validator();
    const fact = { id: 'ok-fact', claim: 'A claim.', about: ['x'], answers: ['event'], date: 2025, sources: ['s'], confidence: 'high' };
    expect(schema.safeParse({ facts: [fact] }).success).toBe(true);
    expect(schema.safeParse({ facts: [{ ...fact, date: '2025-01-20' }] }).success).toBe(true);
    const paths = (value: unknown) => schema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ facts: [{ ...fact, confidance: 'high' }] })).toEqual(['facts.0']);
    expect(paths({ facts: [{ ...fact, confidence: 'certain' }] })).toEqual(['facts.0.confidence']);
    expect(paths({ facts: [{ ...fact, id: 'Not_Kebab' }] })).toEqual(['facts.0.id']);
    expect(paths({ facts: [{ ...fact, date: '2025-13' }] })).toEqual(['facts.0.date']);
    expect(paths({ facts: [{ ...fact, sources: [] }] })).toEqual(['facts.0.sources']);
    expect(paths({ fact: [] })).toEqual(['']);
  });

  it('says that a freshness rule names what it answers or a metric (a refinement zod cannot emit by itself)', async () => {
    const rule = JSON.parse(await committed()).properties.freshness.items;
    expect(rule.anyOf).toEqual([{ required: ['answers'] }, { required: ['metric'] }]);
  });
});

describe('the schema line at the top of each knowledge file', () => {
  it('points from each folder depth to the schema', () => {
    expect(schemaModeline('knowledge', 'knowledge/freshness.yaml')).toBe('# yaml-language-server: $schema=./schema.json');
    expect(schemaModeline('knowledge', 'knowledge/sources/r1-repo.yaml')).toBe('# yaml-language-server: $schema=../schema.json');
    expect(schemaModeline('knowledge', 'knowledge/entities/vendors/meta.yaml')).toBe('# yaml-language-server: $schema=../../schema.json');
  });

  it('is the first line of every file of the real base (npx landscape schema --annotate adds any missing)', async () => {
    const missing: string[] = [];
    for (const file of await listYamlFiles('knowledge')) {
      if (!(await readFile(file, 'utf8')).startsWith(`${schemaModeline('knowledge', file)}\n`)) missing.push(file);
    }
    expect(missing).toEqual([]);
  });
});

describe('landscape schema --annotate, and the lint warning', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes the schema, adds or corrects the line in each file, and lint then has nothing to say about it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'landscape-schema-'));
    const base = path.join(dir, 'knowledge');
    await cp(FIXTURE_DIR, path.join(base, 'nested'), { recursive: true });
    const top = path.join(base, 'top.yaml');
    await writeFile(top, '# yaml-language-server: $schema=../elsewhere/schema.json\n# A file whose line points at the wrong place.\nentities: []\n');
    const nested = path.join(base, 'nested', 'base.yaml');
    const original = await readFile(nested, 'utf8');

    // Without a schema in the folder, nothing is asked of its files (fixtures, operators' own bases).
    const before = await loadKnowledge(base, { now: FIXED_NOW });
    expect(before.problems.filter((problem) => problem.rule === 'schema-header')).toEqual([]);

    const first = captureIo();
    expect(await main(['schema', base], first)).toBe(0);
    expect(first.out()).toBe(`${path.join(base, SCHEMA_FILE)}: written\n`);
    expect(await readFile(path.join(base, SCHEMA_FILE), 'utf8')).toBe(knowledgeJsonSchemaText());

    const warned = await loadKnowledge(base, { now: FIXED_NOW });
    expect(warned.kb).toBeDefined();
    expect(warned.problems.filter((problem) => problem.rule === 'schema-header').map(formatProblem)).toEqual([
      `${nested}:1:1  warning: the file does not start with "# yaml-language-server: $schema=../schema.json", which lets editors check it while typing (npx landscape schema --annotate adds it) (schema-header)`,
      `${top}:1:1  warning: the schema line should read "# yaml-language-server: $schema=./schema.json" from this file (npx landscape schema --annotate corrects it) (schema-header)`,
    ]);

    const annotate = captureIo();
    expect(await main(['schema', base, '--annotate'], annotate)).toBe(0);
    expect(annotate.out()).toBe(`${path.join(base, SCHEMA_FILE)}: already up to date\n${nested}: schema line set\n${top}: schema line set\n`);
    expect(await readFile(nested, 'utf8')).toBe(`# yaml-language-server: $schema=../schema.json\n${original}`);
    expect(await readFile(top, 'utf8')).toBe('# yaml-language-server: $schema=./schema.json\n# A file whose line points at the wrong place.\nentities: []\n');

    const after = await loadKnowledge(base, { now: FIXED_NOW });
    expect(after.problems.filter((problem) => problem.rule === 'schema-header')).toEqual([]);
    expect([...after.kb!.facts.keys()]).toEqual([...before.kb!.facts.keys()]);

    const again = captureIo();
    expect(await main(['schema', base, '--annotate'], again)).toBe(0);
    expect(again.err()).toContain('2 YAML files, 0 given the schema line');
  });

  it('says so when the folder has no knowledge file to annotate', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'landscape-schema-'));
    const io = captureIo();
    expect(await main(['schema', dir, '--annotate'], io)).toBe(1);
    expect(io.err()).toBe(`landscape schema: no .yaml files found in ${dir}\n`);
  });
});
