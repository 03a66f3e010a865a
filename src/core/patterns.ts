/** Patterns shared by the schemas and the browser, free of zod so the admin app can import them. */

/** A question id: 1–40 lower-case letters, digits or _, starting with a letter. */
export const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
export const QUESTION_ID_MESSAGE = 'Use 1–40 lower-case letters, digits or _, starting with a letter';
