import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { Role } from '../../../contract/common.ts';
import { Card } from '../../ui/Card.tsx';
import { surveysQuery } from '../queries.ts';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

/** Who each dashboard is for; the server scopes what each shows to the viewer's units. */
const NOT_VIEWER = (role: Role) => role !== 'viewer';

interface Entry {
  to: '/analytics/executive' | '/analytics/market' | '/analytics/accounts' | '/my-accounts' | '/analytics/explorer' | '/analytics/corridor' | '/analytics/employees' | '/reviews/monthly' | '/reviews/relationship' | '/verbatims';
  title: string;
  audience: string;
  text: string;
  show: (role: Role) => boolean;
}

const ENTRIES: Entry[] = [
  { to: '/analytics/executive', title: 'Executive dashboard', audience: 'Executives', text: 'NPS and the summary index by quarter, the account quadrants, revenue at risk and the biggest movers.', show: NOT_VIEWER },
  { to: '/analytics/market', title: 'Market review', audience: 'General managers', text: 'One market this period against the one before: its key experience problems, worst first, and every aspect.', show: () => true },
  { to: '/reviews/monthly', title: 'Monthly operations review', audience: 'General managers', text: 'A unit’s month, short and ranked: headline scores with their margin, the key experience problems in customers’ words, accounts moved into At-Risk. Also by email.', show: () => true },
  { to: '/reviews/relationship', title: 'Relationship summary', audience: 'Executives', text: 'Four quarters of relationship surveys for the strategy discussion: trend, weakest items, At-Risk and Dangling accounts, perception gaps, recurring issues.', show: () => true },
  { to: '/my-accounts', title: 'My accounts', audience: 'Account executives', text: 'The accounts you own: their quadrant, trend, perception gap and what their contacts said lately.', show: NOT_VIEWER },
  { to: '/analytics/accounts', title: 'Account quadrants', audience: 'CX leads and account teams', text: 'Every account by satisfaction against billed revenue: Model, Growth, At-Risk, Dangling; who moved, perception gaps, silence.', show: NOT_VIEWER },
  { to: '/analytics/explorer', title: 'Explorer', audience: 'Analysts', text: 'Any metric by any segment and time, cross-tabs, significance against the rest, and every table as CSV or XLSX.', show: () => true },
  { to: '/verbatims', title: 'Verbatims', audience: 'Everyone who reads comments', text: 'What customers say in their own words: search with highlights, sentiment per sentence, themes and your topics, what is trending and what each theme costs in score.', show: NOT_VIEWER },
  { to: '/analytics/employees', title: 'Employees and customers', audience: 'HR and CX leads', text: 'eNPS by unit beside customer NPS by unit, and whether engaged employees and loyal customers go together here.', show: () => true },
  { to: '/analytics/corridor', title: 'Customer corridor', audience: 'CX leads', text: 'The touch points of each corridor in order, with score, trend, importance and the gap between expectation and experience.', show: () => true },
];

function EntryCard({ entry }: { entry: Entry }): ReactNode {
  return (
    <Link to={entry.to} className="card analytics-entry" data-testid="analytics-entry">
      <div className="eyebrow">{entry.audience}</div>
      <h2>{entry.title}</h2>
      <p className="muted small">{entry.text}</p>
    </Link>
  );
}

/** The analytics hub: each dashboard with the audience it is made for, and each survey's drivers. */
export function AnalyticsPage() {
  useTitle('Analytics');
  const user = useUser();
  const surveys = useQuery(surveysQuery);
  const live = (surveys.data?.surveys ?? []).filter((s) => s.version !== null);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Dashboards for each audience</h1>
          <p className="page-sub">Every number here is read within your units ({user.unitName}); every chart is also a table you can download.</p>
        </div>
      </header>
      <div className="analytics-grid">
        {ENTRIES.filter((e) => e.show(user.role)).map((e) => (
          <EntryCard key={e.to} entry={e} />
        ))}
      </div>
      {live.length > 0 && (
        <Card title="What drives each survey's score">
          <ul className="link-list" data-testid="drivers-links">
            {live.map((s) => (
              <li key={s.id}>
                <Link to="/surveys/$id/drivers" params={{ id: s.id }}>
                  {s.title}
                </Link>
                <span className="muted small"> · key drivers and the importance–performance map</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
