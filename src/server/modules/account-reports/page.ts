import type { AccountReport } from '../../../contract/reviews.ts';
import { html, raw, type Html } from '../../http/html.ts';

/** The public, read-only page of a shared account report: every value escaped, no script at all. */

const CSS = `
*{box-sizing:border-box}body{margin:0;background:#f4f6f8;color:#17212b;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:32px 20px 48px}
.brand{font-weight:700;color:#0f5e5a;font-size:15px}h1{font-size:26px;line-height:1.25;margin:8px 0 4px}
.sub{color:#5f6b78;margin:0 0 24px}.card{background:#fff;border:1px solid #e1e5ea;border-radius:12px;padding:20px 22px;margin:0 0 18px}
h2{font-size:18px;margin:0 0 12px}table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:6px 8px;border-top:1px solid #e1e5ea;font-variant-numeric:tabular-nums}
th{font-size:13px;color:#5f6b78;font-weight:600;border-top:0}td.num,th.num{text-align:right}
.bar{height:10px;border-radius:5px;background:#0f5e5a;min-width:2px}.track{background:#e2f1f0;border-radius:5px;width:100%}
blockquote{margin:0 0 14px;padding:8px 14px;border-left:3px solid #c9d0d8;overflow-wrap:anywhere}blockquote p{margin:0}
.meta{color:#5f6b78;font-size:13px}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.muted{color:#5f6b78}.foot{color:#5f6b78;font-size:13px;text-align:center;margin-top:28px}
@media print{body{background:#fff}.card{border:0;padding:0 0 12px}}
`;

const fmtNps = (v: number | null) => (v === null ? '–' : (Math.round(v * 10) / 10).toString().replace(/^-/, '−'));
const fmtDate = (iso: string) => new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

function scores(r: AccountReport): Html {
  const shown = r.quarters.filter((q) => q.n > 0);
  if (shown.length === 0) return html`<p class="muted">No scores from your contacts in these two years.</p>`;
  return html`<table><thead><tr><th>Quarter</th><th class="num">Answers</th><th class="num">Net Promoter Score</th><th style="width:40%"><span class="sr">On a scale from −100 to 100</span></th></tr></thead><tbody>${shown.map(
    (q) =>
      html`<tr><td>${q.quarter}</td><td class="num">${q.n}</td><td class="num">${fmtNps(q.nps)}</td><td><div class="track"><div class="bar" style="width:${Math.max(1, Math.round(((q.nps ?? -100) + 100) / 2))}%"></div></div></td></tr>`,
  )}</tbody></table><p class="meta">Net Promoter Score: the share of answers of 9–10 minus the share of 0–6 to “How likely are you to recommend us?”, from −100 to 100.</p>`;
}

function comments(r: AccountReport): Html {
  if (r.comments.length === 0) return html`<p class="muted">No comments yet.</p>`;
  return html`${r.comments.map((c) => html`<blockquote><p>“${c.text}”</p><div class="meta">${c.surveyTitle} · ${fmtDate(c.submittedAt)}${c.score === null ? '' : html` · scored ${c.score}`}</div></blockquote>`)}`;
}

function actions(r: AccountReport): Html {
  if (r.actions.length === 0) return html`<p class="muted">When we act on what you told us, what we did is listed here.</p>`;
  return html`${r.actions.map((a) => html`<blockquote><p><strong>${a.title}</strong></p><p>${a.resolution}</p><div class="meta">told on ${fmtDate(a.toldOn)}</div></blockquote>`)}`;
}

/** The whole page; the style carries the response's CSP nonce, as the respondent pages do. */
export function renderSharedReport(r: AccountReport, styleNonce: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${r.companyName} — what ${r.account.name} told us</title>
<style nonce="${styleNonce}">${raw(CSS)}</style></head>
<body><main>
<div class="brand">${r.companyName}</div>
<h1>What you told us, and what we are doing about it</h1>
<p class="sub">For ${r.account.name} · ${fmtDate(`${r.from}T00:00:00Z`)} to ${fmtDate(`${r.to}T00:00:00Z`)}</p>
<section class="card" data-section="scores"><h2>Your scores over time</h2>${scores(r)}</section>
<section class="card" data-section="comments"><h2>What your colleagues said</h2>${comments(r)}</section>
<section class="card" data-section="actions"><h2>What we did about it</h2>${actions(r)}</section>
<p class="foot">Shared with you by ${r.companyName}. This page is read-only. Powered by Corridor.</p>
</main></body></html>`.value;
}

/** The page for a link that does not work (unknown, expired or revoked): the same for each, so it tells nothing. */
export function renderLinkGone(styleNonce: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>This link does not work</title>
<style nonce="${styleNonce}">${raw(CSS)}</style></head>
<body><main><section class="card"><h1>This link does not work</h1><p>It may have expired or been withdrawn. Ask your contact for a new one.</p></section></main></body></html>`.value;
}
