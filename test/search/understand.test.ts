// Understanding a question on the real base: versions are distinct models, missing versions
// are named, intents come from knowledge/intents.yaml, and the answer leads with the value.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { guessLocale } from '../../src/search/normalize.ts';
import { understand } from '../../src/search/understand.ts';
import { FIXED_NOW, fixtureBot } from '../support/fixture.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot('knowledge');
});
const read = (question: string) => understand(question, bot.knowledge.index, bot.knowledge.kb.intents, FIXED_NOW);
const ask = async (question: string) => (await bot.handle({ platform: 'console', userId: 'test', command: 'ask', args: { question } })).answer;

describe('understand', () => {
  it('tells versions apart, however they are typed', () => {
    expect(read('qwen3.5 licence').subjects.map((entity) => entity.id)).toEqual(['qwen3-5']);
    expect(read('Qwen 3.5 licence').subjects.map((entity) => entity.id)).toEqual(['qwen3-5']);
    expect(read('qwen3 licence').subjects.map((entity) => entity.id)).toEqual(['qwen3']);
    expect(read('deepseek v3.1 release').subjects.map((entity) => entity.id)).toEqual(['deepseek-v3-1']);
    expect(read('kimi k2 thinking').subjects.map((entity) => entity.id)).toEqual(['kimi-k2-thinking']);
    expect(read('when did R1-0528 drop').subjects.map((entity) => entity.id)).toEqual(['deepseek-r1-0528']);
  });

  it('names a version the base lacks, after its family or vendor', () => {
    expect(read('deepseek v7 release date').missing.map((each) => [each.of.id, each.asked])).toEqual([['deepseek', 'deepseek v7']]);
    expect(read('gemma 9 license').missing.map((each) => each.of.id)).toEqual(['gemma']);
    expect(read('deepseek 2025 releases').missing).toEqual([]);
  });

  it('reads the kind of question from the intent words, names excepted', () => {
    expect(read('when did kimi k2 come out').asks[0]).toBe('release');
    expect(read('can I use llama 3 commercially').asks[0]).toBe('licence');
    expect(read('combien de paramètres a deepseek r1').asks[0]).toBe('size');
    expect(read('fenêtre de contexte de kimi k2').asks[0]).toBe('context');
    expect(read('what did sam altman say about open source').asks[0]).toBe('position');
    expect(read('weather in paris tomorrow').offTopic).toBe(true);
    expect(read('latest deepseek model').latest).toBe(true);
    expect(read('what did Qwen release this year').periods).toEqual(['2026']);
  });

  it('takes several words for one name only as the name is written, and a misspelt name for the name', () => {
    expect(read('is open source ai only 30% of usage').subjects.map((entity) => entity.id)).toEqual([]);
    expect(read('is hugging face growing').subjects.map((entity) => entity.id)).toEqual(['hugging-face']);
    expect(read('When did Mistal release its first model?').subjects.map((entity) => entity.id)).toContain('mistral-ai');
    expect(read('fenetre de contexte de gema 3').subjects.map((entity) => entity.id)).toEqual(['gemma-3']);
  });

  it('knows a yes/no question from a question-word question', () => {
    expect(read('Is DeepSeek R1 MIT licensed?').yesNo).toBe(true);
    expect(read('deepseek r1 est open source ?').yesNo).toBe(true);
    expect(read('what licence is qwen3 under?').yesNo).toBe(false);
  });
});

describe('guessLocale', () => {
  it('hears short French questions typed without accents', () => {
    for (const question of ['deepseek r1 est open source ?', 'qui finance mistral', 'selon l osi llama est-il open source', 'combien de parametres pour qwen3']) {
      expect(guessLocale(question), question).toBe('fr');
    }
  });

  it('keeps English questions, and a lone British spelling, in English', () => {
    for (const question of ['when did kimi k2 come out', 'gemma 4 licence', 'is gpt-oss apache 2.0?', 'qwen3 vs llama 4']) {
      expect(guessLocale(question), question).toBe('en');
    }
  });
});

describe('/ask leads with the answer', () => {
  it('states a release date from the fact that dates it, never echoing the question', async () => {
    const answer = await ask('when did deepseek r1 come out');
    expect(answer.lead).toMatchObject({ text: 'DeepSeek-R1 was released on 20 January 2025.', factId: 'seed-r1-release-date' });
    expect(answer.lead!.citations.length).toBeGreaterThan(0);
    expect(answer.title).toBe('DeepSeek-R1 — release date');
    expect(answer.items[0]!.factId).toBe('seed-r1-release-date');
  });

  it('answers a licence question with yes, partly or no, from the licence block', async () => {
    expect((await ask('Is DeepSeek R1 MIT licensed?')).lead!.text).toMatch(/^Yes — DeepSeek-R1 is released under MIT, which allows commercial use\.$/);
    expect((await ask('is gemma 4 apache 2.0?')).lead!.text).toMatch(/^Yes — Gemma 4 is released under Apache-2\.0/);
    expect((await ask('can I use llama 3 commercially?')).lead!.text).toMatch(/^Partly — Llama 3 is released under .*700 million/);
    expect((await ask('peut-on utiliser command a commercialement ?')).lead!.text).toMatch(/^Non — Command A est publié sous CC-BY-NC/);
  });

  it('states sizes and context windows from the figures', async () => {
    expect((await ask('how many parameters does deepseek v3 have')).lead!.text).toBe('DeepSeek-V3 has 671 billion parameters in total, of which 37 billion are active per token.');
    expect((await ask('fenêtre de contexte de kimi k2')).lead!.text).toBe('Kimi K2 a une fenêtre de contexte de 128K tokens.');
  });

  it('never passes a neighbour’s fact off as the asked version’s', async () => {
    const answer = await ask('qwen3.5 licence');
    expect(answer.items.every((item) => bot.knowledge.kb.facts.get(item.factId!)!.about.includes('qwen3-5'))).toBe(true);
  });

  it('says "not in the base" for a missing version, naming the nearest ones it knows', async () => {
    const answer = await ask('when was deepseek v7 released');
    expect(answer.status).toBe('not-found');
    expect(answer.lead!.text).toMatch(/^The base has no facts about DeepSeek V7; it knows DeepSeek-V4/);
    expect(answer.suggestions[0]).toMatchObject({ command: '/model deepseek-v4' });
  });

  it('says what it is for when asked about the weather, with two questions it can answer', async () => {
    const answer = await ask('quel temps fera-t-il demain à Lyon');
    expect(answer).toMatchObject({ status: 'not-found', locale: 'fr', title: 'Hors sujet' });
    expect(answer.items).toEqual([]);
    expect(answer.suggestions).toHaveLength(2);
    for (const suggestion of answer.suggestions) expect(suggestion.command).toMatch(/^\/ask (Quand est sorti|Quelle est la licence de) /);
  });

  it('says a partial answer is partial', async () => {
    const answer = await ask('qui finance deepseek v4');
    expect(answer.status).toBe('partial');
    expect(answer.lead!.text).toMatch(/^La base n’a pas de fait sur : entreprise de DeepSeek-V4/);
  });

  it('lists what came out in a period, newest first', async () => {
    const answer = await ask('what did Qwen release this year');
    expect(answer.lead!.text).toMatch(/^\d+ Qwen releases? in 2026 in the base: Qwen3\.6/);
    const dates = answer.items.map((item) => item.date!);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.every((date) => date.startsWith('2026'))).toBe(true);
  });
});

describe('a follow-up in a conversation', () => {
  const kimi = () => bot.knowledge.kb.entities.get('kimi-k2')!;
  const follow = (question: string) => understand(question, bot.knowledge.index, bot.knowledge.kb.intents, FIXED_NOW, { subjects: [kimi()] });

  it('takes the conversation’s subject when the question names none', () => {
    expect(follow('and its licence?').subjects.map((entity) => entity.id)).toEqual(['kimi-k2']);
    expect(follow('et sa taille ?').subjects.map((entity) => entity.id)).toEqual(['kimi-k2']);
    // A topic narrows the subject; it does not replace it.
    expect(follow('and its downloads?').subjects.map((entity) => entity.id)).toEqual(['kimi-k2']);
  });

  it('keeps its own subject, segment or missing version when it names one', () => {
    expect(follow('and Qwen3?').subjects.map((entity) => entity.id)).toEqual(['qwen3']);
    expect(follow('what about Chinese models?').subjects).toEqual([]);
    expect(follow('and deepseek v7?').missing.map((each) => each.asked)).toEqual(['deepseek v7']);
  });

  it('is not a yes/no question for starting with "and"', () => {
    expect(follow('and its licence?').yesNo).toBe(false);
    expect(read('is kimi k2 open source?').yesNo).toBe(true);
  });

  it('/ask answers it about the subject given in `about`, and says what the answer was about', async () => {
    const reply = await bot.handle({ platform: 'slack', userId: 'test', text: 'and its licence?', subject: ['kimi-k2'] });
    expect(reply.answer.command.args).toEqual({ question: 'and its licence?', about: 'kimi-k2' });
    expect(reply.answer.title).toBe('Kimi K2 — licence');
    expect(reply.answer.lead!.text).toMatch(/^Kimi K2 is released under Modified MIT License/);
    expect(reply.answer.subjects).toEqual(['kimi-k2']);
    // A question with its own subject ignores the conversation's.
    expect((await bot.handle({ platform: 'slack', userId: 'test', text: 'When was DeepSeek R1 released?', subject: ['kimi-k2'] })).answer.subjects).toEqual(['deepseek-r1']);
  });
});
