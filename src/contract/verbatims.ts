import { z } from 'zod';

/**
 * Verbatims: the explorer's search, counts and theme statistics; user-defined topics; discovered
 * themes; quoting a verbatim into a case (decision 0021). Offsets are UTF-16 indexes into `text`, as
 * JavaScript strings count; the UI renders highlights from them, never from HTML.
 *
 *   GET    /api/v1/verbatims                    VerbatimSearchQuery → VerbatimSearchResult
 *   GET    /api/v1/verbatims/:id                → Verbatim
 *   GET    /api/v1/verbatims/theme-trend        ThemeTrendQuery → ThemeTrend
 *   GET    /api/v1/verbatims/trending-themes    TrendingThemesQuery → TrendingThemes
 *   GET    /api/v1/verbatims/theme-effects      VerbatimFilter → ThemeEffects
 *   POST   /api/v1/verbatims/:id/quote          QuoteInput → QuoteResult (201)
 *   GET    /api/v1/themes                       → ThemeList
 *   POST   /api/v1/themes/discover              → JobProgress (202)
 *   GET    /api/v1/topics                       → TopicList
 *   POST   /api/v1/topics                       TopicInput → Topic (201)
 *   POST   /api/v1/topics/preview               TopicPreviewInput → TopicPreview
 *   GET    /api/v1/topics/:id                   → Topic
 *   PATCH  /api/v1/topics/:id                   TopicUpdate → Topic
 *   DELETE /api/v1/topics/:id                   → 204
 *   POST   /api/v1/topics/:id/apply             → Topic (202; application shows progress)
 */

export const FEEDBACK_KINDS = ['interview', 'focus_group', 'forum_post', 'observation', 'complaint_letter', 'other'] as const;
/**
 * What the explorer can filter on: a customer survey's comment, an employee survey's comment (kept
 * apart: shown only when asked for by name), or a feedback item's kind.
 */
export const VERBATIM_KINDS = ['comment', 'employee_comment', ...FEEDBACK_KINDS] as const;
export const VerbatimKindSchema = z.enum(VERBATIM_KINDS);
export type VerbatimKind = z.infer<typeof VerbatimKindSchema>;

export const SentimentLabelSchema = z.enum(['negative', 'neutral', 'positive']);
export const ScoreBandSchema = z.enum(['detractor', 'passive', 'promoter']);

const csv = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(50))
    .optional();

/**
 * The filters every explorer read shares (search, counts, trend, trending, effects). Lists are
 * comma-separated; within a list any value matches, across filters all must hold.
 * `kind` absent: customer comments and every feedback kind (never employee comments).
 */
export const VerbatimFilterShape = {
  q: z.string().trim().max(300).optional(),
  theme: csv(z.string().min(1).max(80)),
  topic: csv(z.uuid('a topic id (a UUID)')),
  sentiment: csv(SentimentLabelSchema),
  band: csv(ScoreBandSchema),
  /** A response attribute, as key:value (e.g. plan:enterprise). */
  segment: z
    .string()
    .regex(/^[^:]{1,60}:.{1,200}$/, 'a segment as key:value, e.g. plan:enterprise')
    .optional(),
  touchPointId: csv(z.uuid('a touch point id (a UUID)')),
  accountId: z.uuid('an account id (a UUID)').optional(),
  /** The unit and everything below it. */
  unitId: z.uuid('a unit id (a UUID)').optional(),
  surveyId: z.uuid('a survey id (a UUID)').optional(),
  kind: csv(VerbatimKindSchema),
  from: z.iso.date('a day as YYYY-MM-DD').optional(),
  /** Inclusive. */
  to: z.iso.date('a day as YYYY-MM-DD').optional(),
};
export const VerbatimFilterSchema = z.object(VerbatimFilterShape).strict();
export type VerbatimFilter = z.infer<typeof VerbatimFilterSchema>;

export const VerbatimSearchQuerySchema = z
  .object({
    ...VerbatimFilterShape,
    /** The nextCursor of the previous page. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type VerbatimSearchQuery = z.infer<typeof VerbatimSearchQuerySchema>;

/** A half-open range [start, end) of `text`. */
export const TextRangeSchema = z.object({ start: z.number().int(), end: z.number().int() });
export type TextRange = z.infer<typeof TextRangeSchema>;

export const VerbatimSentenceSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  sentiment: z.number(),
  label: SentimentLabelSchema,
  themes: z.array(z.string()),
  topics: z.array(z.string()),
});

const Named = z.object({ id: z.string(), name: z.string() });

export const VerbatimSchema = z.object({
  id: z.string(),
  kind: VerbatimKindSchema,
  text: z.string(),
  /** The words the search matched; empty without a search. */
  highlights: z.array(TextRangeSchema),
  occurredAt: z.string(),
  sentiment: z.number(),
  sentimentLabel: SentimentLabelSchema,
  sentences: z.array(VerbatimSentenceSchema),
  themes: z.array(z.object({ key: z.string(), name: z.string() })),
  topics: z.array(Named),
  score: z.number().nullable(),
  scoreBand: ScoreBandSchema.nullable(),
  unit: Named,
  account: Named.nullable(),
  touchPoint: Named.nullable(),
  /** A survey comment's survey, response and question. */
  survey: Named.nullable(),
  responseId: z.string().nullable(),
  questionKey: z.string().nullable(),
  /** A feedback item's id, title and author. */
  feedbackItem: z.object({ id: z.string(), title: z.string().nullable(), author: z.string() }).nullable(),
});
export type Verbatim = z.infer<typeof VerbatimSchema>;

export const VerbatimCountsSchema = z.object({
  total: z.number().int(),
  sentiment: z.object({ negative: z.number().int(), neutral: z.number().int(), positive: z.number().int() }),
  /** Most frequent first. */
  themes: z.array(z.object({ key: z.string(), name: z.string(), count: z.number().int() })),
  topics: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
});
export type VerbatimCounts = z.infer<typeof VerbatimCountsSchema>;

export const VerbatimSearchResultSchema = z.object({
  items: z.array(VerbatimSchema),
  /** Null on the last page. */
  nextCursor: z.string().nullable(),
  /** For the whole filter, not only this page. */
  counts: VerbatimCountsSchema,
});
export type VerbatimSearchResult = z.infer<typeof VerbatimSearchResultSchema>;

// ---- theme statistics ----

export const ThemeTrendQuerySchema = z
  .object({
    ...VerbatimFilterShape,
    /** How many calendar months back from the latest, including it. */
    months: z.coerce.number().int().min(1).max(36).default(12),
    /** At most this many themes (the most frequent over the period). */
    top: z.coerce.number().int().min(1).max(30).default(8),
  })
  .strict();
export type ThemeTrendQuery = z.infer<typeof ThemeTrendQuerySchema>;

export const ThemeTrendSchema = z.object({
  /** YYYY-MM, oldest first. */
  months: z.array(z.string()),
  /** Verbatims per month matching the filter (the denominator of a share). */
  totals: z.array(z.number().int()),
  series: z.array(z.object({ key: z.string(), name: z.string(), counts: z.array(z.number().int()) })),
});
export type ThemeTrend = z.infer<typeof ThemeTrendSchema>;

export const TrendingThemesQuerySchema = z
  .object({
    ...VerbatimFilterShape,
    /** The month to look at, YYYY-MM; absent: the current month. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').optional(),
    /** How many months before it make the baseline. */
    baselineMonths: z.coerce.number().int().min(1).max(24).default(3),
  })
  .strict();
export type TrendingThemesQuery = z.infer<typeof TrendingThemesQuerySchema>;

export const TrendingThemeSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Verbatims with the theme, and all verbatims, in the month and in the baseline. */
  current: z.object({ count: z.number().int(), total: z.number().int(), share: z.number() }),
  baseline: z.object({ count: z.number().int(), total: z.number().int(), share: z.number() }),
  /** Two-proportion z test (pooled); null when either period has no verbatims. */
  z: z.number().nullable(),
  /** Two-sided: the z test's, or Fisher's exact test's when an expected count is under 5 (`test`). */
  p: z.number().nullable(),
  test: z.enum(['z', 'fisher']).nullable(),
  /** p < 0.05, the share rose, and at least 3 verbatims of the month carry the theme. */
  rising: z.boolean(),
});
export const TrendingThemesSchema = z.object({
  month: z.string(),
  baselineMonths: z.array(z.string()),
  /** Largest z first. */
  themes: z.array(TrendingThemeSchema),
});
export type TrendingThemes = z.infer<typeof TrendingThemesSchema>;

export const ThemeEffectSchema = z.object({
  key: z.string(),
  name: z.string(),
  with: z.object({ n: z.number().int(), mean: z.number().nullable() }),
  without: z.object({ n: z.number().int(), mean: z.number().nullable() }),
  /** mean with − mean without; null when either side has fewer than 2 scores. */
  difference: z.number().nullable(),
  /** 95% Welch interval of the difference. */
  ci: z.object({ low: z.number(), high: z.number() }).nullable(),
});
export const ThemeEffectsSchema = z.object({
  /** Verbatims with a score under the filter. */
  n: z.number().int(),
  /** Most negative difference first. */
  themes: z.array(ThemeEffectSchema),
});
export type ThemeEffects = z.infer<typeof ThemeEffectsSchema>;

// ---- themes ----

export const ThemeSchema = z.object({
  key: z.string(),
  name: z.string(),
  terms: z.array(z.string()),
  verbatimCount: z.number().int(),
  discoveredAt: z.string(),
});
export const JobProgressSchema = z.object({
  state: z.enum(['idle', 'queued', 'running', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;
export const ThemeListSchema = z.object({ themes: z.array(ThemeSchema), discovery: JobProgressSchema });
export type ThemeList = z.infer<typeof ThemeListSchema>;

// ---- topics ----

/**
 * A topic's rule is a query: words and "quoted phrases", AND / OR / NOT and parentheses, e.g.
 * `(invoice OR billing) AND (wrong OR late) NOT "thank you"`. A bad query answers 400
 * invalid_topic_query saying where.
 */
export const TopicInputSchema = z
  .object({
    name: z.string().trim().min(1, 'give the topic a name').max(80),
    query: z.string().trim().min(1, 'write the rule, e.g. invoice AND (late OR wrong)').max(2_000),
    parentId: z.uuid().nullable().default(null),
    touchPointIds: z.array(z.uuid()).max(100).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export type TopicInput = z.input<typeof TopicInputSchema>;
export const TopicUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    query: z.string().trim().min(1).max(2_000).optional(),
    parentId: z.uuid().nullable().optional(),
    touchPointIds: z.array(z.uuid()).max(100).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type TopicUpdate = z.infer<typeof TopicUpdateSchema>;

export const TopicSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  parentId: z.string().nullable(),
  touchPointIds: z.array(z.string()),
  active: z.boolean(),
  /** When the topic was last applied to the history, and how many verbatims it matched then. */
  appliedAt: z.string().nullable(),
  appliedCount: z.number().int().nullable(),
  /** The apply-to-history job. */
  application: JobProgressSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Topic = z.infer<typeof TopicSchema>;
export const TopicListSchema = z.object({ topics: z.array(TopicSchema) });

export const TopicPreviewInputSchema = z
  .object({
    query: z.string().trim().min(1, 'write the rule, e.g. invoice AND (late OR wrong)').max(2_000),
    touchPointIds: z.array(z.uuid()).max(100).default([]),
  })
  .strict();
export const TopicPreviewSchema = z.object({
  /** Verbatims of the company (customer comments and feedback) the rule matches, of `scanned`. */
  matched: z.number().int(),
  scanned: z.number().int(),
  examples: z.array(z.object({ id: z.string(), text: z.string(), highlights: z.array(TextRangeSchema) })),
});
export type TopicPreview = z.infer<typeof TopicPreviewSchema>;

// ---- quoting ----

export const QuoteInputSchema = z
  .object({
    caseId: z.uuid('a case id (a UUID)'),
    /** A part of the text (e.g. one sentence); absent: the whole verbatim. */
    range: TextRangeSchema.optional(),
    /** Said above the quote. */
    comment: z.string().trim().max(2_000).optional(),
  })
  .strict();
export type QuoteInput = z.infer<typeof QuoteInputSchema>;
export const QuoteResultSchema = z.object({ caseId: z.string(), noteId: z.string(), quote: z.string() });
