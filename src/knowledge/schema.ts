// The knowledge model of DESIGN.md as zod schemas. One YAML file may hold any of the three
// lists (sources, entities, facts); the loader merges every file under the knowledge folder.
// Field-level rules live here; rules that need the whole base (references, uniqueness,
// alias collisions) live in lint.ts.
import { z } from 'zod';

export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A date at the precision known: `2025`, `2025-01` or `2025-01-20`. */
export const PARTIAL_DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

const id = z.string().regex(KEBAB_ID, 'must be kebab-case (lowercase letters, digits and single dashes)');
const text = z.string().trim().min(1, 'must not be empty');
// YAML reads an unquoted 2025 as a number; accept it and keep the text form.
export const partialDate = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value))
  .pipe(z.string().regex(PARTIAL_DATE, 'must be a date as YYYY, YYYY-MM or YYYY-MM-DD'));
// https is enforced in lint.ts, which lets a source whose only copy is plain http say why.
const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const SOURCE_KINDS = ['report', 'paper', 'model-card', 'news', 'official-post', 'dataset'] as const;
export const ENTITY_KINDS = ['vendor', 'family', 'model', 'segment', 'topic', 'person', 'policy', 'report'] as const;
/**
 * What a fact answers: the kinds of question it is the answer to. An answer to "when did X
 * come out" leads with a `release` fact's date, to "can I use X commercially" with a
 * `licence` fact's licence, to "how big is X" with a `size` fact's parameter figures.
 */
export const ANSWER_KINDS = ['release', 'licence', 'size', 'context', 'training', 'usage', 'benchmark', 'company', 'position', 'policy', 'definition', 'report', 'event'] as const;
/**
 * The metrics a lead line reads, with the units it can print. A figure of these metrics in
 * any other unit is a lint error, so "how big is X" never reads "0.7 million parameters".
 */
export const METRIC_UNITS: Readonly<Record<string, readonly string[]>> = {
  'total-parameters': ['billion parameters'],
  'active-parameters': ['billion parameters'],
  'context-length': ['thousand tokens', 'million tokens'],
  'training-tokens': ['trillion tokens'],
};
/** The answer kinds a figure's metric makes a fact answer; lint keeps `answers` in step. */
export const METRIC_ANSWERS: Readonly<Record<string, AnswerKind>> = {
  'total-parameters': 'size',
  'active-parameters': 'size',
  'context-length': 'context',
};
/** Whether a licence lets anyone use the model commercially: `conditional` names its conditions. */
export const COMMERCIAL_USE = ['yes', 'conditional', 'no'] as const;
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;

export const SourceSchema = z.strictObject({
  id,
  title: text,
  /** Who published the original (for a repost: the original publisher). */
  publisher: text,
  /** The copy that was actually read; for a repost, the repost's address. */
  url: webUrl,
  /** Why a plain http:// URL is kept: the only copy that was read is not served over https. */
  http_only: text.optional(),
  /** Publication date at the precision known; absent when unknown. */
  published: partialDate.optional(),
  /** Why the date is approximate or unknown, e.g. "approx.; after the report's release". */
  published_note: text.optional(),
  kind: z.enum(SOURCE_KINDS),
  /** How the text was read when not at `url` directly, e.g. "repost of the FT article". */
  read_via: text.optional(),
  note: text.optional(),
});

const aliases = z
  .strictObject({
    en: z.array(text).default([]),
    fr: z.array(text).default([]),
  })
  .default({ en: [], fr: [] });

export const EntitySchema = z.strictObject({
  id,
  kind: z.enum(ENTITY_KINDS),
  name: text,
  /** The name in French answers, where it differs ("Modèles ouverts chinois"). */
  name_fr: text.optional(),
  aliases,
  /** ISO 3166-1 alpha-2 code, e.g. CN, US, FR. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as CN or US')
    .optional(),
  city: text.optional(),
  /** For a model or a family: the vendor entity id that ships it. */
  vendor: id.optional(),
  /** For a model: the family entity it belongs to (`qwen3-5` → `qwen`). */
  family: id.optional(),
  /** For a model: `closed` when only an API or app gives access (no licence or release fact needed). */
  weights: z.enum(['open', 'closed']).optional(),
  /** For a report: the source entry that is (or best stands for) the report itself. */
  source: id.optional(),
  description: text,
  description_fr: text.optional(),
  /** Entity ids this one belongs to, e.g. a Chinese vendor's segment `chinese-open`. */
  related: z.array(id).default([]),
});

export const FigureSchema = z.strictObject({
  /** What is measured, kebab-case: `download-share`, `usage-share`, `total-parameters`… */
  metric: id,
  /** The entity (one of the fact's `about`) this figure belongs to, when the fact covers several. */
  about: id.optional(),
  /** The segment entity this figure is a share of, for `/share`. */
  segment: id.optional(),
  value: z.number(),
  /** `percent`, `billion parameters`, `USD billion`… */
  unit: text,
  /** The period the figure covers, in words: "2025 average", "past year to Nov 2025". */
  period: text.optional(),
  /** What the figure is a share of. Never silently "all AI usage". */
  scope: text,
  scope_fr: text.optional(),
  period_fr: text.optional(),
});

export const DisputeSchema = z.strictObject({
  /** The differing claim, as made elsewhere. */
  claim: text,
  claim_fr: text.optional(),
  /** Who makes the differing claim, e.g. "the source article (French press, 2025)". */
  by: text,
  by_fr: text.optional(),
  /** A source entry for the differing claim, when the base has one. */
  source: id.optional(),
});

export const LicenceSchema = z.strictObject({
  /** SPDX id where there is one (`Apache-2.0`, `MIT`), else the licence's own title. */
  name: text,
  /** Whether the licence allows commercial use: yes, only under conditions, or not at all. */
  commercial: z.enum(COMMERCIAL_USE),
  /** For `conditional` or `no`: what the licence requires or forbids, in a few words. */
  conditions: text.optional(),
  conditions_fr: text.optional(),
});

export const FactSchema = z.strictObject({
  id,
  claim: text,
  claim_fr: text.optional(),
  /** Entity ids the fact is about. */
  about: z.array(id).min(1, 'must name at least one entity'),
  /** The kinds of question this fact answers (release, licence, size, context, usage…). */
  answers: z.array(z.enum(ANSWER_KINDS)).min(1, 'must say what the fact answers'),
  /** For a `licence` fact: the licence and whether it allows commercial use. */
  licence: LicenceSchema.optional(),
  date: partialDate,
  /** Figures the claim states; a comparison ("17% vs 15.8%") has one per segment. */
  figures: z.array(FigureSchema).default([]),
  sources: z.array(id).min(1, 'every fact needs at least one source'),
  quote: text.optional(),
  confidence: z.enum(CONFIDENCE_LEVELS),
  caveats: z.array(text).default([]),
  /** The caveats in French, in the same order; lint checks both lists have the same length. */
  caveats_fr: z.array(text).optional(),
  disputes: z.array(DisputeSchema).default([]),
});

/**
 * How long a fact stays current. A share of usage goes stale in months, a parameter count
 * never does: a rule matches facts by what they answer or by a figure's metric, and a fact
 * no rule matches is never stale. When several rules match, the shortest wins.
 */
export const FreshnessRuleSchema = z
  .strictObject({
    answers: z.enum(ANSWER_KINDS).optional(),
    metric: id.optional(),
    stale_after_days: z.number().int().positive(),
    /** Why this lifetime, for the maintainers who change it. */
    why: text.optional(),
  })
  .refine((rule) => rule.answers !== undefined || rule.metric !== undefined, { message: 'a freshness rule must name answers or metric' });

/** What a question can ask for: a kind of answer, or a way of answering (newest first, side by side, out of scope). */
export const INTENT_IDS = [...ANSWER_KINDS, 'latest', 'compare', 'off-topic'] as const;

/** The words that signal an intent, in each language (knowledge/intents.yaml). */
export const IntentSchema = z.strictObject({
  id: z.enum(INTENT_IDS),
  en: z.array(text).default([]),
  fr: z.array(text).default([]),
});

/** A file's top level; its items are checked one by one so each problem is reported. */
export const KnowledgeFileShape = z.strictObject(
  {
    sources: z.array(z.unknown()).optional(),
    entities: z.array(z.unknown()).optional(),
    facts: z.array(z.unknown()).optional(),
    freshness: z.array(z.unknown()).optional(),
    intents: z.array(z.unknown()).optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'a knowledge file must be a mapping with sources, entities, facts, freshness and/or intents lists' : undefined) },
);

export type Source = z.infer<typeof SourceSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type EntityKind = Entity['kind'];
export type Figure = z.infer<typeof FigureSchema>;
export type Dispute = z.infer<typeof DisputeSchema>;
export type Licence = z.infer<typeof LicenceSchema>;
export type FreshnessRule = z.infer<typeof FreshnessRuleSchema>;
export type Intent = z.infer<typeof IntentSchema>;
export type IntentId = Intent['id'];
export type AnswerKind = (typeof ANSWER_KINDS)[number];
export type Fact = z.infer<typeof FactSchema>;
export type Confidence = Fact['confidence'];
