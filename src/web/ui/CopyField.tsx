import { useEffect, useState } from 'react';
import { Button, buttonClass } from './Button.tsx';

/** A link with Copy and Open buttons, e.g. a survey's public address. */
export function CopyField({ value, testId, openLabel = 'Open' }: { value: string; testId?: string; openLabel?: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  useEffect(() => {
    if (copied === 'idle') return;
    const t = setTimeout(() => setCopied('idle'), 2000);
    return () => clearTimeout(t);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="copy-box">
      <a className="copy-value" href={value} target="_blank" rel="noreferrer" data-testid={testId} title={value}>
        {value}
      </a>
      <span className="copy-actions">
        <Button size="sm" onClick={() => void copy()} aria-live="polite">
          {copied === 'done' ? 'Copied ✓' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </Button>
        <a className={buttonClass('default', 'sm')} href={value} target="_blank" rel="noreferrer">
          {openLabel} ↗
        </a>
      </span>
    </div>
  );
}
