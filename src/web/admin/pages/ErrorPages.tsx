import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import { buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Logo } from '../../ui/Logo.tsx';
import { errorMessage } from '../api.ts';

export function NotFoundPage() {
  return (
    <div className="login-screen">
      <Card className="login-card" flush>
        <div className="login-brand">
          <Logo size={32} />
        </div>
        <EmptyState
          title="This page does not exist"
          action={
            <Link to="/" className={buttonClass('primary')}>
              Go to the overview
            </Link>
          }
        >
          The address may be mistyped, or the page was moved.
        </EmptyState>
      </Card>
    </div>
  );
}

export function ErrorPage({ error, reset }: ErrorComponentProps) {
  return (
    <div className="login-screen">
      <Card className="login-card" flush>
        <div className="login-brand">
          <Logo size={32} />
        </div>
        <EmptyState
          title="Something went wrong"
          action={
            <div className="row" style={{ justifyContent: 'center' }}>
              <button type="button" className={buttonClass('primary')} onClick={() => { reset(); window.location.reload(); }}>
                Reload
              </button>
              <a href="/" className={buttonClass()}>
                Overview
              </a>
            </div>
          }
        >
          {errorMessage(error)}
        </EmptyState>
      </Card>
    </div>
  );
}
