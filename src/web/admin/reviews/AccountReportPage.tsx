import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import type { AccountReport, ReportLinkCreated, ReportLinkList } from '../../../contract/reviews.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { CopyField } from '../../ui/CopyField.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatDate, formatDateTime, formatNps } from '../../ui/format.ts';
import { request } from '../api.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { useTitle } from '../use-title.ts';
import './reviews.css';

/** The printable account report, exactly what the customer sees through a share link, with the links themselves. */
export function AccountReportPage() {
  const { id } = useParams({ from: '/_app/accounts/$id/report' });
  const queryClient = useQueryClient();
  const report = useQuery({ queryKey: ['account-report', id], queryFn: () => request<AccountReport>('GET', `/accounts/${encodeURIComponent(id)}/report`) });
  const links = useQuery({ queryKey: ['account-report-links', id], queryFn: () => request<ReportLinkList>('GET', `/accounts/${encodeURIComponent(id)}/report-links`) });
  const [created, setCreated] = useState<ReportLinkCreated | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['account-report-links', id] });
  const share = useMutation({
    mutationFn: () => request<ReportLinkCreated>('POST', `/accounts/${encodeURIComponent(id)}/report-links`, { expiresInDays: 30 }),
    onSuccess: (link) => {
      setCreated(link);
      refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (linkId: string) => request('POST', `/accounts/${encodeURIComponent(id)}/report-links/${encodeURIComponent(linkId)}/revoke`, {}), onSuccess: refresh });
  useTitle(report.data ? `${report.data.account.name} — report` : 'Account report');
  if (report.isPending) return <PageSkeleton />;
  if (report.isError) return <PageLoadError error={report.error} what="the account report" onRetry={() => void report.refetch()} />;
  const r = report.data;
  const scored = r.quarters.filter((q) => q.n > 0);
  return (
    <div className="page review-page">
      <header className="page-header">
        <div>
          <div className="eyebrow no-print">
            <Link to="/accounts/$id" params={{ id }}>
              {r.account.name}
            </Link>
          </div>
          <h1>What you told us, and what we are doing about it</h1>
          <p className="page-sub">
            For {r.account.name} · {formatDate(r.from)} – {formatDate(r.to)}
          </p>
        </div>
        <div className="row no-print" style={{ gap: 8 }}>
          <Button onClick={() => window.print()}>Print</Button>
          <Button variant="primary" onClick={() => share.mutate()} loading={share.isPending} data-testid="report-share">
            Share with the customer
          </Button>
        </div>
      </header>
      {created && (
        <div className="no-print">
          <Alert tone="success" title="Link made: send it to your contact">
            It opens this report without login for 30 days, until you withdraw it. It is shown only now.
            <CopyField value={created.url} testId="report-share-url" />
          </Alert>
        </div>
      )}
      <Card title="Your scores over time" flush={scored.length > 0}>
        {scored.length === 0 ? (
          <p className="muted">No scores from your contacts in these two years.</p>
        ) : (
          <Table data-testid="report-scores">
            <thead>
              <tr>
                <th>Quarter</th>
                <th className="num">Answers</th>
                <th className="num">NPS</th>
              </tr>
            </thead>
            <tbody>
              {scored.map((q) => (
                <tr key={q.quarter}>
                  <td>{q.quarter}</td>
                  <td className="num">{q.n}</td>
                  <td className="num">{formatNps(q.nps)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="What your colleagues said">
        {r.comments.length === 0 ? (
          <p className="muted">No comments yet.</p>
        ) : (
          r.comments.map((c, i) => (
            <blockquote key={i} className="review-quote" data-testid="report-comment">
              “{c.text}”<div className="small muted">{c.surveyTitle} · {formatDate(c.submittedAt)}</div>
            </blockquote>
          ))
        )}
      </Card>
      <Card title="What we did about it">
        {r.actions.length === 0 ? (
          <p className="muted">When we act on what you told us, what we did is listed here.</p>
        ) : (
          r.actions.map((a, i) => (
            <blockquote key={i} className="review-quote">
              <strong>{a.title}</strong> — {a.resolution} <span className="small muted">(told on {formatDate(a.toldOn)})</span>
            </blockquote>
          ))
        )}
      </Card>
      {links.data && links.data.links.length > 0 && (
        <Card title="Share links" className="no-print" flush>
          <Table data-testid="report-links">
            <thead>
              <tr>
                <th>Made</th>
                <th>Expires</th>
                <th>Last opened</th>
                <th>State</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.data.links.map((l) => (
                <tr key={l.id}>
                  <td>{formatDateTime(l.createdAt)}</td>
                  <td>{formatDate(l.expiresAt)}</td>
                  <td>{l.lastOpenedAt ? formatDateTime(l.lastOpenedAt) : 'never'}</td>
                  <td>{l.active ? 'works' : l.revokedAt ? 'withdrawn' : 'expired'}</td>
                  <td className="num">
                    {l.active && (
                      <Button size="sm" variant="ghost" onClick={() => revoke.mutate(l.id)} loading={revoke.isPending && revoke.variables === l.id}>
                        Withdraw
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </div>
  );
}
