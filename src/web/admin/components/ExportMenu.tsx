import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from '../../ui/Button.tsx';
import { DownloadIcon } from '../../ui/icons.tsx';

const FORMATS = [
  { format: 'csv', label: 'CSV', hint: 'opens in Excel, UTF-8' },
  { format: 'xlsx', label: 'XLSX', hint: 'Excel workbook' },
] as const;

/**
 * "Export ▾": links that download a survey's responses from the streaming export. Plain links, so the
 * browser saves the file as it arrives, however large, with the session cookie.
 */
export function ExportMenu({ surveyId }: { surveyId: string }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        root.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="export-menu" ref={root}>
      <button type="button" className={buttonClass()} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="export-toggle">
        <DownloadIcon size={16} />
        Export
      </button>
      <div className={open ? 'export-panel open' : 'export-panel'} id={panelId}>
        <p className="small muted">Every response you may see, with all answers and segments.</p>
        {FORMATS.map((f) => (
          <a
            key={f.format}
            className="export-option"
            href={`/api/v1/surveys/${surveyId}/responses/export?format=${f.format}`}
            download
            onClick={() => setOpen(false)}
            data-testid={`export-${f.format}`}
          >
            <strong>{f.label}</strong> <span className="small muted">{f.hint}</span>
          </a>
        ))}
      </div>
    </div>
  );
}
