import { escapeHtml } from '../../http/html.ts';
import { compiled, fill } from './compile.ts';
import type { RenderedMail } from './invitation.ts';
import { ACCENT, layout } from './layout.ts';
import { mailLanguage, type MailLanguage } from './texts.ts';

/** A simple notice: a heading, paragraphs of plain text, and an optional button. */

export interface NoticeInput {
  language: string;
  companyName: string;
  subject: string;
  heading: string;
  paragraphs: readonly string[];
  action?: { label: string; url: string };
}

function noticeMjml(language: MailLanguage): string {
  return layout(
    language,
    `<mj-text font-size="18px" font-weight="600" padding="8px 24px">[[heading]]</mj-text>
        <mj-text padding="4px 24px 8px">[[!paragraphs]][[!action]]</mj-text>`,
    { unsubscribe: false },
  );
}

export async function renderNotice(input: NoticeInput): Promise<RenderedMail> {
  const language = mailLanguage(input.language);
  const tpl = await compiled(`notice:${language}`, () => noticeMjml(language));
  const paragraphs = input.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join('');
  const action = input.action
    ? `<p style="margin:16px 0 8px"><a href="${escapeHtml(input.action.url)}" style="display:inline-block;background:${ACCENT};color:#ffffff;font-weight:600;text-decoration:none;padding:12px 24px;border-radius:8px">${escapeHtml(input.action.label)}</a></p>`
    : '';
  const html = fill(tpl, { subject: input.subject, preview: input.heading, company: input.companyName, heading: input.heading, paragraphs, action });
  const text = [input.heading, '', ...input.paragraphs.flatMap((p) => [p, '']), ...(input.action ? [`${input.action.label}: ${input.action.url}`, ''] : [])].join('\n');
  return { subject: input.subject, html, text };
}
