// Turns facts into answer items with numbered citations and the notes every answer owes
// its reader: "as of" for old facts, confidence when not high, caveats, and both sides of
// a dispute. Commands describe what to say; this says it the same way everywhere.
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { Fact, Figure } from '../knowledge/schema.ts';
import type { Answer, AnswerFigure, AnswerItem, AnswerNote, AnswerStatus, Citation, Locale, Suggestion } from './answer.ts';
import { messages } from './messages.ts';
import { formatDate } from './i18n.ts';
import { briefOf } from './lead.ts';
import { isStale } from '../knowledge/freshness.ts';

export interface AnswerFrame {
  status: AnswerStatus;
  title: string;
  lead?: Answer['lead'];
  summary?: string;
  notices?: AnswerNote[];
  suggestions?: Suggestion[];
  chart?: Answer['chart'];
  subjects?: string[];
}

/** What an item will be made from: a fact with its citations numbered, or a finished item. */
type PendingItem = { fact: Fact; figure: Figure | null; citations: number[]; disputeCitations: (number | undefined)[] } | { item: AnswerItem };

export class AnswerBuilder {
  private readonly pending: PendingItem[] = [];
  /** The cited sources, in citation order: citation n is `citedSources[n - 1]`. */
  private readonly citedSources: string[] = [];
  private readonly citationBySource = new Map<string, number>();

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly locale: Locale,
    private readonly now: Date,
    private readonly command: Answer['command'],
  ) {}

  /**
   * States a fact with its citations and notes; `figure` picks which of its figures to show
   * (null: none). The citations are numbered now, in reading order: the statement's sources,
   * then its disputes'. The item itself is made when the answer's items are read (see
   * lazyArray): a timeline of thousands of facts is sent a page at a time.
   */
  addFact(fact: Fact, figure: Figure | null = fact.figures[0] ?? null): this {
    const citations = fact.sources.map((sourceId) => this.cite(sourceId));
    const disputeCitations = fact.disputes.map((dispute) => (dispute.source ? this.cite(dispute.source) : undefined));
    this.pending.push({ fact, figure, citations, disputeCitations });
    return this;
  }

  private makeItem({ fact, figure, citations, disputeCitations }: Extract<PendingItem, { fact: Fact }>): AnswerItem {
    const text = messages(this.locale);
    const notes: AnswerNote[] = [];
    if (isStale(fact, this.kb.freshness, this.now)) notes.push({ kind: 'as-of', text: text.asOf(formatDate(fact.date, this.locale), fact.date.length === 10) });
    if (fact.confidence !== 'high') notes.push({ kind: 'confidence', text: text.confidence(fact.confidence) });
    const french = this.locale === 'fr';
    const caveats = (french && fact.caveats_fr) || fact.caveats;
    for (const caveat of caveats) notes.push({ kind: 'caveat', text: caveat });
    fact.disputes.forEach((dispute, index) => {
      const claim = (french && dispute.claim_fr) || dispute.claim;
      const by = (french && dispute.by_fr) || dispute.by;
      const cited = disputeCitations[index];
      notes.push({
        kind: 'dispute',
        text: text.disputed(by, claim),
        brief: text.disputedBrief(shortAuthor(by), claim.length <= 90 ? claim : undefined),
        ...(cited !== undefined ? { citations: [cited] } : {}),
      });
    });
    return {
      text: (french && fact.claim_fr) || fact.claim,
      brief: briefOf(fact, this.kb, this.locale, figure),
      date: fact.date,
      ...(figure ? { figure: localFigure(figure, french) } : {}),
      confidence: fact.confidence,
      citations,
      ...(fact.quote ? { quote: fact.quote } : {}),
      notes,
      factId: fact.id,
    };
  }

  /** The citation numbers of a fact's sources, citing them if they are not yet. */
  citationsOf(fact: Fact): number[] {
    return fact.sources.map((sourceId) => this.cite(sourceId));
  }

  /** A statement that is not a fact (help, usage, about): no citation. */
  addText(text: string): this {
    this.pending.push({ item: { text, citations: [], notes: [] } });
    return this;
  }

  build(frame: AnswerFrame): Answer {
    return {
      status: frame.status,
      locale: this.locale,
      command: this.command,
      title: frame.title,
      ...(frame.lead ? { lead: frame.lead } : {}),
      ...(frame.summary ? { summary: frame.summary } : {}),
      items: lazyArray(this.pending.length, (index) => {
        const pending = this.pending[index]!;
        return 'item' in pending ? pending.item : this.makeItem(pending);
      }),
      // Made when read, like the items: a page shows a few of a large vendor's thousands.
      citations: lazyArray(this.citedSources.length, (index) => this.makeCitation(index + 1, this.citedSources[index]!)),
      notices: frame.notices ?? [],
      suggestions: frame.suggestions ?? [],
      ...(frame.chart ? { chart: frame.chart } : {}),
      ...(frame.subjects && frame.subjects.length > 0 ? { subjects: frame.subjects } : {}),
    };
  }

  private cite(sourceId: string): number {
    const known = this.citationBySource.get(sourceId);
    if (known) return known;
    const n = this.citedSources.push(sourceId);
    this.citationBySource.set(sourceId, n);
    return n;
  }

  private makeCitation(n: number, sourceId: string): Citation {
    const source = this.kb.sources.get(sourceId);
    return {
      n,
      sourceId,
      title: source?.title ?? sourceId,
      publisher: source?.publisher ?? '',
      ...(source?.published ? { date: source.published } : {}),
      url: source?.url ?? '',
      ...(source?.published_note || source?.read_via ? { note: citationNote(source.published_note, source.read_via, this.locale) } : {}),
    };
  }
}

/**
 * An array whose items are made the first time each is read. Everything that reads an array
 * (length, indexing, slice, map, iteration, JSON, equality in tests) sees the full array; a
 * renderer that slices out one page makes that page only. Writing to it, or listing its keys,
 * makes every item first.
 */
function lazyArray<T>(length: number, make: (index: number) => T): T[] {
  const items = new Array<T>(length);
  const made = new Uint8Array(length);
  const at = (index: number): T => {
    if (!made[index]) {
      items[index] = make(index);
      made[index] = 1;
    }
    return items[index]!;
  };
  const position = (key: string | symbol) => {
    if (typeof key !== 'string') return undefined;
    const index = Number(key);
    return Number.isInteger(index) && index >= 0 && index < length && String(index) === key ? index : undefined;
  };
  const all = () => {
    for (let index = 0; index < length; index++) at(index);
  };
  return new Proxy(items, {
    get(target, key, receiver) {
      const index = position(key);
      return index === undefined ? Reflect.get(target, key, receiver) : at(index);
    },
    has(target, key) {
      return position(key) !== undefined || Reflect.has(target, key);
    },
    ownKeys(target) {
      all();
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      if (position(key) !== undefined) all();
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set(target, key, value, receiver) {
      all();
      return Reflect.set(target, key, value, receiver);
    },
    defineProperty(target, key, descriptor) {
      all();
      return Reflect.defineProperty(target, key, descriptor);
    },
    deleteProperty(target, key) {
      all();
      return Reflect.deleteProperty(target, key);
    },
  });
}

/** The figure as the answer shows it: scope and period in the reader's language. */
function localFigure(figure: Figure, french: boolean): AnswerFigure {
  return {
    metric: figure.metric,
    value: figure.value,
    unit: figure.unit,
    scope: (french && figure.scope_fr) || figure.scope,
    ...(figure.period ? { period: (french && figure.period_fr) || figure.period } : {}),
    ...(figure.segment ? { segment: figure.segment } : {}),
  };
}

/** "the source article « … » (French press, 2025)" → "the source article": who, in a few words. */
export function shortAuthor(by: string): string {
  const short = by.split(/\s[«“(]|,\s/)[0]!.trim();
  return short.length > 0 && short.length <= 60 ? short : by.slice(0, 60).trimEnd();
}

function citationNote(publishedNote: string | undefined, readVia: string | undefined, locale: Locale): string {
  const { citationDate: date, readVia: via } = messages(locale);
  return [publishedNote ? `${date}: ${publishedNote}` : '', readVia ? `${via} ${readVia}` : ''].filter(Boolean).join('; ');
}
