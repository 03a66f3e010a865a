import type { Db } from '../../db/connect.ts';

/** The NPS question of each survey version (the first of type nps), so a response's score can be read. */
export async function npsKeysOf(db: Db, versionIds: readonly string[]): Promise<Map<string, string | null>> {
  const keys = new Map<string, string | null>();
  if (versionIds.length === 0) return keys;
  const rows = await db.selectFrom('survey_versions').select(['id', 'definition']).where('id', 'in', [...new Set(versionIds)]).execute();
  for (const r of rows) {
    const questions = (r.definition as { questions?: { id: string; type: string }[] }).questions ?? [];
    keys.set(r.id, questions.find((q) => q.type === 'nps')?.id ?? null);
  }
  return keys;
}

export function npsOf(answers: Record<string, unknown>, key: string | null | undefined): number | null {
  if (!key) return null;
  const v = answers[key];
  return typeof v === 'number' ? v : null;
}
