import { buttonClass } from './Button.tsx';
import { CopyButton } from './CopyButton.tsx';

/** A link with Copy and Open buttons, e.g. a survey's public address. */
export function CopyField({ value, testId, openLabel = 'Open' }: { value: string; testId?: string; openLabel?: string }) {
  return (
    <div className="copy-box">
      <a className="copy-value" href={value} target="_blank" rel="noreferrer" data-testid={testId} title={value}>
        {value}
      </a>
      <span className="copy-actions">
        <CopyButton value={value} />
        <a className={buttonClass('default', 'sm')} href={value} target="_blank" rel="noreferrer">
          {openLabel} ↗
        </a>
      </span>
    </div>
  );
}
