import type { MonthlyReview, RelationshipSummary } from '../../../contract/reviews.ts';
import type { InlineImage } from '../../email/mime.ts';
import { renderDigest } from '../../email/templates/digest.ts';
import { escapeHtml } from '../../http/html.ts';
import { headlineChart, problemsChart, relationshipTrendChart } from './charts.ts';

/** A digest's message: subject, HTML (every value escaped), text, and its charts as inline images. */
export interface DigestMessage {
  subject: string;
  html: string;
  text: string;
  images: InlineImage[];
}

const fmt = (v: number | null, digits = 1) => (v === null ? '–' : (Math.round(v * 10 ** digits) / 10 ** digits).toString().replace(/^-/, '−'));
const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${fmt(v)}`);
const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
const monthName = (month: string) => new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
const H = (text: string) => `<h3 style="margin:20px 0 8px;font-size:16px">${escapeHtml(text)}</h3>`;
const img = (i: InlineImage | null, alt: string) => (i ? `<img src="cid:${escapeHtml(i.cid)}" alt="${escapeHtml(alt)}" width="560" style="display:block;width:100%;max-width:560px;height:auto;border:0;margin:8px 0">` : '');
const list = (items: string[]) => (items.length === 0 ? '' : `<ul style="margin:0 0 8px;padding-left:20px">${items.map((i) => `<li style="margin:0 0 8px">${i}</li>`).join('')}</ul>`);
const p = (text: string) => `<p style="margin:0 0 8px">${escapeHtml(text)}</p>`;

export async function composeMonthlyDigest(r: MonthlyReview, opts: { companyName: string; url: string; settingsUrl: string }): Promise<DigestMessage> {
  const month = monthName(r.month);
  const headline = headlineChart(r);
  const problems = problemsChart(r);
  const html: string[] = [];
  const text: string[] = [];
  html.push(H('Headline'), img(headline, 'Headline scores: a year ago, last month, this month'));
  const headlines = r.headlines.map((h) => {
    const name = `${h.metric === 'nps' ? 'NPS' : 'CSAT'} · ${h.surveyTitle}`;
    return { name, line: `${fmt(h.value)} ±${fmt(h.marginOfError)} (n = ${h.n}); vs last month ${signed(h.previousMonth.difference)}, vs a year ago ${signed(h.yearAgo.difference)}` };
  });
  html.push(list(headlines.map((h) => `<strong>${escapeHtml(h.name)}</strong>: ${escapeHtml(h.line)}`)));
  text.push('HEADLINE', ...headlines.map((h) => `- ${h.name}: ${h.line}`), '');
  html.push(H('Key experience problems'), img(problems, 'Key problems on 0–100, this month against last month'));
  if (r.problems.length === 0) html.push(p('Nothing got significantly worse, and no item has enough answers to rank.'));
  const problemLines = r.problems.map((x) => ({
    title: x.text,
    facts: `${fmt(x.score, 0)}/100 (was ${fmt(x.previousScore, 0)}), n = ${x.n}, ${pct(x.detractorShare)} low scores${x.reasons.includes('declined') ? ', got worse' : ''}`,
    quote: x.comments[0]?.text ?? null,
  }));
  html.push(
    list(
      problemLines.map(
        (x) =>
          `<strong>${escapeHtml(x.title)}</strong><br><span style="color:#505b69;font-size:14px">${escapeHtml(x.facts)}</span>` +
          (x.quote ? `<br><em style="font-size:14px">“${escapeHtml(x.quote)}”</em>` : ''),
      ),
    ),
  );
  text.push('KEY EXPERIENCE PROBLEMS', ...problemLines.map((x) => `- ${x.title}: ${x.facts}${x.quote ? `\n  "${x.quote}"` : ''}`), '');
  if (r.accounts) {
    const moved = r.accounts.intoAtRisk.map((a) => `${a.name} (${a.unitName}${a.owner ? `, ${a.owner}` : ''})`);
    html.push(H('Accounts that moved into At-Risk'), moved.length ? list(moved.map(escapeHtml)) : p('None this quarter.'));
    text.push('ACCOUNTS THAT MOVED INTO AT-RISK', ...(moved.length ? moved.map((m) => `- ${m}`) : ['None this quarter.']), '');
  }
  if (r.cases) {
    const c = r.cases;
    const figures = `${c.opened} opened, ${c.closed} closed, ${pct(c.withinDeadlineShare)} closed in time`;
    const done = c.notable.map((x) => `${x.title}${x.resolution ? ` — ${x.resolution}` : ''}${x.customerToldAt ? ' (customer told)' : ''}`);
    html.push(H('Cases and what was done'), p(escapeHtml(figures)), done.length ? list(done.map(escapeHtml)) : p('No case opened this month is closed yet.'));
    text.push('CASES AND WHAT WAS DONE', figures, ...done.map((d) => `- ${d}`), '');
  }
  if (r.goals.length > 0) {
    const goals = r.goals.map((g) => `${g.name}: ${fmt(g.progress.current)} against a target of ${fmt(g.target)} by ${g.dueDate} (${g.progress.status.replaceAll('_', ' ')})`);
    html.push(H('Goals'), list(goals.map(escapeHtml)));
    text.push('GOALS', ...goals.map((g) => `- ${g}`), '');
  }
  const images = [headline, problems].filter((i): i is InlineImage => i !== null);
  const subject = `${r.unit.name}: monthly review, ${month}`;
  const mail = await renderDigest({
    companyName: opts.companyName,
    subject,
    heading: `${r.unit.name} — ${month}`,
    intro: 'The monthly operations review: what customers said, ranked, before the financials.',
    sections: html.join(''),
    text: text.join('\n'),
    action: { label: 'Open the review', url: opts.url },
    footer: `You get this digest each period as a subscriber. Change your digests: ${opts.settingsUrl}`,
  });
  return { ...mail, images };
}

export async function composeRelationshipDigest(s: RelationshipSummary, opts: { companyName: string; url: string; settingsUrl: string }): Promise<DigestMessage> {
  const trend = relationshipTrendChart(s);
  const html: string[] = [H('Trend by quarter'), img(trend, 'Relationship score by quarter')];
  const text: string[] = ['TREND BY QUARTER', ...s.surveys.map((x) => `- ${x.title}: ${x.trend.map((t) => `${t.quarter} ${fmt(t.value)}`).join(', ')}`), ''];
  const weakest = s.weakest.map((i) => `${i.text}: ${fmt(i.scores.at(-1)?.score ?? null, 0)}/100, ${signed(i.changeFromPrevious)} on the quarter, ${signed(i.changeOverYear)} over the year`);
  html.push(H('The weakest items'), list(weakest.map(escapeHtml)));
  text.push('THE WEAKEST ITEMS', ...weakest.map((w) => `- ${w}`), '');
  if (s.accounts) {
    const names = (xs: { name: string }[]) => xs.slice(0, 8).map((a) => a.name).join(', ') || 'none';
    const lines = [`At-Risk (${s.accounts.atRisk.length}): ${names(s.accounts.atRisk)}`, `Dangling (${s.accounts.dangling.length}): ${names(s.accounts.dangling)}`];
    const gaps = s.accounts.perceptionGaps.map((g) => `${g.name}: the team says ${g.teamRating}, the customers' index is ${fmt(g.summaryIndex)}`);
    html.push(H('Accounts'), list(lines.map(escapeHtml)), gaps.length ? H('Perception gaps') + list(gaps.map(escapeHtml)) : '');
    text.push('ACCOUNTS', ...lines.map((l) => `- ${l}`), ...(gaps.length ? ['', 'PERCEPTION GAPS', ...gaps.map((g) => `- ${g}`)] : []), '');
  }
  const issues = s.recurringIssues.map((t) => ({ head: `${t.term} — ${t.quarters} quarters, ${t.mentions} comments`, quote: t.example }));
  html.push(H('Issues raised quarter after quarter'), issues.length ? list(issues.map((i) => `<strong>${escapeHtml(i.head)}</strong><br><em style="font-size:14px">“${escapeHtml(i.quote)}”</em>`)) : p('No word recurs across quarters.'));
  text.push('ISSUES RAISED QUARTER AFTER QUARTER', ...issues.map((i) => `- ${i.head}\n  "${i.quote}"`), '');
  const subject = `${s.unit.name}: relationship summary, ${s.quarters[0] ?? ''} to ${s.quarters.at(-1) ?? ''}`;
  const mail = await renderDigest({
    companyName: opts.companyName,
    subject,
    heading: `${s.unit.name} — relationship summary`,
    intro: `The last four quarters of relationship surveys, ${s.quarters[0] ?? ''} to ${s.quarters.at(-1) ?? ''}, for the quarterly strategy discussion.`,
    sections: html.join(''),
    text: text.join('\n'),
    action: { label: 'Open the summary', url: opts.url },
    footer: `You get this digest each period as a subscriber. Change your digests: ${opts.settingsUrl}`,
  });
  return { ...mail, images: trend ? [trend] : [] };
}
