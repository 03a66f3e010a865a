import { html } from '../../http/html.ts';
import { fillText, MAIL_TEXTS, mailLanguage } from '../../email/templates/texts.ts';
import { page, type Nonces } from '../respond/view.ts';

/** The unsubscribe pages, in the look of the respondent pages and the contact's language. */

export function renderUnsubscribeQuestion(opts: { companyName: string; locale: string; action: string; nonce: Nonces }): string {
  const lang = mailLanguage(opts.locale);
  const t = MAIL_TEXTS[lang].unsubscribePage;
  const slots = { company: opts.companyName };
  const body = html`<form class="card" method="post" action="${opts.action}"><h1>${fillText(t.title, slots)}</h1><p class="intro">${fillText(t.text, slots)}</p>
<div class="nav"><button type="submit">${t.button}</button></div></form>`;
  return page({ title: fillText(t.title, slots), brand: opts.companyName, nonce: opts.nonce, lang, body });
}

export function renderUnsubscribed(opts: { companyName: string; locale: string; nonce: Nonces }): string {
  const lang = mailLanguage(opts.locale);
  const t = MAIL_TEXTS[lang].unsubscribePage;
  const body = html`<div class="card done" role="status"><h1>${t.doneTitle}</h1><p class="intro">${fillText(t.doneText, { company: opts.companyName })}</p></div>`;
  return page({ title: t.doneTitle, brand: opts.companyName, nonce: opts.nonce, lang, body });
}

export function renderUnknownLink(nonce: Nonces): string {
  const t = MAIL_TEXTS.en.unsubscribePage;
  return page({ title: t.unknownTitle, brand: '', nonce, body: html`<div class="card done"><h1>${t.unknownTitle}</h1><p class="intro">${t.unknownText}</p></div>` });
}
