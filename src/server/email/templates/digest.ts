import { compiled, fill, type TrustedMarkup } from './compile.ts';
import type { RenderedMail } from './invitation.ts';
import { ACCENT, layout } from './layout.ts';
import { mailLanguage } from './texts.ts';

/**
 * A digest of a review: a heading and intro, sections of markup the digest composer built from
 * escaped parts (charts among them as cid: images), and a button to the page in the app.
 */

export interface DigestInput {
  companyName: string;
  subject: string;
  heading: string;
  intro: string;
  /** Markup built from escaped parts. */
  sections: TrustedMarkup;
  /** The same content as plain text. */
  text: string;
  action: { label: string; url: string };
  /** Why the reader gets it and where to change that, as plain text. */
  footer: string;
}

function digestMjml(): string {
  return layout(
    'en',
    `<mj-text font-size="20px" font-weight="700" padding="8px 24px 0">[[heading]]</mj-text>
        <mj-text font-size="14px" color="#505b69" padding="4px 24px 8px">[[intro]]</mj-text>
        <mj-text padding="4px 24px 8px">[[!sections]]</mj-text>
        <mj-button href="[[actionUrl]]" background-color="${ACCENT}" color="#ffffff" font-weight="600" border-radius="8px" align="left" padding="8px 24px 16px">[[actionLabel]]</mj-button>
        <mj-text font-size="12px" color="#505b69" padding="8px 24px">[[footer]]</mj-text>`,
    { unsubscribe: false },
  );
}

export async function renderDigest(input: DigestInput): Promise<RenderedMail> {
  const tpl = await compiled(`digest:${mailLanguage('en')}`, digestMjml);
  const html = fill(tpl, {
    subject: input.subject,
    preview: input.intro,
    company: input.companyName,
    heading: input.heading,
    intro: input.intro,
    sections: input.sections,
    actionUrl: input.action.url,
    actionLabel: input.action.label,
    footer: input.footer,
  });
  const text = [input.heading, input.intro, '', input.text, '', `${input.action.label}: ${input.action.url}`, '', input.footer, ''].join('\n');
  return { subject: input.subject, html, text };
}
