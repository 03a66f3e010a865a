import { Badge, type BadgeTone } from '../../ui/Badge.tsx';

const KIND: Record<string, { label: string; tone: BadgeTone }> = {
  invitation: { label: 'Invitation', tone: 'info' },
  reminder: { label: 'Reminder', tone: 'neutral' },
  owner_notice: { label: 'Owner notice', tone: 'success' },
  notice: { label: 'Notice', tone: 'neutral' },
  digest: { label: 'Digest', tone: 'info' },
};

/** What a held message is: an invitation, a reminder, an account owner's notice, or a notice. */
export function KindBadge({ kind }: { kind: string }) {
  const k = KIND[kind] ?? { label: kind, tone: 'neutral' as const };
  return <Badge tone={k.tone}>{k.label}</Badge>;
}
