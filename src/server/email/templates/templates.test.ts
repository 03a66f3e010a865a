import { describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import { compiledCount } from './compile.ts';
import { renderInvitation } from './invitation.ts';
import { renderOwnerNotice } from './owner-notice.ts';
import { MAIL_LANGUAGES } from './texts.ts';

const nps = SurveyDefinitionSchema.parse({ questions: [{ id: 'nps', type: 'nps', text: 'Recommend <b>us</b>?' }, { id: 'why', type: 'text', text: 'Why?' }] });
const csat = SurveyDefinitionSchema.parse({ questions: [{ id: 'sat', type: 'csat', text: 'Satisfied?' }] });
const text = SurveyDefinitionSchema.parse({ questions: [{ id: 'say', type: 'text', text: 'Tell us' }] });
const input = (definition = nps, language = 'en') => ({
  kind: 'invitation' as const, language, companyName: 'Acme & Co', surveyTitle: 'Service', firstName: '<script>alert(1)</script>', definition,
  surveyUrl: 'https://cx.example/s/service?t=tok', unsubscribeUrl: 'https://cx.example/u/tok', expiresAt: new Date('2030-01-31T12:00:00Z'),
});

describe('invitation template', () => {
  it('asks an NPS question in the email with eleven links and its end labels', async () => {
    const m = await renderInvitation(input());
    for (let v = 0; v <= 10; v++) expect(m.html).toContain(`href="https://cx.example/s/service?t=tok&#38;pick=${v}"`);
    expect(m.html).toContain('Not at all likely');
    expect(m.html).toContain('href="https://cx.example/u/tok"');
    expect(m.text).toContain('10 (Extremely likely): https://cx.example/s/service?t=tok&pick=10');
    expect(m.text).toContain('https://cx.example/u/tok');
  });

  it('escapes every value: a contact named <script> reads as text', async () => {
    const m = await renderInvitation(input());
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(m.html).toContain('Recommend &#60;b&#62;us&#60;/b&#62;?');
    expect(m.html).toContain('Acme &#38; Co');
  });

  it('has five links for CSAT and a button otherwise', async () => {
    const c = await renderInvitation(input(csat));
    expect(c.html.match(/pick=/g)?.length).toBe(5);
    const t = await renderInvitation(input(text));
    expect(t.html).not.toContain('pick=');
    expect(t.html).toContain('Start the survey');
  });

  it('speaks each shipped language, compiling MJML once per template and language', async () => {
    for (const lang of MAIL_LANGUAGES) await renderInvitation(input(nps, lang));
    const before = compiledCount();
    const subjects = [];
    for (const lang of MAIL_LANGUAGES) subjects.push((await renderInvitation(input(nps, lang))).subject);
    expect(compiledCount()).toBe(before);
    expect(new Set(subjects).size).toBe(5);
    expect((await renderInvitation(input(nps, 'de'))).html).toContain('<html lang="de"');
  });

  it('lists the owner\u2019s accounts with links to them, escaped', async () => {
    const m = await renderOwnerNotice({ language: 'en', companyName: 'Acme', ownerName: 'Sam', days: 7, baseUrl: 'https://cx.example', rows: [{ accountId: 'a1', accountName: 'Globex <b>', contactName: 'Ana', role: 'buyer', date: new Date('2030-01-02T00:00:00Z') }] });
    expect(m.subject).toContain('7 days');
    expect(m.html).toContain('href="https://cx.example/accounts/a1"');
    expect(m.html).toContain('Globex &#60;b&#62;');
    expect(m.text).toContain('Globex <b>: Ana (buyer)');
  });
});
