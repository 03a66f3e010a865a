import type { HTMLAttributes, ReactNode } from 'react';

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title?: ReactNode;
  /** Shown at the right of the header (buttons, badges). */
  actions?: ReactNode;
  /** Leave out the padding of the body, e.g. around a table. */
  flush?: boolean;
  footer?: ReactNode;
}

export function Card({ title, actions, flush = false, footer, className, children, ...rest }: CardProps) {
  return (
    <section className={['card', className].filter(Boolean).join(' ')} {...rest}>
      {(title !== undefined || actions !== undefined) && (
        <header className="card-header">
          {typeof title === 'string' ? <h2>{title}</h2> : title}
          <span className="spacer" />
          {actions}
        </header>
      )}
      {flush ? children : <div className="card-body">{children}</div>}
      {footer !== undefined && <footer className="card-footer">{footer}</footer>}
    </section>
  );
}
