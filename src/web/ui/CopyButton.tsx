import { useEffect, useState } from 'react';
import { Button } from './Button.tsx';

/** A Copy button that copies a value to the clipboard and says for two seconds whether it worked. */
export function CopyButton({ value }: { value: string }) {
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
    <Button size="sm" onClick={() => void copy()} aria-live="polite">
      {copied === 'done' ? 'Copied ✓' : copied === 'failed' ? 'Copy failed' : 'Copy'}
    </Button>
  );
}
