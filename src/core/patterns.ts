/** Patterns shared by the schemas and the browser, free of zod so the admin app can import them. */

/** A question id: 1–40 lower-case letters, digits or _, starting with a letter. */
export const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
export const QUESTION_ID_MESSAGE = 'Use 1–40 lower-case letters, digits or _, starting with a letter';

/** A touch point's id (the catalogue's slug): lower-case letters, digits and dashes. */
export const TOUCH_POINT_ID = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;
export const TOUCH_POINT_ID_MESSAGE = 'Use 1–60 lower-case letters, digits and dashes, not starting or ending with a dash';

/** A calendar day, YYYY-MM-DD. */
export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An e-mail address as forms check it: something@domain.tld, no spaces. */
export const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** The option id under which single, multi and dropdown answers store "other". */
export const OTHER = 'other';
