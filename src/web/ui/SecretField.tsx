import { useEffect, useState } from 'react';
import { Button } from './Button.tsx';

/**
 * A secret shown once (an API key, a generated password): read-only, selectable, with a Copy button.
 * Never a link, so it is not sent anywhere by a click.
 */
export function SecretField({ value, label, testId }: { value: string; label: string; testId?: string }) {
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
    <div className="copy-box secret-box">
      <input
        className="secret-value mono"
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        spellCheck={false}
        autoComplete="off"
        onFocus={(e) => e.currentTarget.select()}
      />
      <span className="copy-actions">
        <Button size="sm" onClick={() => void copy()} aria-live="polite">
          {copied === 'done' ? 'Copied ✓' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </Button>
      </span>
    </div>
  );
}
