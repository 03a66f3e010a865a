import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../test/support/xlsx-read.ts';
import { createXlsxWriter, excelSerialOf, formatCsvCell, formatCsvRow, UTF8_BOM, writeCsv, writeXlsx, type TableCell } from './table-files.ts';

describe('CSV', () => {
  it('quotes fields with a comma, quote or line break and doubles the quotes (RFC 4180)', () => {
    expect(formatCsvCell('plain')).toBe('plain');
    expect(formatCsvCell('a,b')).toBe('"a,b"');
    expect(formatCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(formatCsvRow(['a', 1, null, undefined, true])).toBe('a,1,,,true\r\n');
  });

  it('writes numbers as numbers, dates as ISO instants, and no text for missing or non-finite values', () => {
    expect(formatCsvCell(-2.5)).toBe('-2.5');
    expect(formatCsvCell(new Date('2026-03-04T05:06:07.089Z'))).toBe('2026-03-04T05:06:07.089Z');
    expect(formatCsvCell(Number.NaN)).toBe('');
    expect(formatCsvCell(new Date('nope'))).toBe('');
  });

  it('neutralises text that a spreadsheet would run as a formula, but never a number', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(formatCsvCell(text).replace(/^"/, '')).toMatch(/^'/);
    expect(formatCsvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(formatCsvCell(-1)).toBe('-1');
    expect(formatCsvCell('a=b')).toBe('a=b');
    expect(formatCsvCell('=1', { neutraliseFormulas: false })).toBe('=1');
  });

  it('starts with a byte order mark only when asked', () => {
    expect(writeCsv([['a']], { bom: true })).toBe(`${UTF8_BOM}a\r\n`);
    expect(writeCsv([['a']])).toBe('a\r\n');
  });

  it('round-trips any text through csv-parse (formula neutralisation off)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 });
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), (rows) => {
        // csv-parse reads a lone empty field as an empty line; give each row a fixed first cell.
        const table = rows.map((r) => ['k', ...r]);
        const width = Math.max(...table.map((r) => r.length));
        const padded = table.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
        const csv = writeCsv(padded, { neutraliseFormulas: false });
        expect(parse(csv, { relax_column_count: false })).toEqual(padded);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips neutralised text to the same text behind an apostrophe', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const back = (parse(writeCsv([[s, 'x']])) as string[][])[0]?.[0];
        expect(back).toBe(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
      }),
    );
  });
});

describe('XLSX', () => {
  it('counts dates in days since 1899-12-30 (Excel 1900 system: 2024-01-01 is day 45292)', () => {
    expect(excelSerialOf(new Date('2024-01-01T00:00:00Z'))).toBe(45292);
    expect(excelSerialOf(new Date('1970-01-01T18:00:00Z'))).toBeCloseTo(25569.75, 12);
  });

  it('writes a workbook that opens back with numbers as numbers, dates as dates and text inline', () => {
    const when = new Date('2026-05-06T07:08:09.000Z');
    const bytes = writeXlsx(
      [
        ['Id', 'Score', 'When', 'Comment', 'Ok'],
        ['r1', 9, when, 'Fast & <friendly> "staff"', true],
        ['r2', -0.25, null, ' spaced ', false],
        ['r3', 1e21, undefined, '=SUM(A1)', null],
      ],
      { sheetName: 'NPS / by: region?', header: true },
    );
    const { files, rows } = readXlsx(bytes);
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    expect(files['xl/sharedStrings.xml']).toBeUndefined();
    expect(files['xl/workbook.xml']).toContain('<sheet name="NPS   by  region" sheetId="1"');
    expect(rows[0]?.map((c) => c?.value)).toEqual(['Id', 'Score', 'When', 'Comment', 'Ok']);
    expect(rows[1]).toEqual([
      { type: 'string', value: 'r1' },
      { type: 'number', value: 9 },
      { type: 'date', value: when },
      { type: 'string', value: 'Fast & <friendly> "staff"' },
      { type: 'boolean', value: true },
    ]);
    expect(rows[2]).toEqual([{ type: 'string', value: 'r2' }, { type: 'number', value: -0.25 }, undefined, { type: 'string', value: ' spaced ' }, { type: 'boolean', value: false }]);
    // Inline strings are never evaluated, so formula-looking text stays as it was typed.
    expect(rows[3]?.[3]).toEqual({ type: 'string', value: '=SUM(A1)' });
    expect(files['xl/worksheets/sheet1.xml']).toContain('<t xml:space="preserve"> spaced </t>');
  });

  it('drops characters XML cannot hold and cuts text at Excel’s 32,767 characters', () => {
    const { rows } = readXlsx(writeXlsx([['a\u0000b\u001Fc\uD800d', 'x'.repeat(40_000)]]));
    expect(rows[0]?.[0]).toEqual({ type: 'string', value: 'abcd' });
    expect((rows[0]?.[1]?.value as string).length).toBe(32_767);
  });

  it('streams: compressed bytes arrive while rows are still being added', () => {
    const chunks: Uint8Array[] = [];
    let finals = 0;
    const writer = createXlsxWriter(
      (chunk, final) => {
        chunks.push(chunk);
        if (final) finals++;
      },
      { level: 1 },
    );
    const row: TableCell[] = ['a fairly long text answer that repeats', 7, new Date(0)];
    for (let i = 0; i < 20_000; i++) writer.addRow(row);
    const before = chunks.length;
    expect(before).toBeGreaterThan(1);
    writer.end();
    expect(finals).toBe(1);
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const { rows } = readXlsx(bytes);
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]?.[1]).toEqual({ type: 'number', value: 7 });
  });
});
