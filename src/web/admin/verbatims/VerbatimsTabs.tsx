import { Link } from '@tanstack/react-router';
import { CommentIcon, ListIcon } from '../../ui/icons.tsx';

/** The Verbatims section's tabs: the explorer and the topics that label it. */
export function VerbatimsTabs({ canTopics }: { canTopics: boolean }) {
  return (
    <nav className="tabs" aria-label="Verbatims">
      <Link to="/verbatims" className="tab" activeOptions={{ exact: true, includeSearch: false }} data-testid="tab-verbatims">
        <CommentIcon size={16} /> Explorer
      </Link>
      {canTopics && (
        <Link to="/verbatims/topics" className="tab" data-testid="tab-topics">
          <ListIcon size={16} /> Topics
        </Link>
      )}
    </nav>
  );
}

/** Admins and analysts define topics (the API's analytics.configure). */
export function canManageTopics(role: string): boolean {
  return role === 'admin' || role === 'analyst';
}
