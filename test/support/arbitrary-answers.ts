// Random answers for property tests of the renderers: long and hostile texts, many notes,
// figures and citations, every status a page can have.
import fc from 'fast-check';
import type { Answer, AnswerItem } from '../../src/answer/answer.ts';

export const itemArbitrary: fc.Arbitrary<AnswerItem> = fc.record({
  text: fc.string({ minLength: 1, maxLength: 1200 }),
  brief: fc.option(fc.string({ minLength: 1, maxLength: 300 }), { nil: undefined }),
  date: fc.option(fc.constantFrom('2025', '2025-01', '2025-01-20'), { nil: undefined }),
  confidence: fc.constantFrom('high' as const, 'medium' as const, 'low' as const),
  citations: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 8 }),
  notes: fc.array(
    fc.record({
      kind: fc.constantFrom('caveat' as const, 'dispute' as const, 'as-of' as const, 'confidence' as const),
      text: fc.string({ maxLength: 1500 }),
      brief: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  quote: fc.option(fc.string({ maxLength: 800 }), { nil: undefined }),
  factId: fc.option(fc.constantFrom('f1', 'f2', 'f3'), { nil: undefined }),
  figure: fc.option(
    fc.record({
      metric: fc.string({ maxLength: 50 }),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }),
      unit: fc.constantFrom('percent', 'downloads'),
      scope: fc.string({ maxLength: 600 }),
      period: fc.string({ maxLength: 200 }),
    }),
    { nil: undefined },
  ),
});

export const answerArbitrary: fc.Arbitrary<Answer> = fc
  .record({
    items: fc.array(itemArbitrary, { maxLength: 30 }),
    title: fc.string({ minLength: 1, maxLength: 400 }),
    summary: fc.option(fc.string({ maxLength: 1500 }), { nil: undefined }),
    lead: fc.option(
      fc.record({ text: fc.string({ minLength: 1, maxLength: 600 }), citations: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 3 }), factId: fc.option(fc.constant('f1'), { nil: undefined }) }),
      { nil: undefined },
    ),
    status: fc.constantFrom('ok' as const, 'partial' as const, 'not-found' as const, 'info' as const),
    locale: fc.constantFrom('en' as const, 'fr' as const),
  })
  .map(({ items, title, summary, lead, status, locale }) => ({
    status,
    locale,
    command: { name: 'ask', args: { question: 'q' } },
    title,
    ...(summary ? { summary } : {}),
    ...(lead ? { lead: { text: lead.text, citations: lead.citations, ...(lead.factId ? { factId: lead.factId } : {}) } } : {}),
    items,
    citations: Array.from({ length: 8 }, (_, index) => ({
      n: index + 1,
      sourceId: `s${index}`,
      title: 'T'.repeat(300),
      publisher: 'P',
      url: `https://example.org/${'x'.repeat(300)}(${index})`,
      note: 'n'.repeat(400),
    })),
    notices: [{ kind: 'scope' as const, text: 'x'.repeat(600) }],
    suggestions: Array.from({ length: 8 }, (_, index) => ({ label: `label ${index}`, command: `/share ${'s'.repeat(60)}` })),
  }));
