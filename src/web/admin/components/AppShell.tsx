import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { LogoMark } from '../../ui/Logo.tsx';
import { ChartIcon, CommentIcon, HomeIcon, ListIcon, LogoutIcon, SettingsIcon, SurveysIcon, TargetIcon, UsersIcon, WarningIcon } from '../../ui/icons.tsx';
import { api } from '../api.ts';
import { caseCountsQuery } from '../cases/api.ts';
import { ProgrammesIcon } from '../programmes/ProgrammeBadges.tsx';
import { canOpenSettings, ROLE_LABEL, useUser } from '../session.ts';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Sidebar navigation and the signed-in user; a top bar on narrow screens. */
export function AppShell() {
  const user = useUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [menuOpen, setMenuOpen] = useState(false);
  const [loggingOut, setLoggingOut] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const caseCounts = useQuery({ ...caseCountsQuery, enabled: user.role !== 'viewer' });
  const myOpenCases = caseCounts.data?.mineOpen ?? 0;

  // Close the user menu on navigation, Escape or a click elsewhere.
  useEffect(() => setMenuOpen(false), [pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMenuOpen(false);
    const onClick = (e: MouseEvent) => {
      if (menuRef.current && !menuRef.current.contains(e.target as Node)) setMenuOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [menuOpen]);

  async function logout() {
    setLoggingOut(true);
    try {
      await api.logout();
    } catch {
      // The session ends on the server or expires; the login page is right either way.
    }
    // Leave the app's screens first, so no query refetches for them with the ended session.
    await navigate({ to: '/login' });
    queryClient.clear();
  }

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar">
        <Link to="/" className="sidebar-logo" aria-label="Corridor home">
          <LogoMark size={28} />
          <span className="logo-word">Corridor</span>
        </Link>
        <nav className="nav" aria-label="Main">
          <Link to="/" className="nav-link" activeOptions={{ exact: true }} data-testid="nav-home">
            <HomeIcon />
            <span>Home</span>
          </Link>
          <Link to="/surveys" className="nav-link" data-testid="nav-surveys">
            <SurveysIcon />
            <span>Surveys</span>
          </Link>
          <Link to="/analytics" className="nav-link" data-testid="nav-analytics">
            <ChartIcon />
            <span>Analytics</span>
          </Link>
          {user.role !== 'viewer' && (
            <Link to="/verbatims" className="nav-link" data-testid="nav-verbatims">
              <CommentIcon />
              <span>Verbatims</span>
            </Link>
          )}
          <Link to="/goals" className="nav-link" data-testid="nav-goals">
            <TargetIcon />
            <span>Goals</span>
          </Link>
          {user.role === 'agent' && (
            <Link to="/my-accounts" className="nav-link" data-testid="nav-my-accounts">
              <ListIcon />
              <span>My accounts</span>
            </Link>
          )}
          {user.role !== 'viewer' && (
            <Link to="/accounts" className="nav-link" data-testid="nav-accounts">
              <UsersIcon />
              <span>Accounts</span>
            </Link>
          )}
          {user.role !== 'viewer' && (
            <Link to="/cases" className="nav-link" data-testid="nav-cases">
              <WarningIcon />
              <span>Cases</span>
              {myOpenCases > 0 && (
                <span className="nav-count" title={`${myOpenCases} open case${myOpenCases === 1 ? '' : 's'} assigned to you`} data-testid="nav-cases-count">
                  {myOpenCases}
                </span>
              )}
            </Link>
          )}
          {user.role !== 'viewer' && (
            <Link to="/feedback" className="nav-link" data-testid="nav-feedback">
              <CommentIcon />
              <span>Feedback</span>
            </Link>
          )}
          {user.role !== 'viewer' && (
            <Link to="/programmes" className="nav-link" data-testid="nav-programmes">
              <ProgrammesIcon />
              <span>Programmes</span>
            </Link>
          )}
          {canOpenSettings(user.role) && (
            <Link to="/settings" className="nav-link" data-testid="nav-settings">
              <SettingsIcon />
              <span>Settings</span>
            </Link>
          )}
        </nav>
        <div className="sidebar-user" ref={menuRef}>
          <button
            type="button"
            className="user-toggle"
            aria-expanded={menuOpen}
            aria-controls="user-panel"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span className="avatar" aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="sr-only">Account menu for {user.name}</span>
          </button>
          <div className={menuOpen ? 'user-panel open' : 'user-panel'} id="user-panel">
            <div className="user-card">
              <span className="avatar" aria-hidden="true">
                {initials(user.name)}
              </span>
              <div className="user-lines">
                <div className="user-name" title={user.email}>
                  {user.name}
                </div>
                <div className="user-meta">
                  {ROLE_LABEL[user.role]} · {user.unitName}
                </div>
              </div>
            </div>
          </div>
          <button
            type="button"
            className="logout"
            onClick={() => void logout()}
            disabled={loggingOut}
            title="Log out"
            data-testid="logout"
          >
            <LogoutIcon size={16} />
            <span className="logout-label">{loggingOut ? 'Logging out…' : 'Log out'}</span>
          </button>
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
