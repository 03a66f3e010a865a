import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../test/support/corridor.ts';
import { makeCompany, makeUser, type TestCompany } from '../../test/support/factories.ts';
import { readXlsx } from '../../test/support/xlsx-read.ts';
import type { Actor } from '../server/modules/auth/actor.ts';
import { importResponses } from '../server/modules/responses/import.ts';
import { findLiveSurvey } from '../server/modules/responses/service.ts';
import { createSurvey, publishSurvey } from '../server/modules/surveys/service.ts';
import { exportResponsesToFile } from './export-responses.ts';

let c: Awaited<ReturnType<typeof openTestCorridor>>;
let co: TestCompany;
let slug: string;
const dir = mkdtempSync(path.join(tmpdir(), 'corridor-export-'));

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  const admin = await makeUser(c.handle.db, 'admin', co.company.id);
  const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: co.company.id, unitPath: co.company.path };
  const s = await createSurvey(c.services, actor, { title: 'Export from the command line' });
  await publishSurvey(c.services, actor, s.id);
  slug = s.slug;
  await importResponses(
    c.services,
    await findLiveSurvey(c.services, slug),
    [co.banking.id, co.insurance.id, co.bankingEmea.id].map((unitId, i) => ({ unitId, submittedAt: new Date(Date.UTC(2026, 4, 1 + i)), answers: { nps: 8 + i, comment: `note ${i}` } })),
  );
});
afterAll(async () => c?.stop());

describe('corridor export responses', () => {
  it('writes every response of the survey, whatever its unit, with progress', async () => {
    const out = path.join(dir, 'all.csv');
    const seen: number[] = [];
    const result = await exportResponsesToFile(c.services, { survey: slug, format: 'csv', out, onProgress: (n) => seen.push(n) });
    expect(result).toEqual({ file: out, rows: 3 });
    expect(seen.at(-1)).toBe(3);
    const rows = parse(readFileSync(out), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['unit'], r['nps'], r['comment']])).toEqual([
      ['Banking', '8', 'note 0'],
      ['Insurance', '9', 'note 1'],
      ['EMEA', '10', 'note 2'],
    ]);
  });

  it('keeps to --from and --to, and writes XLSX', async () => {
    const out = path.join(dir, 'may2.xlsx');
    await exportResponsesToFile(c.services, { survey: slug, format: 'xlsx', from: '2026-05-02', to: '2026-05-02', out });
    const { rows } = readXlsx(new Uint8Array(readFileSync(out)));
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[1]).toEqual({ type: 'date', value: new Date('2026-05-02T00:00:00Z') });
  });

  it('writes to standard output with --out - and leaves it open', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (b: Buffer) => chunks.push(b));
    await exportResponsesToFile(c.services, { survey: slug, format: 'csv', out: '-' }, stdout);
    expect(stdout.writableEnded).toBe(false);
    expect(Buffer.concat(chunks).toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(4);
  });

  it('says what is wrong with an option or the survey', async () => {
    await expect(exportResponsesToFile(c.services, { survey: slug, format: 'pdf' })).rejects.toThrow(/--format: Use format=csv or format=xlsx/);
    await expect(exportResponsesToFile(c.services, { survey: slug, format: 'csv', from: '2026-05-03', to: '2026-05-01' })).rejects.toThrow(/--to: from must not be after to/);
    await expect(exportResponsesToFile(c.services, { survey: 'no-such-survey', format: 'csv' })).rejects.toThrow(/no-such-survey/);
  });
});
