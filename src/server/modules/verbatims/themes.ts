import type { JobProgress, ThemeList } from '../../../contract/verbatims.ts';
import type { Services } from '../../context.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';
import { latestTextJob, queueTextJob } from './jobs.ts';
import { presentJob } from './topics.ts';

/** The company's discovered themes, with the progress of the latest discovery. */
export async function listThemes(svc: Services, actor: Actor): Promise<ThemeList> {
  authorize(actor, 'responses.read');
  const companyId = companyIdOf(actor.unitPath);
  const rows = await svc.db.selectFrom('themes').selectAll().where('company_id', '=', companyId).orderBy('verbatim_count', 'desc').orderBy('key').execute();
  return {
    themes: rows.map((t) => ({ key: t.key, name: t.name, terms: t.terms, verbatimCount: t.verbatim_count, discoveredAt: new Date(t.discovered_at).toISOString() })),
    discovery: presentJob(await latestTextJob(svc.db, companyId, 'themes.discover')),
  };
}

/** Queues a discovery of the company's themes now (one at a time); the worker runs it. */
export async function requestDiscovery(svc: Services, actor: Actor): Promise<JobProgress> {
  authorize(actor, 'analytics.configure');
  const companyId = companyIdOf(actor.unitPath);
  const job = await queueTextJob(svc.db, companyId, 'themes.discover', null, actor.type === 'user' ? actor.id : null, svc.now());
  await recordAudit(svc.db, actor, { action: 'themes.discover', entityType: 'company', entityId: companyId, unitId: companyId, details: { jobId: job.id } });
  return presentJob(job);
}
