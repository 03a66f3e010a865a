/**
 * Table files for download: CSV (RFC 4180) and XLSX (Office Open XML, SpreadsheetML), written row by
 * row so the same code serves a chart's table in the browser and a million-response export on the
 * server with constant memory. Pure: no platform modules, no clock (decision 0011-xlsx-writer).
 */
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** One cell's value. Numbers stay numbers and dates stay dates in XLSX; null is an empty cell. */
export type TableCell = string | number | boolean | Date | null | undefined;

/** Prepended to a CSV so Excel reads it as UTF-8 instead of the system code page. */
export const UTF8_BOM = '\uFEFF';

export interface CsvOptions {
  /**
   * Prefix text cells that start with = + - @ (or a tab or carriage return) with an apostrophe, so a
   * spreadsheet opens them as text, not as a formula (OWASP "CSV injection"). On by default: answers are
   * typed by respondents. Numbers are never changed, so −5 stays a number.
   */
  neutraliseFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text of one cell as a spreadsheet should see it. */
function cellText(value: TableCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value);
}

/** One CSV field: quoted when it holds a quote, comma or line break, quotes doubled (RFC 4180 §2.6–2.7). */
export function formatCsvCell(value: TableCell, options: CsvOptions = {}): string {
  let text = cellText(value);
  if (typeof value === 'string' && options.neutraliseFormulas !== false && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, ended by CRLF (RFC 4180 §2.1). */
export function formatCsvRow(cells: readonly TableCell[], options: CsvOptions = {}): string {
  return `${cells.map((c) => formatCsvCell(c, options)).join(',')}\r\n`;
}

/** A whole CSV in memory, for small tables (a chart's rows). */
export function writeCsv(rows: Iterable<readonly TableCell[]>, options: CsvOptions & { bom?: boolean } = {}): string {
  let out = options.bom === true ? UTF8_BOM : '';
  for (const row of rows) out += formatCsvRow(row, options);
  return out;
}

// ---------- XLSX ----------

/** Excel's limit for the text of one cell; longer text makes the file unreadable to Excel. */
const MAX_CELL_TEXT = 32767;
/** Excel's serial date of the Unix epoch (1970-01-01 = day 25569 in the 1900 date system). */
const EXCEL_EPOCH_DAYS = 25569;
const MS_PER_DAY = 86_400_000;
/** Sheet XML is handed to the compressor in pieces of about this many characters. */
const FLUSH_AT = 64 * 1024;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const STATIC_PARTS: readonly [string, string][] = [
  [
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
  ],
  [
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  ],
  [
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '</Relationships>',
  ],
  [
    // Style 0 is the default; style 1 shows a date and time (custom format 164), used by every Date cell.
    'xl/styles.xml',
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
      '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>',
  ],
];

/** Characters XML 1.0 cannot hold at all (controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/** "A", "B", … "Z", "AA", … for a zero-based column index. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The Excel serial number of an instant (days since 1899-12-30, UTC). */
export function excelSerialOf(date: Date): number {
  return date.getTime() / MS_PER_DAY + EXCEL_EPOCH_DAYS;
}

function cellXml(ref: string, value: TableCell, style: number): string {
  if (value === null || value === undefined) return '';
  const s = style === 0 ? '' : ` s="${style}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"${s}><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : `<c r="${ref}" s="1"><v>${excelSerialOf(value)}</v></c>`;
  }
  if (value === '') return '';
  // Inline strings, no shared-strings table: the writer keeps no state that grows with the rows.
  const text = escapeXml(value.length > MAX_CELL_TEXT ? value.slice(0, MAX_CELL_TEXT) : value);
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"${s}><is><t${space}>${text}</t></is></c>`;
}

export interface XlsxWriter {
  /** Appends one row. The first row written is styled as the header (bold) when `header` is set. */
  addRow(cells: readonly TableCell[]): void;
  /** Finishes the file; the last chunk is handed over with `final` true. */
  end(): void;
}

export interface XlsxOptions {
  sheetName?: string;
  /** Bold first row and frozen pane below it. */
  header?: boolean;
  /** Deflate level 1–9; 1 is about three times faster than 6 for a file about 20 % larger. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * A streaming XLSX writer: one sheet whose XML is compressed as it is written (fflate's streaming Zip),
 * so memory stays constant however many rows pass. `onChunk` receives the zip file's bytes in order.
 */
export function createXlsxWriter(onChunk: (chunk: Uint8Array, final: boolean) => void, options: XlsxOptions = {}): XlsxWriter {
  let failure: Error | null = null;
  const zip = new Zip((err, data, final) => {
    if (err) failure = err;
    else onChunk(data, final);
  });
  const check = () => {
    if (failure) throw failure;
  };
  const workbook =
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
    `<sheet name="${escapeXml(safeSheetName(options.sheetName ?? 'Sheet1'))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  for (const [name, text] of [...STATIC_PARTS, ['xl/workbook.xml', workbook] as [string, string]]) {
    const part = new ZipPassThrough(name);
    zip.add(part);
    part.push(strToU8(text), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: options.level ?? 6 });
  zip.add(sheet);
  const header = options.header === true;
  let pending =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}">` +
    (header ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' : '') +
    '<sheetData>';
  let rowNumber = 0;
  const letters: string[] = [];

  const flush = (final: boolean) => {
    sheet.push(strToU8(pending), final);
    pending = '';
    check();
  };

  return {
    addRow(cells) {
      rowNumber += 1;
      const style = header && rowNumber === 1 ? 2 : 0;
      let xml = `<row r="${rowNumber}">`;
      for (let i = 0; i < cells.length; i += 1) {
        letters[i] ??= columnLetters(i);
        xml += cellXml(`${letters[i]}${rowNumber}`, cells[i], style);
      }
      pending += `${xml}</row>`;
      if (pending.length >= FLUSH_AT) flush(false);
    },
    end() {
      pending += '</sheetData></worksheet>';
      flush(true);
      zip.end();
      check();
    },
  };
}

/** A whole XLSX in memory, for small tables (a chart's rows). */
export function writeXlsx(rows: Iterable<readonly TableCell[]>, options: XlsxOptions = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const writer = createXlsxWriter((chunk) => chunks.push(chunk), options);
  for (const row of rows) writer.addRow(row);
  writer.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
