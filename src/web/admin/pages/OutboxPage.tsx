import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { ListIcon } from '../../ui/icons.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatDateTime, formatRelative } from '../../ui/format.ts';
import type { OutboxPage as OutboxPageData } from '../api.ts';
import { ListCard } from '../components/QueryState.tsx';
import { KindBadge } from '../outbox/KindBadge.tsx';
import { MessagePreview } from '../outbox/MessagePreview.tsx';
import { outboxQuery } from '../outbox/queries.ts';
import { useTitle } from '../use-title.ts';
import '../outbox/outbox.css';

/** Settings → Outbox: mail held because no SMTP server is set, newest first, and a preview of one message. */
export function OutboxPage() {
  useTitle('Outbox');
  const outbox = useInfiniteQuery(outboxQuery);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];
  const mode = outbox.data?.pages[0]?.mode;

  return (
    <>
      <ModeNotice mode={mode} />
      <div className={openId ? 'outbox-grid outbox-grid-open' : 'outbox-grid'}>
        <ListCard
          query={outbox}
          what="outbox"
          placeholderRows={5}
          isEmpty={items.length === 0}
          empty={
            <EmptyState icon={<ListIcon size={26} />} title="No mail held">
              {mode === 'smtp'
                ? 'Mail goes out through the SMTP server, so nothing is held here.'
                : 'Invitations, reminders and notices show here as soon as a programme sends them. Activate a programme, or report an event to a persistent one.'}
            </EmptyState>
          }
        >
          {() => (
            <>
              <Table className="stack-table outbox-table" data-testid="outbox-table" aria-label="Held mail, newest first">
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col" className="outbox-col-to">
                      To
                    </th>
                    <th scope="col">Kind</th>
                    <th scope="col">Held</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((m) => (
                    <tr key={m.id} data-testid="outbox-row" className={m.id === openId ? 'row-selected' : undefined}>
                      <td className="table-title">
                        <button type="button" className="outbox-open" aria-current={m.id === openId ? 'true' : undefined} onClick={() => setOpenId(m.id)} data-testid="outbox-open">
                          {m.subject}
                        </button>
                        <span className="outbox-to-inline small muted">{m.to}</span>
                      </td>
                      <td data-label="To" className="outbox-to outbox-col-to">
                        {m.to}
                      </td>
                      <td data-label="Kind">
                        <KindBadge kind={m.kind} />
                      </td>
                      <td data-label="Held">
                        <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
                          {formatRelative(m.createdAt)}
                        </time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              <div className="table-foot">
                <span className="small muted" data-testid="outbox-shown">
                  {formatCount(items.length)} message{items.length === 1 ? '' : 's'} shown, newest first
                </span>
                {outbox.hasNextPage && (
                  <Button onClick={() => void outbox.fetchNextPage()} loading={outbox.isFetchingNextPage} data-testid="outbox-older">
                    Older
                  </Button>
                )}
                {outbox.isFetchNextPageError && <span className="small field-error">Could not load older messages. Try again.</span>}
              </div>
            </>
          )}
        </ListCard>
        {openId && <MessagePreview id={openId} onClose={() => setOpenId(null)} />}
      </div>
    </>
  );
}

function ModeNotice({ mode }: { mode: OutboxPageData['mode'] | undefined }) {
  if (mode === undefined) return <p className="muted">Mail Corridor holds instead of sending it.</p>;
  if (mode === 'smtp') {
    return (
      <Alert tone="info" title="Mail goes out through an SMTP server (SMTP_URL)." testId="outbox-mode">
        Invitations and notices reach their recipients, so this list is empty, or holds mail from before the server was set.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title="Mail is held here because no SMTP server is set (SMTP_URL); nothing here has reached anyone." testId="outbox-mode">
      To try a survey without a mail server, open an invitation below and use its survey link: it answers as that recipient would. Set SMTP_URL to send mail.
    </Alert>
  );
}
