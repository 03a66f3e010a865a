import type { Answers } from '../../../core/answers.ts';
import type { Services } from '../../context.ts';
import { hashToken, newToken } from '../auth/secrets.ts';

/**
 * Respondent sessions: the answers of a multi-page survey kept as they are given, so a respondent
 * who leaves can come back to the page they were on. The token lives in a cookie and in the page's
 * form; only its hash is stored.
 */

export interface SessionRow {
  id: string;
  token: string;
  versionId: string;
  unitId: string;
  personalLinkId: string | null;
  contactId: string | null;
  accountId: string | null;
  language: string;
  audience: string | null;
  seed: string;
  answers: Answers;
  history: string[];
  startedAt: Date;
  /** The response this session completed, if it did, and whether it was complete or partial. */
  responseId: string | null;
  responseStatus: 'complete' | 'partial' | null;
}

export type NewSession = Omit<SessionRow, 'id' | 'token' | 'startedAt' | 'responseId' | 'responseStatus'>;

export async function createSession(svc: Services, surveyId: string, s: NewSession): Promise<SessionRow> {
  const token = newToken();
  const row = await svc.db
    .insertInto('response_sessions')
    .values({
      token_hash: hashToken(token),
      survey_id: surveyId,
      version_id: s.versionId,
      unit_id: s.unitId,
      personal_link_id: s.personalLinkId,
      contact_id: s.contactId,
      account_id: s.accountId,
      language: s.language,
      audience: s.audience,
      seed: s.seed,
      answers: JSON.stringify(s.answers),
      history: JSON.stringify(s.history),
      updated_at: svc.now(),
    })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow();
  return { ...s, id: row.id, token, startedAt: row.started_at, responseId: null, responseStatus: null };
}

export async function saveSession(svc: Services, s: SessionRow): Promise<void> {
  await svc.db
    .updateTable('response_sessions')
    .set({ answers: JSON.stringify(s.answers), history: JSON.stringify(s.history), language: s.language, updated_at: svc.now() })
    .where('id', '=', s.id)
    .execute();
}

function selectSessions(svc: Services) {
  return svc.db
    .selectFrom('response_sessions as s')
    .leftJoin('responses as r', 'r.session_id', 's.id')
    .select(['s.id', 's.version_id', 's.unit_id', 's.personal_link_id', 's.contact_id', 's.account_id', 's.language', 's.audience', 's.seed', 's.answers', 's.history', 's.started_at', 'r.id as response_id', 'r.status as response_status']);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectSessions>['executeTakeFirstOrThrow']>>;

function present(row: Row, token: string): SessionRow {
  return {
    id: row.id,
    token,
    versionId: row.version_id,
    unitId: row.unit_id,
    personalLinkId: row.personal_link_id,
    contactId: row.contact_id,
    accountId: row.account_id,
    language: row.language,
    audience: row.audience,
    seed: row.seed,
    answers: row.answers,
    history: row.history,
    startedAt: row.started_at,
    responseId: row.response_id,
    responseStatus: row.response_status,
  };
}

/** The session of a token on this survey, or null. */
export async function findSession(svc: Services, surveyId: string, token: string): Promise<SessionRow | null> {
  const row = await selectSessions(svc).where('s.token_hash', '=', hashToken(token)).where('s.survey_id', '=', surveyId).executeTakeFirst();
  return row ? present(row, token) : null;
}

/** A session as read without its token (only its hash is stored): enough to show where it stands. */
export type SessionState = Omit<SessionRow, 'token'>;

/**
 * The open session of a personal link, read only: a GET of the link shows where it stands and
 * changes nothing, because mail scanners open every link a message carries.
 */
export async function findLinkSession(svc: Services, personalLinkId: string): Promise<SessionState | null> {
  const row = await selectSessions(svc).where('s.personal_link_id', '=', personalLinkId).where('r.id', 'is', null).orderBy('s.updated_at', 'desc').executeTakeFirst();
  if (!row) return null;
  const { token: _, ...state } = present(row, '');
  return state;
}

/**
 * Takes a session over for another device, when a page of it is posted there: the session gets a
 * new token, and the old one (the first device's cookie) stops working.
 */
export async function takeOverSession(svc: Services, s: SessionState): Promise<SessionRow> {
  const token = newToken();
  await svc.db.updateTable('response_sessions').set({ token_hash: hashToken(token), updated_at: svc.now() }).where('id', '=', s.id).execute();
  return { ...s, token };
}

/** Whether a personal link has its response already. */
export async function linkAnswered(svc: Services, personalLinkId: string): Promise<boolean> {
  const row = await svc.db.selectFrom('responses').select('id').where('personal_link_id', '=', personalLinkId).executeTakeFirst();
  return row !== undefined;
}
