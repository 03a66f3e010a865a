import type { WebhookPayload } from '../../../contract/webhooks.ts';

/**
 * The message a Slack incoming webhook takes: `text` (the notification and the fallback) and
 * `blocks` with the title, the summary, the event and a link into Corridor. Slack's own escaping
 * applies to text it formats: &, < and > become entities; nothing else is special.
 */

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function textOf(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const t = value.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** An absolute link into Corridor from a payload's path, or null when it names none (or another site). */
function linkOf(baseUrl: string, link: unknown): string | null {
  if (typeof link !== 'string' || !link.startsWith('/') || link.startsWith('//')) return null;
  // <, > and | would end Slack's <url|label> early.
  return `${baseUrl}${link.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))}`;
}

export function buildSlackMessage(opts: { eventType: string; eventId: string; occurredAt: Date; payload: WebhookPayload; baseUrl: string }): { text: string; blocks: unknown[] } {
  const title = textOf(opts.payload.title, 150) ?? `Corridor: ${opts.eventType}`;
  const summary = textOf(opts.payload.summary, 2_500);
  const link = linkOf(opts.baseUrl, opts.payload.link);
  const body = [`*${escapeSlack(title)}*`, summary ? escapeSlack(summary) : null, link ? `<${link}|Open in Corridor>` : null].filter(Boolean).join('\n');
  return {
    text: escapeSlack(summary ? `${title}: ${summary}` : title).slice(0, 3_000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeSlack(opts.eventType)} · ${opts.occurredAt.toISOString()} · event ${opts.eventId}` }] },
    ],
  };
}
