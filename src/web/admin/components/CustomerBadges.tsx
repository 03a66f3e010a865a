import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import type { AccountContact, AssessmentRating } from '../../../contract/accounts.ts';

export const RATING_LABEL: Record<AssessmentRating, string> = { superior: 'Superior', good: 'Good', fair: 'Fair', at_risk: 'At risk' };
const RATING_TONE: Record<AssessmentRating, BadgeTone> = { superior: 'success', good: 'info', fair: 'warning', at_risk: 'danger' };

/** The account team's own view of a relationship. */
export function AssessmentBadge({ rating }: { rating: AssessmentRating | null | undefined }) {
  if (!rating) return <span className="muted small">Not assessed</span>;
  return (
    <Badge tone={RATING_TONE[rating]} dot>
      {RATING_LABEL[rating]}
    </Badge>
  );
}

/** Consent, opt-out and bounce state of a contact. */
export function ContactStateBadges({ contact }: { contact: Pick<AccountContact, 'consent' | 'optedOut' | 'bounceState'> }) {
  return (
    <div className="row" style={{ gap: 6, flexWrap: 'wrap' }}>
      <Badge tone={contact.consent === 'granted' ? 'success' : contact.consent === 'withdrawn' ? 'danger' : 'neutral'}>Consent {contact.consent}</Badge>
      {contact.optedOut && <Badge tone="danger">Opted out</Badge>}
      {contact.bounceState !== 'none' && <Badge tone="warning">Bounced ({contact.bounceState})</Badge>}
    </div>
  );
}

export function formatMoney(n: number | null): string {
  return n === null ? '–' : n.toLocaleString('en', { maximumFractionDigits: 0 });
}
