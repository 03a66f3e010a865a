import { Link, Outlet } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { ClockIcon, CommentIcon, KeyIcon, ListIcon, SettingsIcon, UsersIcon, WarningIcon } from '../../ui/icons.tsx';
import type { Role } from '../../../contract/common.ts';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import type { Unit } from '../api.ts';
import { meQuery } from '../queries.ts';
import { isAdmin, ROLE_LABEL, ROLE_ORDER } from '../session.ts';

/** The Settings section: every tab for admins; analysts see the alert rules they manage. */
export function SettingsLayout() {
  const me = useQuery(meQuery);
  const admin = me.data ? isAdmin(me.data.user.role) : false;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Settings</div>
          <h1>Company settings</h1>
          <p className="page-sub">{admin
            ? 'Who may sign in to Corridor, which systems may call its API, where customers meet the company, and how often they may be asked, the mail held when no mail server is set, and the webhooks that post alerts and case events elsewhere.'
            : 'The alert rules that turn responses and accounts into cases. The other settings are for admins.'}</p>
        </div>
      </header>
      <nav className="tabs" aria-label="Settings">
        {admin && <>
        <Link to="/settings/users" className="tab" data-testid="tab-users">
          <UsersIcon size={16} /> Users
        </Link>
        <Link to="/settings/api-keys" className="tab" data-testid="tab-api-keys">
          <KeyIcon size={16} /> API keys
        </Link>
        <Link to="/settings/touch-points" className="tab" data-testid="tab-touch-points">
          <ListIcon size={16} /> Touch points
        </Link>
        <Link to="/settings/contact-policy" className="tab" data-testid="tab-contact-policy">
          <ClockIcon size={16} /> Contact policy
        </Link>
        <Link to="/settings/outbox" className="tab" data-testid="tab-outbox">
          <CommentIcon size={16} /> Outbox
        </Link>
        <Link to="/settings/webhooks" className="tab" data-testid="tab-webhooks">
          <SettingsIcon size={16} /> Webhooks
        </Link>
        </>}
        <Link to="/settings/alert-rules" className="tab" data-testid="tab-alert-rules">
          <WarningIcon size={16} /> Alert rules
        </Link>
        {admin && (
          <Link to="/settings/cases" className="tab" data-testid="tab-cases">
            <ClockIcon size={16} /> Cases
          </Link>
        )}
      </nav>
      <Outlet />
    </div>
  );
}

const ROLE_TONE: Record<Role, BadgeTone> = {
  admin: 'danger',
  analyst: 'info',
  manager: 'success',
  agent: 'warning',
  viewer: 'neutral',
};

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={ROLE_TONE[role]}>{ROLE_LABEL[role]}</Badge>;
}

export function RoleOptions() {
  return (
    <>
      {ROLE_ORDER.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </>
  );
}

/** Units as options, indented by their depth in the tree (the API lists them depth-first). */
export function UnitOptions({ units }: { units: readonly Unit[] }) {
  return (
    <>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {`${'\u00a0\u00a0\u00a0'.repeat(u.depth)}${u.depth > 0 ? '└ ' : ''}${u.name}`}
        </option>
      ))}
    </>
  );
}

/** A strong random password: 20 characters from an alphabet without look-alikes (about 115 bits). */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789-_.!';
  const out: string[] = [];
  const bytes = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const b of bytes) {
      // Rejection sampling keeps every character equally likely.
      if (b < 256 - (256 % alphabet.length) && out.length < length) out.push(alphabet[b % alphabet.length] ?? '');
    }
  }
  return out.join('');
}
