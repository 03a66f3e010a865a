import type { TextSettings } from '../../../contract/feedback.ts';
import type { Answers } from '../../../core/answers.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { maskPii } from './mask.ts';

/**
 * PII masking at ingest, per company (text_settings.mask_pii). When on, comments (the string answers
 * of text questions), case notes and feedback items are masked before they are stored, so the
 * original never reaches the database, its backups or the search index.
 */

/**
 * How long a process trusts what it read: submissions are the hot path, and one read per response
 * would double its queries. A change made here is seen at once here; other processes see it within this.
 */
const CACHE_MS = 5_000;
const cache = new Map<string, { on: boolean; at: number }>();

/** True when the company masks PII at ingest. */
export async function masksPii(db: Db, companyId: string): Promise<boolean> {
  const hit = cache.get(companyId);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.on;
  const row = await db.selectFrom('text_settings').select('mask_pii').where('company_id', '=', companyId).executeTakeFirst();
  const on = row?.mask_pii ?? false;
  cache.set(companyId, { on, at: now });
  return on;
}

/** The text as the company stores it: masked when masking is on. */
export async function maskForCompany(db: Db, companyId: string, text: string): Promise<string> {
  return (await masksPii(db, companyId)) ? maskPii(text) : text;
}

/** A response's answers as the company stores them: string answers of text questions masked when masking is on. */
export async function maskAnswersForCompany(db: Db, companyId: string, definition: SurveyDefinition, answers: Answers): Promise<Answers> {
  const textIds = definition.questions.filter((q) => q.type === 'text').map((q) => q.id);
  if (!textIds.some((id) => typeof answers[id] === 'string')) return answers;
  if (!(await masksPii(db, companyId))) return answers;
  const out: Answers = { ...answers };
  for (const id of textIds) {
    const value = out[id];
    if (typeof value === 'string') out[id] = maskPii(value);
  }
  return out;
}

export async function getTextSettings(svc: Services, actor: Actor): Promise<TextSettings> {
  authorize(actor, 'responses.read');
  const companyId = companyIdOf(actor.unitPath);
  const row = await svc.db.selectFrom('text_settings').select('mask_pii').where('company_id', '=', companyId).executeTakeFirst();
  return { maskPii: row?.mask_pii ?? false };
}

/** Switches masking on or off for the company (admins); audited. Text stored before stays as it is. */
export async function putTextSettings(svc: Services, actor: Actor, input: TextSettings): Promise<TextSettings> {
  authorize(actor, 'policy.manage');
  const companyId = companyIdOf(actor.unitPath);
  await svc.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('text_settings')
      .values({ company_id: companyId, mask_pii: input.maskPii, updated_at: svc.now() })
      .onConflict((oc) => oc.column('company_id').doUpdateSet({ mask_pii: input.maskPii, updated_at: svc.now() }))
      .execute();
    await recordAudit(tx, actor, { action: 'text_settings.update', entityType: 'text_settings', entityId: companyId, unitId: companyId, details: { maskPii: input.maskPii } });
  });
  cache.set(companyId, { on: input.maskPii, at: Date.now() });
  return { maskPii: input.maskPii };
}
