import { strFromU8, unzipSync } from 'fflate';

/** A cell read back from a sheet: its type as the file declares it, and its value. */
export type ReadCell = { type: 'number'; value: number } | { type: 'date'; value: Date } | { type: 'string'; value: string } | { type: 'boolean'; value: boolean };

function unescapeXml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? '';
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Opens an XLSX and reads its first sheet into rows (sparse: a missing cell is undefined). Knows the
 * cell forms our writer produces (numbers, inline strings, booleans, dates by the date style), and
 * fails loudly on anything else, so a test never passes on a misread file.
 */
export function readXlsx(bytes: Uint8Array): { files: Record<string, string>; rows: (ReadCell | undefined)[][] } {
  const zip = unzipSync(bytes);
  const files = Object.fromEntries(Object.entries(zip).map(([name, data]) => [name, strFromU8(data)]));
  const sheet = files['xl/worksheets/sheet1.xml'];
  if (!sheet) throw new Error('The file has no xl/worksheets/sheet1.xml');
  const styles = files['xl/styles.xml'] ?? '';
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const dateStyles = new Set([...xfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)].flatMap((m, i) => (m[1] === '164' || m[1] === '22' ? [i] : [])));
  const rows: (ReadCell | undefined)[][] = [];
  for (const row of sheet.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: (ReadCell | undefined)[] = [];
    let column = 0;
    for (const c of (row[2] ?? '').matchAll(/<c( r="[A-Z]+\d+")?([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, ref, attrs = '', body] = c;
      // A cell without a reference follows the one before it.
      if (ref) column = columnIndex(ref.slice(4, -1));
      if (body === undefined) {
        column += 1;
        continue;
      }
      const t = /t="(\w+)"/.exec(attrs)?.[1];
      const s = Number(/s="(\d+)"/.exec(attrs)?.[1] ?? 0);
      const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      let cell: ReadCell;
      if (t === 'inlineStr') cell = { type: 'string', value: unescapeXml(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? '') };
      else if (t === 'b') cell = { type: 'boolean', value: v === '1' };
      else if (t === undefined && v !== undefined && dateStyles.has(s)) cell = { type: 'date', value: new Date(Math.round((Number(v) - 25569) * 86_400_000)) };
      else if (t === undefined && v !== undefined) cell = { type: 'number', value: Number(v) };
      else throw new Error(`A cell of a form this reader does not know: ${c[0]}`);
      cells[column] = cell;
      column += 1;
    }
    rows[Number(row[1]) - 1] = cells;
  }
  return { files, rows };
}

/** The plain values of the rows read back (dates as ISO text), for comparisons. */
export function plainRows(rows: (ReadCell | undefined)[][]): (string | number | boolean | null)[][] {
  return rows.map((r) => Array.from(r, (c) => (c === undefined ? null : c.type === 'date' ? c.value.toISOString() : c.value)));
}
