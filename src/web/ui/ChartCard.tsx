import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { TableCell } from '../../core/table-files.ts';
import { Button } from './Button.tsx';
import { Chart, type ChartOption } from './Chart.tsx';
import { downloadBlob, safeFileName } from './download.ts';
import { DownloadIcon } from './icons.tsx';
import { Table } from './Table.tsx';

export type ChartCardValue = string | number | null;

export interface ChartCardColumn {
  key: string;
  label: string;
  /** Right-aligned with tabular figures; exported as a number. */
  numeric?: boolean;
  /** How the table shows a value; downloads keep the raw value. */
  format?: (value: ChartCardValue) => string;
}

export interface ChartCardTable {
  columns: readonly ChartCardColumn[];
  rows: readonly Readonly<Record<string, ChartCardValue>>[];
}

export interface ChartCardProps {
  title: string;
  /** The chart; leave it out for a table-only card. */
  option?: ChartOption;
  table: ChartCardTable;
  /** The download's file name, without extension. */
  filename: string;
  /** Called with the row index of a clicked chart item (its data index). */
  onItemClick?: (rowIndex: number) => void;
  /** Small print under the card: n, small-sample warnings. */
  note?: ReactNode;
  /** Chart height in pixels. */
  height?: number;
  /** What the chart shows, for screen readers; the title by default. */
  chartLabel?: string;
  /** Shown at the right of the header, before the toggle (a hint, a badge). */
  actions?: ReactNode;
  testId?: string;
}

type View = 'chart' | 'table';
const VIEWS: readonly { value: View; label: string }[] = [
  { value: 'chart', label: 'Chart' },
  { value: 'table', label: 'Table' },
];

function displayValue(column: ChartCardColumn, value: ChartCardValue | undefined): string {
  if (value === null || value === undefined) return '–';
  return column.format ? column.format(value) : String(value);
}

/** The table as rows of cells, header first, for a download. */
function tableCells(table: ChartCardTable): TableCell[][] {
  return [table.columns.map((c) => c.label), ...table.rows.map((row) => table.columns.map((c) => row[c.key] ?? null))];
}

/**
 * A chart with its data as a table beside it (Chart | Table toggle) and CSV / XLSX downloads of the
 * table's rows, built in the browser. Every chart of the analytics pages goes through this card, so
 * every number on a chart can be read without it and taken away.
 */
export function ChartCard({ title, option, table, filename, onItemClick, note, height = 260, chartLabel, actions, testId }: ChartCardProps) {
  const [view, setView] = useState<View>(option ? 'chart' : 'table');
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const [failed, setFailed] = useState(false);
  const headingId = useId();
  const toggle = useRef<HTMLDivElement>(null);
  const shown: View = option ? view : 'table';

  // Arrow keys move between the two toggle buttons and choose, as in a toolbar.
  const onToggleKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next: View = e.key === 'Home' ? 'chart' : e.key === 'End' ? 'table' : shown === 'chart' ? 'table' : 'chart';
    setView(next);
    toggle.current?.querySelector<HTMLButtonElement>(`button[data-view="${next}"]`)?.focus();
  };

  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setFailed(false);
    try {
      // Loaded on first use, so the writers (and fflate) stay out of the main bundle.
      const files = await import('../../core/table-files.ts');
      const name = safeFileName(filename);
      if (format === 'csv') {
        const text = files.writeCsv(tableCells(table), { bom: true });
        downloadBlob(`${name}.csv`, new Blob([text], { type: 'text/csv;charset=utf-8' }));
      } else {
        const bytes = files.writeXlsx(tableCells(table), { sheetName: title, header: true });
        downloadBlob(`${name}.xlsx`, new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      }
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card chart-card" aria-labelledby={headingId} data-testid={testId}>
      <header className="card-header chart-card-header">
        <h2 id={headingId}>{title}</h2>
        <span className="spacer" />
        {actions}
        <div className="chart-card-tools">
          {option && (
            <div ref={toggle} className="segmented" role="group" aria-label={`Show ${title} as`} onKeyDown={onToggleKey}>
              {VIEWS.map((v) => (
                <button
                  key={v.value}
                  type="button"
                  data-view={v.value}
                  aria-pressed={shown === v.value}
                  tabIndex={shown === v.value ? 0 : -1}
                  onClick={() => setView(v.value)}
                >
                  {v.label}
                </button>
              ))}
            </div>
          )}
          <div className="chart-card-downloads" role="group" aria-label={`Download ${title}`}>
            <Button size="sm" variant="ghost" icon={<DownloadIcon size={15} />} loading={busy === 'csv'} onClick={() => void download('csv')} aria-label={`Download ${title} as CSV`}>
              CSV
            </Button>
            <Button size="sm" variant="ghost" icon={<DownloadIcon size={15} />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')} aria-label={`Download ${title} as XLSX`}>
              XLSX
            </Button>
          </div>
        </div>
      </header>
      {shown === 'chart' && option ? (
        <div className="card-body">
          <Chart option={option} height={height} label={chartLabel ?? title} onItemClick={onItemClick} testId={testId && `${testId}-chart`} />
        </div>
      ) : (
        <Table aria-labelledby={headingId} data-testid={testId && `${testId}-table`}>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'right' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length} className="muted">
                  No data for this selection.
                </td>
              </tr>
            ) : (
              table.rows.map((row, i) => (
                <tr key={i}>
                  {table.columns.map((c) => (
                    <td key={c.key} className={c.numeric ? 'right num' : undefined}>
                      {displayValue(c, row[c.key])}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </Table>
      )}
      {failed && (
        <p className="chart-card-note small alert-error" role="alert">
          The file could not be built. Try again, or reload the page.
        </p>
      )}
      {note !== undefined && <footer className="card-footer chart-card-note small muted">{note}</footer>}
    </section>
  );
}
