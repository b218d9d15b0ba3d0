import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { fixtureBot } from '../support/fixture.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot();
});

const ask = async (text: string) => (await bot.handle({ platform: 'console', userId: 'test', text })).answer;

describe('/share', () => {
  it('lists every figure for the segment, newest first, with scope and numbered sources', async () => {
    const answer = await ask('/share chinese-open');
    expect(answer.status).toBe('ok');
    expect(answer.items.map((item) => item.factId)).toEqual(['seed-eoi-17pct', 'seed-soai-cn-13pct']);
    expect(answer.items[0]!.figure).toMatchObject({ value: 17, unit: 'percent', scope: 'share of downloads of new open models on Hugging Face' });
    expect(answer.items[1]!.figure).toMatchObject({ value: 13, scope: 'share of OpenRouter weekly token volume' });
    expect(answer.citations.map((citation) => citation.n)).toEqual([1, 2]);
    expect(answer.notices.some((notice) => notice.kind === 'scope')).toBe(true);
  });

  it('shows the figure of the segment asked for, not the first figure of a comparison', async () => {
    const answer = await ask('/share us-open');
    expect(answer.items.map((item) => [item.factId, item.figure?.value])).toEqual([['seed-eoi-17pct', 15.8]]);
  });

  it('reaches a segment through its English or French alias', async () => {
    for (const name of ['China', 'modèles chinois', 'CHINOIS']) {
      expect((await ask(`/share ${name}`)).title).toMatch(/^(Share|Part) ?: Chinese open-weight models$/);
    }
  });

  it('answers a misspelt segment with "did you mean"', async () => {
    const answer = await ask('/share chinse');
    expect(answer.status).toBe('not-found');
    expect(answer.suggestions[0]).toEqual({ label: 'Chinese open-weight models (chinese-open)', command: '/share chinese-open' });
    expect(answer.suggestions.length).toBeLessThanOrEqual(5);
  });

  it('gives the usage line on an empty argument', async () => {
    const answer = await ask('/share');
    expect(answer.status).toBe('usage');
    expect(answer.title).toBe('Usage: /share <segment>');
  });
});

describe('/timeline', () => {
  it('lists a vendor’s and its models’ dated facts, oldest first, through an alias', async () => {
    const answer = await ask('/timeline Facebook');
    expect(answer.title).toBe('Timeline: Meta');
    expect(answer.items.map((item) => item.date)).toEqual(['2023-02-24', '2023-07-18']);
  });

  it('filters by from and to, positionally or by name', async () => {
    expect((await ask('/timeline meta 2023-03')).items.map((item) => item.factId)).toEqual(['llama2']);
    expect((await ask('/timeline meta to:2023-02')).items.map((item) => item.factId)).toEqual(['seed-llama1']);
    expect((await ask('/timeline deepseek 2024 2024')).status).toBe('not-found');
  });

  it('rejects a malformed date with the usage line', async () => {
    expect((await ask('/timeline meta from:yesterday')).status).toBe('usage');
  });

  it('marks a fact "as of" its date once its freshness rule says it is stale, and a release date never', async () => {
    const share = (await ask('/share chinese-open')).items.find((item) => item.factId === 'seed-eoi-17pct');
    expect(share!.notes).toContainEqual({ kind: 'as-of', text: 'As of November 2025.' });
    const [llama1] = (await ask('/timeline meta')).items;
    expect(llama1!.notes.some((note) => note.kind === 'as-of')).toBe(false);
  });
});

describe('/ask', () => {
  it('answers an English question with the matching fact and its dispute', async () => {
    const answer = await ask('When was DeepSeek R1 released?');
    expect(answer.items[0]!.factId).toBe('seed-r1-release-date');
    expect(answer.items[0]!.notes.find((note) => note.kind === 'dispute')?.text).toContain('27 January 2025');
  });

  it('answers a French question in French', async () => {
    const answer = await ask('Quelle part des téléchargements pour les modèles chinois ?');
    expect(answer.locale).toBe('fr');
    expect(answer.items[0]!.factId).toBe('seed-eoi-17pct');
    expect(answer.items[0]!.text).toMatch(/^Les modèles ouverts chinois/);
  });

  it('says so when nothing answers', async () => {
    const answer = await ask('/ask zzzz qqqq');
    expect(answer.status).toBe('not-found');
    expect(answer.items).toEqual([]);
  });
});

describe('/releases', () => {
  let real: Bot;
  beforeAll(async () => {
    real = await fixtureBot('knowledge');
  });
  const factIds = async (text: string) => (await real.handle({ platform: 'console', userId: 'test', text })).answer.items.map((item) => item.factId);

  it('lists the releases of a year, a month or a day, newest first, as reading every fact would', async () => {
    const releases = [...real.knowledge.kb.facts.values()].filter((fact) => fact.answers.includes('release'));
    const periods = new Set(releases.flatMap((fact) => [fact.date.slice(0, 4), fact.date.slice(0, 7), fact.date]));
    expect(periods.size).toBeGreaterThan(30);
    // And periods with none, before the first release and after the last.
    for (const period of [...periods, '2001', '2001-06', '2099-12-31']) {
      const expected = releases.filter((fact) => fact.date.startsWith(period)).sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? 1 : -1));
      expect(await factIds(`/releases ${period}`), period).toEqual(expected.map((fact) => fact.id));
    }
    expect(await factIds('/releases')).toHaveLength(releases.length);
  });

  it('narrows to a vendor’s models, and says when a period has none', async () => {
    const deepseek = await factIds('/releases deepseek 2025');
    expect(deepseek.length).toBeGreaterThan(0);
    expect(deepseek.every((id) => real.knowledge.kb.facts.get(id!)!.date.startsWith('2025'))).toBe(true);
    const none = (await real.handle({ platform: 'console', userId: 'test', text: '/releases 2001' })).answer;
    expect(none.status).toBe('not-found');
  });
});

describe('/vendor, /model, /source', () => {
  it('profiles a vendor with its place, models and facts', async () => {
    const answer = await ask('/vendor deepseek');
    expect(answer.summary).toContain('Based in Hangzhou, China.');
    expect(answer.summary).toContain('Models: DeepSeek-R1.');
    expect(answer.items.map((item) => item.factId).sort()).toEqual(['ds-r1-license', 'seed-r1-release-date']);
  });

  it('profiles a model through an alias', async () => {
    const answer = await ask('/model R1');
    expect(answer.title).toBe('DeepSeek-R1');
    expect(answer.summary).toContain('Vendor: DeepSeek.');
  });

  it('suggests models, not vendors, for a misspelt model', async () => {
    const answer = await ask('/model lama 2');
    expect(answer.status).toBe('not-found');
    expect(answer.suggestions.map((suggestion) => suggestion.command)).toContain('/model llama-2');
  });

  it('describes a source and every fact it backs', async () => {
    const answer = await ask('/source r1-repo');
    expect(answer.title).toBe('deepseek-ai/DeepSeek-R1 README, LICENSE and git history');
    expect(answer.items.map((item) => item.factId).sort()).toEqual(['ds-r1-license', 'seed-r1-release-date']);
    expect(answer.summary).toContain('https://github.com/deepseek-ai/DeepSeek-R1');
  });
});

describe('/help, /about and unknown commands', () => {
  it('lists every command with its usage', async () => {
    const answer = await ask('/help');
    expect(answer.items.map((item) => item.text.split(' — ')[0])).toEqual(
      bot.engine.commands.filter((command) => !command.adminOnly).map((command) => (command.options.length ? expect.stringMatching(`^/${command.name} `) : `/${command.name}`)),
    );
  });

  it('explains one command', async () => {
    const answer = await ask('/help timeline');
    expect(answer.title).toBe('/timeline <entity> [from] [to]');
    expect(answer.suggestions.map((suggestion) => suggestion.command)).toContain('/timeline meta');
  });

  it('counts facts, sources and entities and gives the knowledge version', async () => {
    const answer = await ask('/about');
    expect(answer.items[0]!.text).toMatch(/^6 facts, 5 sources, 8 entities \(3 models, 2 vendors, 2 segments, 1 topic\)\.$/);
    expect(answer.items[1]!.text).toMatch(/^Knowledge version: \d{4}-\d{2}-\d{2} \(.*rev [0-9a-f]{10}\)\.$/);
  });

  it('suggests the closest command for a typo', async () => {
    const answer = await ask('/timline meta');
    expect(answer.status).toBe('not-found');
    expect(answer.suggestions[0]!.command).toBe('/timeline');
  });
});

describe('/check', () => {
  it('finds the fact whose figure a claim repeats, says its scope, and keeps its caveat on the first page', async () => {
    const answer = await ask('/check Chinese models are 13% of all AI usage');
    expect(answer.status).toBe('ok');
    expect(answer.title).toBe('Checking: “Chinese models are 13% of all AI usage”');
    expect(answer.lead).toMatchObject({
      factId: 'seed-soai-cn-13pct',
      text: 'The figure is in the base, for this scope: 13% — share of OpenRouter weekly token volume, 2025 average. Check that the claim means the same.',
    });
    expect(answer.lead!.citations.length).toBeGreaterThan(0);
    expect(answer.notices).toEqual([{ kind: 'scope', text: 'OpenRouter is one API aggregator, not all AI usage.' }]);
  });

  it('says when the base’s figure differs, and reads a number in a name as a name', async () => {
    expect((await ask('/check Chinese models are 40% of downloads')).lead!.text).toMatch(/^The base has a different figure: 17% — share of downloads of new open models on Hugging Face/);
    const licence = await ask('/check Llama 2 is under the MIT licence');
    expect(licence.lead).toMatchObject({ factId: 'llama2' });
    expect(licence.lead!.text).toMatch(/^The base does not state this claim as such; what it says on the subject: /);
  });

  it('leads with the fact that records the claim as disputed, in French too', async () => {
    const answer = await ask('/check R1 a été lancé le 27 janvier 2025');
    expect(answer.locale).toBe('fr');
    expect(answer.lead).toMatchObject({ factId: 'seed-r1-release-date' });
    expect(answer.lead!.text).toBe('La base tient cette affirmation pour contestée (c’est la formulation de the source article). Ce que disent les sources : Sortie de DeepSeek-R1 (20 janvier 2025).');
    expect(answer.items[0]!.notes.some((note) => note.kind === 'dispute')).toBe(true);
  });

  it('says plainly when the base has nothing on a claim, and gives the usage line for no claim', async () => {
    const nothing = await ask('/check the weather is nice today');
    expect(nothing).toMatchObject({ status: 'not-found', lead: { text: 'The base has nothing on this claim: it neither supports nor disputes it.' }, items: [] });
    expect((await ask('/check')).title).toBe('Usage: /check <claim>');
  });

  it('is what Bot.check runs on a message’s text', async () => {
    const reply = await bot.check({ platform: 'slack', userId: 'U1', channelId: 'C1', text: 'Chinese models are 13% of all AI usage' });
    expect(reply.answer.command).toEqual({ name: 'check', args: { claim: 'Chinese models are 13% of all AI usage' } });
    expect(reply.answer.lead!.factId).toBe('seed-soai-cn-13pct');
  });
});
