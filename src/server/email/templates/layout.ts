import { MAIL_TEXTS, type MailLanguage } from './texts.ts';

/** The frame every Corridor email shares: the sender's name, a white card, a footer. MJML source. */

export const ACCENT = '#0f5e5a';
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export function layout(language: MailLanguage, body: string, opts: { unsubscribe: boolean }): string {
  const t = MAIL_TEXTS[language];
  const footer = opts.unsubscribe
    ? `<mj-text align="center" font-size="13px" color="#505b69" line-height="1.5">[[why]]<br><a href="[[unsubscribeUrl]]" style="color:#505b69;text-decoration:underline">${t.unsubscribe}</a></mj-text>`
    : `<mj-text align="center" font-size="13px" color="#505b69">Corridor</mj-text>`;
  return `<mjml lang="${language}">
  <mj-head>
    <mj-title>[[subject]]</mj-title>
    <mj-preview>[[preview]]</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONT}" />
      <mj-text font-size="16px" line-height="1.5" color="#1c2430" padding="8px 24px" />
      <mj-section padding="0" />
    </mj-attributes>
    <mj-style>
      .scale a:hover { background: ${ACCENT} !important; color: #ffffff !important; }
      @media only screen and (max-width: 480px) { .card { padding: 4px !important; } }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f3f5f8" width="600px">
    <mj-section padding="24px 16px 12px">
      <mj-column><mj-text font-size="15px" font-weight="600" color="${ACCENT}" padding="0 8px">[[company]]</mj-text></mj-column>
    </mj-section>
    <mj-wrapper background-color="#ffffff" border-radius="12px" padding="16px 0" css-class="card">
      <mj-section><mj-column>
${body}
      </mj-column></mj-section>
    </mj-wrapper>
    <mj-section padding="16px 16px 32px"><mj-column>${footer}</mj-column></mj-section>
  </mj-body>
</mjml>`;
}
