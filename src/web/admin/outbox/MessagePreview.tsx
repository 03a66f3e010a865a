import { Fragment, useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Skeleton } from '../../ui/Feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import type { OutboxMessage } from '../api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { KindBadge } from './KindBadge.tsx';
import { linksOf, orderHeaders, type MessageLink } from './links.ts';
import { outboxMessageQuery } from './queries.ts';

/**
 * One held message: its HTML in a sandboxed frame (no script runs, its links go nowhere), its links
 * as text to open from here, the plain-text part and the headers.
 */
export function MessagePreview({ id, onClose }: { id: string; onClose: () => void }) {
  const message = useQuery(outboxMessageQuery(id));
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a message moves the focus to it, so keyboard and screen-reader users land on what opened.
  useEffect(() => {
    heading.current?.focus();
  }, [id, message.data]);

  if (message.isError) return <LoadError error={message.error} what="message" onRetry={() => void message.refetch()} />;
  const m = message.data;
  return (
    <Card
      className="outbox-preview"
      data-testid="outbox-preview"
      aria-busy={m ? undefined : true}
      title={
        <h2 ref={heading} tabIndex={-1} className="outbox-preview-title" data-testid="outbox-preview-subject">
          {m ? m.subject : 'Loading the message…'}
        </h2>
      }
      actions={
        <Button variant="ghost" size="sm" onClick={onClose} data-testid="outbox-preview-close">
          Close<span className="sr-only"> the message</span>
        </Button>
      }
    >
      {m ? <MessageBody m={m} /> : <Skeleton height={420} />}
    </Card>
  );
}

function MessageBody({ m }: { m: OutboxMessage }) {
  const links = linksOf(m.html);
  return (
    <div className="stack">
      <dl className="outbox-meta">
        <dt>To</dt>
        <dd data-testid="outbox-preview-to">{m.to}</dd>
        <dt>From</dt>
        <dd>{m.from}</dd>
        <dt>Kind</dt>
        <dd>
          <KindBadge kind={m.kind} />
        </dd>
        <dt>Held</dt>
        <dd>
          <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
        </dd>
      </dl>
      <SurveyLinkCallout links={links} to={m.to} />
      <section aria-labelledby="outbox-html-title" className="outbox-block">
        <h3 id="outbox-html-title" className="outbox-section-title">
          As the recipient sees it
        </h3>
        <p className="small muted">Shown in a sandbox: its links do nothing here; they are listed below.</p>
        <iframe className="outbox-frame" sandbox="" srcDoc={m.html} title={`The message “${m.subject}” as its recipient sees it`} data-testid="outbox-frame" />
      </section>
      <LinkList links={links} />
      <section aria-labelledby="outbox-text-title" className="outbox-block">
        <h3 id="outbox-text-title" className="outbox-section-title">
          Plain-text part
        </h3>
        <pre className="outbox-text" data-testid="outbox-text" tabIndex={0} aria-labelledby="outbox-text-title">
          {m.text}
        </pre>
      </section>
      <section aria-labelledby="outbox-headers-title" className="outbox-block">
        <h3 id="outbox-headers-title" className="outbox-section-title">
          Headers
        </h3>
        <dl className="outbox-headers" data-testid="outbox-headers">
          <dt>Message-ID</dt>
          <dd className="mono">{m.messageId}</dd>
          {orderHeaders(m.headers).map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd className="mono">{value}</dd>
            </Fragment>
          ))}
        </dl>
      </section>
    </div>
  );
}

/** The way to try a survey without a mail server: open the invitation's own link, as its recipient would. */
function SurveyLinkCallout({ links, to }: { links: readonly MessageLink[]; to: string }) {
  const survey = links.find((l) => l.kind === 'survey') ?? links.find((l) => l.kind === 'answer');
  if (!survey) return null;
  return (
    <div className="outbox-callout" data-testid="outbox-survey-link">
      <strong>Try it as the recipient.</strong> This is {to}’s personal survey link; opening it answers the survey as them (the answer counts, once).
      <a href={survey.url} target="_blank" rel="noopener noreferrer" className="outbox-url">
        {survey.url}
      </a>
    </div>
  );
}

const KIND_TITLE: Record<MessageLink['kind'], string> = { survey: 'Survey', answer: 'Answer', unsubscribe: 'Unsubscribe', other: 'Link' };

function LinkList({ links }: { links: readonly MessageLink[] }) {
  // The answer links of a question asked in the email differ only in their pick: one line for all.
  const answers = links.filter((l) => l.kind === 'answer');
  const others = links.filter((l) => l.kind !== 'answer');
  const base = answers[0] ? answers[0].url.replace(/([?&])pick=[^&]*/, '$1pick=') : '';
  return (
    <section aria-labelledby="outbox-links-title" className="outbox-block">
      <h3 id="outbox-links-title" className="outbox-section-title">
        Links in the message
      </h3>
      {links.length === 0 ? (
        <p className="small muted">This message has no links.</p>
      ) : (
        <ul className="outbox-links" data-testid="outbox-links">
          {others.map((l) => (
            <li key={l.url}>
              <span className="outbox-link-kind">{KIND_TITLE[l.kind]}</span>
              {l.labels.length > 0 && <span className="outbox-link-label">“{l.labels.join('”, “')}”</span>}
              <a href={l.url} target="_blank" rel="noopener noreferrer" className="outbox-url">
                {l.url}
              </a>
            </li>
          ))}
          {answers.length > 0 && (
            <li>
              <span className="outbox-link-kind">Answers</span>
              <span className="outbox-url">{base}…</span>
              <span className="outbox-picks">
                {answers.map((l) => (
                  <a key={l.url} href={l.url} target="_blank" rel="noopener noreferrer" aria-label={`Answer ${l.labels[0] ?? ''}: ${l.url}`}>
                    {l.labels[0] ?? new URL(l.url).searchParams.get('pick')}
                  </a>
                ))}
              </span>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
