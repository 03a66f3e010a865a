import type { ReactNode, TableHTMLAttributes } from 'react';

/** A data table with the shared styles, scrolling sideways on narrow screens (the keyboard can scroll it too: its wrapper takes focus). */
export function Table({ children, className, ...rest }: TableHTMLAttributes<HTMLTableElement> & { children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className={['table', className].filter(Boolean).join(' ')} {...rest}>
        {children}
      </table>
    </div>
  );
}
