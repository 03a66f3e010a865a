import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, liveSurvey, responseCount, signIn, type TestCorridor } from '../../../../test/api/helpers.ts';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { makeCompany, makeContact, makeInvitation } from '../../../../test/support/factories.ts';
import { startSmtpSink, type SmtpSink } from '../../../../test/support/smtp.ts';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import { listUnsubscribeHeaders } from '../../email/headers.ts';
import { renderInvitation } from '../../email/templates/invitation.ts';

/**
 * The scanner test: an invitation sent through a real SMTP server, whose every link a mail security
 * scanner then opens (GET and HEAD). Nothing may be recorded: no response, no session, no opt-out.
 * Then the person taps a number, confirms the preselected page once, and exactly one response exists.
 */

let sink: SmtpSink;
let c: TestCorridor;

beforeAll(async () => {
  sink = await startSmtpSink();
  c = await openTestCorridor({ smtpUrl: sink.url });
});
afterAll(async () => {
  await c?.stop();
  await sink?.close();
});

const DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why', type: 'text', text: 'What is the main reason?' },
  ],
};

function decode(href: string): string {
  return href.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
}

describe('invitation links opened by a mail scanner', () => {
  it('records nothing for any GET or HEAD, and one response for the person who confirms', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    const survey = await liveSurvey(c, admin, { title: 'Service check', unitId: co.company.id, definition: DEFINITION });
    const contact = await makeContact(c.handle.db, co.banking.id, { name: 'Ana Silva' });
    const inv = await makeInvitation(c.handle.db, { surveyId: survey.id, contactId: contact.id, unitId: co.banking.id, status: 'sending' });
    const claim = randomUUID();
    await c.handle.db.updateTable('invitations').set({ claim_token: claim, claimed_at: new Date() }).where('id', '=', inv.id).execute();

    const base = c.services.baseUrl;
    const unsubscribeUrl = `${base}/u/${inv.token}`;
    const mail = await renderInvitation({
      kind: 'invitation', language: 'en', companyName: co.company.name, surveyTitle: survey.title, firstName: 'Ana',
      definition: SurveyDefinitionSchema.parse(DEFINITION), surveyUrl: `${base}/s/${survey.slug}?t=${inv.token}`, unsubscribeUrl, expiresAt: new Date('2030-01-31T00:00:00Z'),
    });
    const messageId = `<${randomUUID()}@corridor.test>`;
    const outcome = await c.services.mailer.deliver(
      { to: 'ana@example.test', subject: mail.subject, html: mail.html, text: mail.text, headers: listUnsubscribeHeaders(unsubscribeUrl), messageId, kind: 'invitation', companyId: co.company.id, invitationId: inv.id },
      async (tx) => {
        const r = await tx.updateTable('invitations').set({ status: 'sent', sent_at: new Date(), message_id: messageId }).where('id', '=', inv.id).where('claim_token', '=', claim).where('status', '=', 'sending').executeTakeFirst();
        return r.numUpdatedRows === 1n;
      },
    );
    expect(outcome).toBe('sent');
    const [msg] = await sink.waitFor(1);
    if (!msg) throw new Error('no message');
    expect(msg.messageId).toBe(messageId);
    expect(msg.headers['list-unsubscribe']).toBe(`<${unsubscribeUrl}>`);
    expect(msg.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    const hrefs = [...msg.html.matchAll(/href="([^"]+)"/g)].map((m) => decode(m[1] ?? ''));
    const picks = hrefs.filter((h) => h.includes('pick='));
    expect(picks.map((h) => new URL(h).searchParams.get('pick'))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(hrefs).toContain(unsubscribeUrl);
    // The plain-text part lists the same links.
    for (const p of picks) expect(msg.text).toContain(p);

    const links = [...new Set(hrefs.filter((h) => h.startsWith(base)))];
    for (const link of links) {
      const url = link.slice(base.length);
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await c.app.inject({ method, url, headers: { 'user-agent': 'SafeLinks scanner' } });
        expect(res.statusCode, `${method} ${url}`).toBe(200);
      }
    }
    expect(await responseCount(c.handle.db, survey.id)).toBe(0);
    const sessions = await c.handle.db.selectFrom('response_sessions').select(sql<number>`count(*)::int`.as('n')).where('survey_id', '=', survey.id).executeTakeFirstOrThrow();
    expect(sessions.n).toBe(0);
    const person = await c.handle.db.selectFrom('contacts').select('opted_out_at').where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(person.opted_out_at).toBeNull();
    const opened = await c.handle.db.selectFrom('invitations').select(['opened_at', 'started_at', 'unsubscribed_at', 'status']).where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(opened.status).toBe('sent');
    expect(opened.opened_at).not.toBeNull();
    expect(opened.started_at).toBeNull();
    expect(opened.unsubscribed_at).toBeNull();

    // The person taps 9: the page opens with 9 chosen, and the next question beside it.
    const nine = picks[9] ?? '';
    const page = await c.app.inject({ method: 'GET', url: nine.slice(base.length) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="q_nps" value="9" checked/);
    expect(page.body.match(/ checked/g)?.length).toBe(1);
    expect(page.body).toContain('What is the main reason?');
    const hidden = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] ?? '', decode(m[2] ?? '')]));
    const post = () => c.app.inject({ method: 'POST', url: `/s/${survey.slug}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...hidden, q_nps: 9, nav: 'next' }) });
    const sent = await post();
    expect(sent.statusCode, sent.body).toBe(303);
    const responses = await c.handle.db.selectFrom('responses').select(['answers', 'personal_link_id']).where('survey_id', '=', survey.id).execute();
    expect(responses).toEqual([{ answers: { nps: 9 }, personal_link_id: inv.personalLinkId }]);
    const again = await post();
    expect(again.body).toContain('You have answered already');
    expect(await responseCount(c.handle.db, survey.id)).toBe(1);
    const started = await c.handle.db.selectFrom('invitations').select('started_at').where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(started.started_at).not.toBeNull();
  });

  it('ignores a pick that is not on the scale', async () => {
    const co = await makeCompany(c.handle.db);
    const admin = (await signIn(c, 'admin', co.company.id)).headers;
    const survey = await liveSurvey(c, admin, { title: 'Service check', unitId: co.company.id, definition: DEFINITION });
    const contact = await makeContact(c.handle.db, co.banking.id);
    const inv = await makeInvitation(c.handle.db, { surveyId: survey.id, contactId: contact.id, unitId: co.banking.id });
    for (const pick of ['11', '-1', 'x', '9.5', '']) {
      const res = await c.app.inject({ method: 'GET', url: `/s/${survey.slug}?t=${inv.token}&pick=${encodeURIComponent(pick)}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(' checked');
    }
  });
});
