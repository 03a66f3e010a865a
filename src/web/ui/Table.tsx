import type { ReactNode, TableHTMLAttributes } from 'react';

/** A data table with the shared styles, scrolling sideways on narrow screens. */
export function Table({ children, className, ...rest }: TableHTMLAttributes<HTMLTableElement> & { children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={['table', className].filter(Boolean).join(' ')} {...rest}>
        {children}
      </table>
    </div>
  );
}
