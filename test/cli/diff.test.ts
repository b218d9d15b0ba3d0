// `landscape diff` on git repositories made here: a base committed, a fact changed, the
// command run in-process and, as CI runs it, as a process in a shallow clone.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { inline } from '../../src/cli/diff.ts';
import { FIXTURE_DIR } from '../support/fixture.ts';
import { git, removeTempRepos, tempDir, tempRepo, type TempRepo } from '../support/git.ts';
import { captureIo } from '../support/io.ts';

const run = promisify(execFile);
let fixture: string;
let questions: string;

beforeAll(async () => {
  fixture = await readFile(path.join(FIXTURE_DIR, 'base.yaml'), 'utf8');
  // Small question sets over the fixture base, in the layout of test/search.
  questions = await tempDir();
  await writeFile(
    path.join(questions, 'questions.yaml'),
    [
      '- { q: "When was DeepSeek R1 released?", lang: en, expect: [seed-r1-release-date] }',
      '- { q: "What licence is DeepSeek-R1 under?", lang: en, expect: [ds-r1-license] }',
      '- { q: "When did Meta release LLaMA?", lang: en, expect: [seed-llama1] }',
      '- { q: "Quelle part des téléchargements pour les modèles chinois ?", lang: fr, expect: [seed-eoi-17pct] }',
    ].join('\n'),
  );
  await writeFile(
    path.join(questions, 'held-out.yaml'),
    ['- { q: "is DeepSeek R1 MIT licensed?", lang: en, expect: { about: deepseek-r1, answers: licence } }', '- { q: "weather in Paris tomorrow", lang: en, expect: none }'].join('\n'),
  );
});

afterAll(removeTempRepos);

/** R1's release date moved a day, its licence renamed, LLaMA's fact removed, a size fact added. */
function changed(base: string): string {
  return base
    .replace('date: 2025-01-20\n    sources: [r1-repo]\n    quote: Release DeepSeek-R1', 'date: 2025-01-21\n    sources: [r1-repo]\n    quote: Release DeepSeek-R1')
    .replace('licence: { name: MIT, commercial: yes }', 'licence: { name: Apache-2.0, commercial: yes }')
    .replace(
      / {2}- id: seed-llama1\n[\s\S]*?(?=\nfreshness:)/,
      [
        '  - id: r1-size',
        '    claim: DeepSeek-R1 has 671 billion parameters | a pipe, <b>markup</b> and @someone.',
        '    about: [deepseek-r1]',
        '    answers: [size]',
        '    date: 2025-01-20',
        '    figures:',
        '      - { metric: total-parameters, value: 671, unit: billion parameters, scope: all parameters of DeepSeek-R1 }',
        '    sources: [r1-repo]',
        '    confidence: high',
        '',
      ].join('\n'),
    );
}

async function factBase(): Promise<{ repo: TempRepo; base: string }> {
  const repo = await tempRepo();
  await repo.write('knowledge/base.yaml', fixture);
  await repo.write('README.md', 'a project with a fact base\n');
  return { repo, base: await repo.commit('base') };
}

async function diff(repo: TempRepo, ...args: string[]) {
  const io = captureIo({ env: { KNOWLEDGE_DIR: path.join(repo.dir, 'knowledge') } });
  const status = await main(['diff', ...args, '--questions', questions], io);
  return { status, out: io.out(), err: io.err() };
}

describe('landscape diff', () => {
  it('lists the facts added, changed field by field and removed, and the answers that change', async () => {
    const { repo, base } = await factBase();
    await repo.write('knowledge/base.yaml', changed(fixture));
    await repo.commit('change');

    const { status, out, err } = await diff(repo, base);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toMatch(new RegExp(`^### Knowledge diff against \`${base}\` \\(\`${base.slice(0, 7)}\`\\)`));
    expect(out).toContain('| facts | 1 | 2 | 1 |');
    expect(out).toContain('| sources | 0 | 0 | 0 |');
    expect(out).toContain('**4 of 6 answers change** (3 in the development set, 1 held-out): **1 no longer meets its expectation**.');
    expect(out).toContain('| development: an expected fact in the top 3 | 4/4 (100.0%) | **3/4 (75.0%)** |');

    expect(out).toContain('#### Facts changed (2)');
    expect(out).toContain('| `date` | 2025-01-20 | 2025-01-21 |');
    expect(out).toContain('| `licence.name` | MIT | Apache-2.0 |');
    expect(out).toContain('#### Facts added (1)\n\n- `r1-size` — DeepSeek-R1 has 671 billion parameters \\| a pipe, &lt;b&gt;markup&lt;/b&gt; and @\u200bsomeone.');
    expect(out).toContain('#### Facts removed (1)\n\n- `seed-llama1` — Meta released LLaMA');

    // Before → after of the lead and the first fact; the regression first.
    const answers = out.slice(out.indexOf('#### Answers that change (4)'));
    expect(answers.indexOf('**When did Meta release LLaMA?** — development set, en · meets its expectation: yes → **no**')).toBeGreaterThan(0);
    expect(answers.indexOf('When did Meta release LLaMA?')).toBeLessThan(answers.indexOf('When was DeepSeek R1 released?'));
    expect(answers).toContain(
      [
        '- **When was DeepSeek R1 released?** — development set, en · meets its expectation: yes',
        '  - before: DeepSeek-R1 was released on 20 January 2025. — first fact: `seed-r1-release-date`',
        '  - after: DeepSeek-R1 was released on 21 January 2025. — first fact: `seed-r1-release-date`',
      ].join('\n'),
    );
    expect(answers).toContain(
      '  - before: Yes — DeepSeek-R1 is released under MIT, which allows commercial use. — first fact: `ds-r1-license`\n  - after: No — DeepSeek-R1 is released under Apache-2.0',
    );
    // Unchanged answers are not listed.
    expect(out).not.toContain('Quelle part des téléchargements');
    expect(out).not.toContain('weather in Paris');

    expect(out).toContain('<details><summary><b>Files (1)</b></summary>\n\n- changed `knowledge/base.yaml`\n\n</details>');
  });

  it('compares with what is on disk, uncommitted edits included, and says so when nothing changed', async () => {
    const { repo } = await factBase();
    const same = await diff(repo, 'HEAD');
    expect(same.status).toBe(0);
    expect(same.out).toContain('| facts | 0 | 0 | 0 |');
    expect(same.out).toContain('**0 of 6 answers change** (0 in the development set, 0 held-out).');
    expect(same.out).not.toContain('<details>');

    await repo.write('knowledge/base.yaml', changed(fixture));
    const edited = await diff(repo, 'HEAD');
    expect(edited.out).toContain('| facts | 1 | 2 | 1 |');
  });

  it('reports a base that does not load at the revision, and still lists the files that changed', async () => {
    const repo = await tempRepo();
    await repo.write('knowledge/base.yaml', fixture.replace('about: [deepseek-r1]', 'about: [deepseek-r2]'));
    const broken = await repo.commit('a typo in an id');
    await repo.write('knowledge/base.yaml', fixture);
    await repo.write('knowledge/extra.yaml', 'facts: []\n');
    await repo.commit('fix it');

    const { status, out } = await diff(repo, broken);
    expect(status).toBe(0);
    expect(out).toContain(`> ⚠️ The base at \`${broken}\` (\`${broken.slice(0, 7)}\`) does not load: 1 error(s).`);
    expect(out).toMatch(new RegExp(`> - ${broken}:knowledge/base\\.yaml:\\d+:\\d+ unknown entity "deepseek-r2" \\(did you mean "deepseek-r1"\\?\\)`));
    expect(out).toContain('Without both bases, only the files that changed are listed.');
    expect(out).toContain('- added `knowledge/extra.yaml`\n- changed `knowledge/base.yaml`');
    expect(out).not.toContain('answers change');
  });

  it('fails clearly on a revision it cannot read, and on a missing one', async () => {
    const { repo } = await factBase();
    const unknown = await diff(repo, 'origin/main');
    expect(unknown.status).toBe(1);
    expect(unknown.out).toBe('');
    expect(unknown.err).toMatch(/^landscape diff: unknown revision "origin\/main" in .*A shallow clone holds only the commits it fetched/);

    const missing = await diff(repo);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('landscape diff: diff takes one revision');
    expect(missing.err).toContain('Usage: landscape diff <git-rev>');
  });

  it('stays within --limit bytes, cutting between entries and saying what it left out', async () => {
    const { repo, base } = await factBase();
    await repo.write('knowledge/base.yaml', changed(fixture));
    await repo.commit('change');

    const whole = await diff(repo, base, '--limit', '0');
    expect(whole.out).not.toContain('✂️');
    const cut = await diff(repo, base, '--limit', '2000');
    expect(Buffer.byteLength(cut.out)).toBeLessThanOrEqual(2000 + 1);
    expect(Buffer.byteLength(whole.out)).toBeGreaterThan(2000);
    expect(cut.out).toMatch(/> ✂️ Cut to fit a pull-request comment; not shown: .*answers that change \(\d of 4\), files \(1 of 1\)\. `npx landscape diff [0-9a-f]+ --limit 0` prints everything\./);
    expect(cut.out.split('<details>').length).toBe(cut.out.split('</details>').length);
    // The summary always comes whole.
    expect(cut.out).toContain('| facts | 1 | 2 | 1 |');
  });

  it('runs as CI runs it: a shallow checkout of the merge commit, compared with its first parent', async () => {
    // main gets a change of its own after the pull request's branch began: compared with the
    // merge commit's first parent, only the pull request's change shows.
    const { repo } = await factBase();
    await repo.git('switch', '--quiet', '-c', 'pull-request');
    await repo.write('knowledge/base.yaml', changed(fixture));
    await repo.commit('the pull request');
    await repo.git('switch', '--quiet', 'main');
    await repo.write('knowledge/base.yaml', fixture.replace("description: Meta's second Llama generation.", "description: Meta's second generation of Llama models."));
    await repo.commit('meanwhile on main');
    await repo.git('switch', '--quiet', '-c', 'merge');
    await repo.git('merge', '--quiet', '--no-ff', '-m', 'Merge the pull request', 'pull-request');

    const clone = await tempDir();
    await git(clone, 'clone', '--quiet', '--depth=2', '--branch=merge', `file://${repo.dir}`, 'checkout');
    const checkout = path.join(clone, 'checkout');
    expect(await git(checkout, 'rev-parse', '--is-shallow-repository')).toBe('true');

    const { stdout, stderr } = await run(process.execPath, ['bin/landscape.js', 'diff', 'HEAD^1', '--questions', questions], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, KNOWLEDGE_DIR: path.join(checkout, 'knowledge') },
    });
    expect(stderr).toBe('');
    expect(stdout).toContain('| facts | 1 | 2 | 1 |');
    expect(stdout).toContain('| entities | 0 | 0 | 0 |');
    expect(stdout).toContain('| `date` | 2025-01-20 | 2025-01-21 |');
  });
});

describe('inline Markdown', () => {
  it('keeps text from the base on one line, inert: no markup, no table break, no mention', () => {
    expect(inline('a | b\n*c* _d_ `e` [f](g) <script> & @octocat #12')).toBe('a \\| b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;script&gt; &amp; @\u200boctocat \\#12');
  });
});
