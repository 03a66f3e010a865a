import { AccountSettingsSchema, type AccountSettings, type AccountSettingsInput, type AccountSettingsView } from '../../../contract/account-analytics.ts';
import { defaultSummaryIndex, type SummaryIndex } from '../../../core/summary-index.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { ValidationError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, can, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/** The company's account settings, stored and with their defaults resolved (what the analyses apply). */

export interface FeedingSurvey {
  id: string;
  title: string;
  /** The live version's definition, or the draft's when never published. */
  definition: SurveyDefinition;
}

export interface ResolvedSettings {
  settings: AccountSettings;
  surveys: FeedingSurvey[];
  summaryIndex: SummaryIndex | null;
  updatedAt: Date | null;
}

async function readStored(db: Db, companyId: string): Promise<{ settings: AccountSettings; updatedAt: Date | null }> {
  const row = await db.selectFrom('account_analytics_settings').select(['settings', 'updated_at']).where('company_id', '=', companyId).executeTakeFirst();
  const parsed = AccountSettingsSchema.safeParse(row?.settings ?? {});
  return { settings: parsed.success ? parsed.data : AccountSettingsSchema.parse({}), updatedAt: row?.updated_at ?? null };
}

/** Surveys of the company: those named, or every relationship survey (oldest first, so the default index is stable). */
async function loadSurveys(db: Db, companyId: string, ids: readonly string[] | null): Promise<FeedingSurvey[]> {
  let q = db
    .selectFrom('surveys as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('survey_versions as v', 'v.id', 's.live_version_id')
    .select(['s.id', 's.title', 's.draft_definition', 'v.definition'])
    .where('u.path', 'like', `/${companyId}/%`);
  // Employee surveys never feed accounts, even when named: their answers are not the customers'.
  q = ids === null ? q.where('s.kind', '=', 'relationship') : ids.length === 0 ? q.where('s.id', 'is', null) : q.where('s.id', 'in', [...ids]).where('s.kind', '<>', 'employee');
  const rows = await q.orderBy('s.created_at').orderBy('s.id').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, definition: (r.definition ?? r.draft_definition) as SurveyDefinition }));
}

export async function resolveSettings(db: Db, companyId: string): Promise<ResolvedSettings> {
  const { settings, updatedAt } = await readStored(db, companyId);
  const surveys = await loadSurveys(db, companyId, settings.surveyIds);
  let summaryIndex = settings.summaryIndex;
  for (const s of surveys) summaryIndex ??= defaultSummaryIndex(s.definition);
  return { settings, surveys, summaryIndex, updatedAt };
}

function present(actor: Actor, r: ResolvedSettings): AccountSettingsView {
  return {
    settings: r.settings,
    effective: { summaryIndex: r.summaryIndex, surveys: r.surveys.map((s) => ({ id: s.id, title: s.title })) },
    updatedAt: r.updatedAt?.toISOString() ?? null,
    canConfigure: can(actor, 'analytics.configure') && actor.unitPath === `/${companyIdOf(actor.unitPath)}/`,
  };
}

export async function getAccountSettings(svc: Services, actor: Actor): Promise<AccountSettingsView> {
  authorize(actor, 'customers.read');
  return present(actor, await resolveSettings(svc.db, companyIdOf(actor.unitPath)));
}

/** Saves the settings for the whole company; only those working at company level may (they apply to every market). */
export async function updateAccountSettings(svc: Services, actor: Actor, raw: AccountSettingsInput): Promise<AccountSettingsView> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  if (actor.unitPath !== `/${companyId}/`) throw new ValidationError('Account settings apply to the whole company', [{ path: '', message: 'Ask someone who works at company level' }]);
  const parsed = AccountSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError('The account settings are not valid', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const settings = parsed.data;
  if (settings.surveyIds) {
    const found = new Set((await loadSurveys(svc.db, companyId, settings.surveyIds)).map((s) => s.id));
    const missing = settings.surveyIds.map((id, i) => ({ id, i })).filter((x) => !found.has(x.id));
    if (missing.length > 0) throw new ValidationError('Some surveys are not surveys of the company', missing.map((m) => ({ path: `surveyIds.${m.i}`, message: `No survey ${m.id} in this company` })));
  }
  await svc.db.transaction().execute(async (tx) => {
    const values = { company_id: companyId, settings: JSON.stringify(settings), updated_at: svc.now(), updated_by: actor.label };
    await tx.insertInto('account_analytics_settings').values(values).onConflict((oc) => oc.column('company_id').doUpdateSet({ settings: values.settings, updated_at: values.updated_at, updated_by: values.updated_by })).execute();
    await recordAudit(tx, actor, { action: 'analytics.account_settings.update', entityType: 'company', entityId: companyId, unitId: companyId, details: { settings } });
  });
  return present(actor, await resolveSettings(svc.db, companyId));
}
