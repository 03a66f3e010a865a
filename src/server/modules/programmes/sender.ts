import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import { chooseLanguage } from '../../../core/texts.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { renderInvitation } from '../../email/templates/invitation.ts';
import { listUnsubscribeHeaders, newMessageId } from '../../email/headers.ts';
import { MailError } from '../../email/transport.ts';
import { getLiveDefinitions } from '../surveys/service.ts';
import { confirmSend, createInvitationConfirmer, recordSendFailure, type ClaimedSend } from './dispatch.ts';

/** Renders and delivers claimed invitations and reminders, a few at a time per SMTP connection. */

interface SurveyInfo {
  slug: string;
  title: string;
  companyName: string;
  definition: SurveyDefinition;
}

async function surveyInfo(svc: Services, surveyIds: readonly string[]): Promise<Map<string, SurveyInfo>> {
  const ids = [...new Set(surveyIds)];
  if (ids.length === 0) return new Map();
  const [defs, rows] = await Promise.all([
    getLiveDefinitions(svc, ids),
    svc.db
      .selectFrom('surveys as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.slug', 's.title', 'u.path'])
      .where('s.id', 'in', ids)
      .execute(),
  ]);
  const companies = await companyNames(svc.db, rows.map((r) => r.path.split('/')[1] ?? ''));
  const out = new Map<string, SurveyInfo>();
  for (const r of rows) {
    const definition = defs.get(r.id);
    if (definition) out.set(r.id, { slug: r.slug, title: r.title, definition, companyName: companies.get(r.path.split('/')[1] ?? '') ?? '' });
  }
  return out;
}

async function companyNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface SendOutcome {
  sent: number;
  abandoned: number;
  failed: number;
}

/** Delivers each claimed send once; at most `concurrency` in flight. */
export async function deliverClaimed(svc: Services, sends: readonly ClaimedSend[], concurrency: number): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, abandoned: 0, failed: 0 };
  if (sends.length === 0) return outcome;
  const surveys = await surveyInfo(svc, sends.map((s) => s.surveyId));
  let next = 0;
  const confirmer = createInvitationConfirmer(svc.db);
  // Over SMTP the confirms of messages waiting at once share one statement; in the outbox each joins its row's transaction.
  const confirm = (tx: Db, s: ClaimedSend, messageId: string): Promise<boolean> =>
    s.kind === 'invitation' && !tx.isTransaction ? confirmer.submit({ send: s, messageId, at: svc.now() }) : confirmSend(tx, s, messageId, svc.now());
  const one = async (s: ClaimedSend): Promise<void> => {
    const survey = surveys.get(s.surveyId);
    if (!survey) {
      await recordSendFailure(svc.db, s, { permanent: true, message: 'The survey has no live version' }, svc.now());
      outcome.failed++;
      return;
    }
    const surveyUrl = `${svc.baseUrl}/s/${survey.slug}?t=${s.token}`;
    const unsubscribeUrl = `${svc.baseUrl}/u/${s.token}`;
    const content = await renderInvitation({
      kind: s.kind,
      language: chooseLanguage(survey.definition, s.member.locale, undefined),
      companyName: survey.companyName,
      surveyTitle: survey.title,
      firstName: s.member.fields.contact['first_name'] ?? null,
      definition: survey.definition,
      respondent: { ...s.member.fields, language: chooseLanguage(survey.definition, s.member.locale, undefined) },
      surveyUrl,
      unsubscribeUrl,
      expiresAt: s.expiresAt,
      timeZone: s.member.timeZone,
    });
    const messageId = newMessageId(svc.baseUrl);
    try {
      const result = await svc.mailer.deliver(
        {
          to: s.member.email,
          subject: content.subject,
          html: content.html,
          text: content.text,
          headers: listUnsubscribeHeaders(unsubscribeUrl),
          messageId,
          kind: s.kind,
          companyId: s.companyId,
          invitationId: s.invitationId,
        },
        (tx) => confirm(tx, s, messageId),
      );
      if (result === 'sent') outcome.sent++;
      else outcome.abandoned++;
    } catch (err) {
      const permanent = err instanceof MailError ? err.permanent : false;
      await recordSendFailure(svc.db, s, { permanent, message: err instanceof Error ? err.message : String(err) }, svc.now());
      outcome.failed++;
      svc.log.warn({ err, invitationId: s.invitationId }, 'invitation not delivered');
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, sends.length) }, async () => {
    while (next < sends.length) {
      const s = sends[next++];
      if (s) await one(s);
    }
  });
  await Promise.all(workers);
  return outcome;
}
