import { escapeHtml } from '../../http/html.ts';
import { compiled, fill } from './compile.ts';
import type { RenderedMail } from './invitation.ts';
import { ACCENT, layout } from './layout.ts';
import { fillText, MAIL_TEXTS, mailLanguage, type MailLanguage } from './texts.ts';

/** The account owner's notice: which of their accounts' contacts will be asked soon, with links to the accounts. */

export interface OwnerNoticeRow {
  accountId: string;
  accountName: string;
  contactName: string;
  role: string | null;
  /** When the invitation goes out. */
  date: Date;
}

export interface OwnerNoticeInput {
  language: string;
  companyName: string;
  ownerName: string | null;
  days: number;
  rows: readonly OwnerNoticeRow[];
  baseUrl: string;
  timeZone?: string;
}

function ownerMjml(language: MailLanguage): string {
  const t = MAIL_TEXTS[language];
  const th = (s: string) => `<th style="text-align:left;padding:8px 6px;border-bottom:2px solid #e3e8ef;font-size:13px;color:#4a5565">${s}</th>`;
  return layout(
    language,
    `<mj-text font-size="18px" font-weight="600" padding="8px 24px">[[heading]]</mj-text>
        <mj-text padding="4px 24px 8px">[[greeting]]<br>${t.ownerIntro}</mj-text>
        <mj-table font-size="14px" padding="8px 18px" cellpadding="0" cellspacing="0">
          <tr>${th(t.account)}${th(t.contact)}${th(t.role)}${th(t.date)}</tr>
          [[!rows]]
        </mj-table>`,
    { unsubscribe: false },
  );
}

function day(d: Date, language: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: timeZone ?? 'UTC' }).format(d);
}

export async function renderOwnerNotice(input: OwnerNoticeInput): Promise<RenderedMail> {
  const language = mailLanguage(input.language);
  const t = MAIL_TEXTS[language];
  const tpl = await compiled(`owner:${language}`, () => ownerMjml(language));
  const days = String(input.days);
  const subject = fillText(t.ownerSubject, { days });
  const heading = fillText(t.ownerHeading, { days });
  const greeting = input.ownerName ? fillText(t.helloNamed, { name: input.ownerName }) : t.hello;
  const td = 'padding:8px 6px;border-bottom:1px solid #e3e8ef;vertical-align:top';
  const accountUrl = (id: string) => `${input.baseUrl}/accounts/${encodeURIComponent(id)}`;
  const rows = input.rows
    .map(
      (r) =>
        `<tr><td style="${td}"><a href="${escapeHtml(accountUrl(r.accountId))}" style="color:${ACCENT};font-weight:600">${escapeHtml(r.accountName)}</a></td>` +
        `<td style="${td}">${escapeHtml(r.contactName)}</td><td style="${td}">${escapeHtml(r.role ?? '')}</td>` +
        `<td style="${td};white-space:nowrap">${escapeHtml(day(r.date, language, input.timeZone))}</td></tr>`,
    )
    .join('');
  const html = fill(tpl, { subject, preview: heading, company: input.companyName, heading, greeting, rows });
  const text = [
    greeting,
    '',
    heading,
    t.ownerIntro,
    '',
    ...input.rows.map((r) => `- ${r.accountName}: ${r.contactName}${r.role ? ` (${r.role})` : ''}, ${day(r.date, language, input.timeZone)}: ${accountUrl(r.accountId)}`),
    '',
  ].join('\n');
  return { subject, html, text };
}
