import type { Respondent } from '../../../core/logic.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import { emailQuestionOf, type EmailQuestion } from '../first-question.ts';
import { compiled, fill } from './compile.ts';
import { ACCENT, layout } from './layout.ts';
import { fillText, MAIL_TEXTS, mailLanguage, type MailLanguage } from './texts.ts';

/**
 * The invitation (and reminder) email. When the survey's first shown question is NPS or CSAT, the
 * email asks it: every number is a link to the survey with that answer chosen. Otherwise a button
 * starts the survey. Text and HTML say the same.
 */

export interface InvitationInput {
  kind: 'invitation' | 'reminder';
  /** The survey's language for this contact (the contact's locale when the survey has it). */
  language: string;
  companyName: string;
  surveyTitle: string;
  /** The contact's first name; null for a greeting without a name. */
  firstName: string | null;
  definition: SurveyDefinition;
  /** Who answers: for the first question's conditions, prefill, audience wording and piping. */
  respondent?: Respondent;
  /** `${baseUrl}/s/${slug}?t=${token}` */
  surveyUrl: string;
  /** `${baseUrl}/u/${token}` */
  unsubscribeUrl: string;
  expiresAt: Date | null;
  /** The contact's time zone, for the expiry date (UTC by default). */
  timeZone?: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** The survey link with an answer chosen: `?…&pick=<value>`. */
export function answerUrl(surveyUrl: string, value: number): string {
  return `${surveyUrl}${surveyUrl.includes('?') ? '&' : '?'}pick=${value}`;
}

function scaleMjml(min: number, max: number): string {
  const size = max - min + 1 > 5 ? 44 : 56;
  const cells: string[] = [];
  for (let v = min; v <= max; v++) {
    cells.push(
      `<a href="[[pick${v}]]" aria-label="${v}" style="display:inline-block;width:${size}px;height:44px;line-height:44px;margin:3px 2px;border:1px solid #c7cfd9;border-radius:8px;background:#ffffff;color:${ACCENT};font-size:18px;font-weight:600;text-decoration:none;text-align:center">${v}</a>`,
    );
  }
  // Links wrap on a narrow screen (0–5 above 6–10 on a phone), each a 44-pixel tap target.
  return `<mj-text align="center" css-class="scale" padding="4px 12px">${cells.join('')}</mj-text>
        <mj-text align="center" font-size="13px" color="#4a5565" padding="4px 24px 16px">${min} = [[lowLabel]] &#183; ${max} = [[highLabel]]</mj-text>`;
}

type Variant = 'nps' | 'csat' | 'button';

function invitationMjml(language: MailLanguage, variant: Variant): string {
  const t = MAIL_TEXTS[language];
  const button = `<mj-button href="[[surveyUrl]]" background-color="${ACCENT}" color="#ffffff" font-size="17px" font-weight="600" border-radius="8px" inner-padding="14px 28px" padding="12px 24px 20px">${t.start}</mj-button>`;
  const ask =
    variant === 'button'
      ? button
      : `<mj-text font-size="18px" font-weight="600" padding="16px 24px 4px">[[question]]</mj-text>
        <mj-text font-size="14px" color="#4a5565" padding="0 24px 8px">${t.tapHint}</mj-text>
        ${variant === 'nps' ? scaleMjml(0, 10) : scaleMjml(1, 5)}
        <mj-text font-size="14px" padding="0 24px 12px"><a href="[[surveyUrl]]" style="color:${ACCENT}">${t.orOpen}</a></mj-text>`;
  return layout(
    language,
    `<mj-text padding="8px 24px 4px">[[greeting]]</mj-text>
        <mj-text padding="4px 24px 8px">[[intro]]</mj-text>
        ${ask}
        <mj-divider border-width="1px" border-color="#e3e8ef" padding="8px 24px" />
        <mj-text font-size="13px" color="#4a5565" padding="4px 24px">[[expires]]</mj-text>`,
    { unsubscribe: true },
  );
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The date in the language, in the contact's time zone (UTC when it is unknown); formatters are kept. */
function formatDate(d: Date, language: string, timeZone: string | undefined): string {
  const key = `${language}|${timeZone ?? 'UTC'}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: timeZone ?? 'UTC' });
    } catch {
      f = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    }
    formats.set(key, f);
  }
  return f.format(d);
}

/** Renders an invitation or reminder: subject, responsive HTML, and the same content as plain text. */
export async function renderInvitation(input: InvitationInput): Promise<RenderedMail> {
  const language = mailLanguage(input.language);
  const t = MAIL_TEXTS[language];
  const respondent: Respondent = input.respondent ?? { contact: input.firstName ? { first_name: input.firstName } : {}, account: {}, audience: null, language: input.language };
  const q: EmailQuestion | null = emailQuestionOf(input.definition, respondent);
  const variant: Variant = q?.type ?? 'button';
  const tpl = await compiled(`invitation:${variant}:${language}`, () => invitationMjml(language, variant));
  const slots = { company: input.companyName, survey: input.surveyTitle };
  const subject = fillText(input.kind === 'reminder' ? t.subjectReminder : t.subjectInvitation, slots);
  const name = input.firstName?.trim() ?? '';
  const greeting = name ? fillText(t.helloNamed, { name }) : t.hello;
  const intro = fillText(input.kind === 'reminder' ? t.reminderIntro : t.intro, slots);
  const expires = input.expiresAt ? fillText(t.expires, { date: formatDate(input.expiresAt, language, input.timeZone) }) : '';
  const why = fillText(t.why, slots);
  const values: Record<string, string> = {
    subject,
    preview: q ? q.text : intro,
    company: input.companyName,
    greeting,
    intro,
    expires,
    why,
    surveyUrl: input.surveyUrl,
    unsubscribeUrl: input.unsubscribeUrl,
  };
  const lines = [greeting, '', intro, ''];
  if (q) {
    values['question'] = q.text;
    values['lowLabel'] = q.lowLabel;
    values['highLabel'] = q.highLabel;
    lines.push(q.text, `${t.tapHint}`, '');
    for (let v = q.min; v <= q.max; v++) {
      const url = answerUrl(input.surveyUrl, v);
      values[`pick${v}`] = url;
      const label = v === q.min ? ` (${q.lowLabel})` : v === q.max ? ` (${q.highLabel})` : '';
      lines.push(`${v}${label}: ${url}`);
    }
    lines.push('', `${t.orOpen}: ${input.surveyUrl}`);
  } else {
    lines.push(`${t.start}: ${input.surveyUrl}`);
  }
  if (expires) lines.push('', expires);
  lines.push('', '--', why, `${t.unsubscribe}: ${input.unsubscribeUrl}`);
  return { subject, html: fill(tpl, values), text: lines.join('\n') + '\n' };
}
