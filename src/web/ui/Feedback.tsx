import type { CSSProperties, ReactNode } from 'react';

export type AlertTone = 'error' | 'warning' | 'info' | 'success';

export function Alert({ tone = 'info', title, children, testId }: { tone?: AlertTone; title?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div>
        {title !== undefined && <strong>{title}</strong>}
        {title !== undefined && children !== undefined && ' '}
        {children}
      </div>
    </div>
  );
}

export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      {icon}
      <h3>{title}</h3>
      {children !== undefined && <div>{children}</div>}
      {action}
    </div>
  );
}

export function Skeleton({ width = '100%', height = 16, style }: { width?: number | string; height?: number | string; style?: CSSProperties }) {
  return <div className="skeleton" aria-hidden="true" style={{ width, height, ...style }} />;
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span role="status" className="row muted">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </span>
  );
}
