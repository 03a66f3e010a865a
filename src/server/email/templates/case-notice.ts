import { escapeHtml } from '../../http/html.ts';

/**
 * The mail a case sends: to its assignee when it opens, to a manager when it escalates, to an address
 * a rule names. Plain HTML (no template compile on the hot path: the notice should reach the
 * assignee within seconds of the response).
 */

export interface CaseNoticeInput {
  kind: 'assigned' | 'escalated' | 'rule_email';
  caseNumber: number | null;
  title: string;
  ruleName: string | null;
  accountName: string | null;
  contactLabel: string | null;
  unitName: string;
  dueAt: Date | null;
  comments: readonly string[];
  /** Link to the case (or to the response when no case was opened). */
  url: string;
  recipientName: string | null;
  timeZone: string;
}

export function renderCaseNotice(n: CaseNoticeInput): { subject: string; html: string; text: string } {
  const ref = n.caseNumber !== null ? `Case #${n.caseNumber}` : 'Alert';
  const lead =
    n.kind === 'assigned' ? 'A new case is assigned to you.' : n.kind === 'escalated' ? 'This case is overdue and has been escalated to you.' : `The alert rule “${n.ruleName ?? ''}” matched a response.`;
  const subject = `${n.kind === 'escalated' ? 'Escalated: ' : ''}${ref}: ${n.title}`;
  const due = n.dueAt ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: n.timeZone }).format(n.dueAt) : null;
  const rows: [string, string | null][] = [
    ['Account', n.accountName],
    ['Contact', n.contactLabel],
    ['Unit', n.unitName],
    ['Due', due],
  ];
  const present = rows.filter((r): r is [string, string] => r[1] !== null);
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#1f2937;max-width:600px">
<p>${escapeHtml(n.recipientName ? `Hello ${n.recipientName},` : 'Hello,')}</p>
<p>${escapeHtml(lead)}</p>
<h2 style="font-size:18px">${escapeHtml(`${ref}: ${n.title}`)}</h2>
<table style="border-collapse:collapse">${present.map(([k, v]) => `<tr><td style="padding:4px 12px 4px 0;color:#6b7280">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
${n.comments.map((c) => `<blockquote style="border-left:3px solid #d1d5db;margin:12px 0;padding:4px 12px">${escapeHtml(c)}</blockquote>`).join('')}
<p><a href="${escapeHtml(n.url)}" style="background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Open the case</a></p>
</body></html>`;
  const text = [n.recipientName ? `Hello ${n.recipientName},` : 'Hello,', '', lead, '', `${ref}: ${n.title}`, ...present.map(([k, v]) => `${k}: ${v}`), ...n.comments.map((c) => `> ${c}`), '', n.url].join('\n');
  return { subject, html, text };
}
