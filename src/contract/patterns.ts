/** Patterns and lists of the API shared with the browser, free of zod so the admin app can import them. */

/** A survey's public link: /s/<slug>. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
export const SLUG_MESSAGE = 'Use 1–80 lower-case letters, digits and dashes, not starting or ending with a dash';

/** Slugs the respondent pages' own routes use (/s/preview/<token>). */
export const RESERVED_SLUGS: readonly string[] = ['preview'];

export const SURVEY_KINDS = ['relationship', 'transactional', 'pulse', 'employee'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
