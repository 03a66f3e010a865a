import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ResponseExportQuerySchema } from '../contract/export.ts';
import type { Services } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { exportTargetOfSlug, prepareResponseExport } from '../server/modules/responses/export.ts';

/**
 * corridor export responses --survey <slug> --format csv|xlsx [--from --to] [--out file]: the same
 * file the API streams, with every response of the survey (the operator runs it on the server).
 */

export interface ExportOptions {
  survey: string;
  format: string;
  from?: string | undefined;
  to?: string | undefined;
  /** A file path, "-" for standard output, or absent for the export's own name in the current folder. */
  out?: string | undefined;
  onProgress?: (rows: number) => void;
}

export async function exportResponsesToFile(svc: Services, opts: ExportOptions, stdout: Writable = process.stdout): Promise<{ file: string; rows: number }> {
  const parsed = ResponseExportQuerySchema.safeParse({ format: opts.format, from: opts.from, to: opts.to });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('bad_option', 400, `--${String(issue?.path[0] ?? 'format')}: ${issue?.message ?? 'not valid'}`);
  }
  const target = await exportTargetOfSlug(svc.db, opts.survey);
  let rows = 0;
  const file = await prepareResponseExport(svc, target, parsed.data, {
    onRows: (n) => {
      rows = n;
      opts.onProgress?.(n);
    },
  });
  const out = opts.out ?? file.fileName;
  const sink = out === '-' ? stdout : createWriteStream(out);
  // pipeline waits for the file to be written and closes it; standard output is left open.
  await pipeline(Readable.from(file.chunks, { objectMode: false }), sink, { end: out !== '-' });
  return { file: out, rows };
}
