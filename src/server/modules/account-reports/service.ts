import type { AccountReport, ReportLink, ReportLinkCreated, ReportLinkCreateInput, ReportLinkList } from '../../../contract/reviews.ts';
import type { Services } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { getAccount } from '../customers/accounts.ts';
import { buildAccountReport } from './content.ts';

/**
 * The account report shared with a customer. Inside the app it is read by anyone who may see the
 * account; outside, through a link whose token (256 random bits, only its SHA-256 stored) works until
 * it expires or is revoked. Making and revoking links is audited, and so is each opening.
 */

const DAY_MS = 86_400_000;

/** The account, if the actor may see it (404 otherwise, as for any account out of scope). */
async function visibleAccount(svc: Services, actor: Actor, accountId: string) {
  authorize(actor, 'customers.read');
  const a = await getAccount(svc, actor, accountId);
  return { id: a.id, name: a.name, unitPath: a.unitPath, unitId: a.unitId };
}

export async function getAccountReport(svc: Services, actor: Actor, accountId: string): Promise<AccountReport> {
  return buildAccountReport(svc, await visibleAccount(svc, actor, accountId));
}

function presentLink(r: { id: string; created_at: Date; expires_at: Date; revoked_at: Date | null; last_opened_at: Date | null }, now: Date): ReportLink {
  return {
    id: r.id,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastOpenedAt: r.last_opened_at?.toISOString() ?? null,
    active: r.revoked_at === null && r.expires_at.getTime() > now.getTime(),
  };
}

export async function listReportLinks(svc: Services, actor: Actor, accountId: string): Promise<ReportLinkList> {
  const account = await visibleAccount(svc, actor, accountId);
  const rows = await svc.db.selectFrom('account_report_links').selectAll().where('account_id', '=', account.id).orderBy('created_at', 'desc').execute();
  return { links: rows.map((r) => presentLink(r, svc.now())) };
}

export async function createReportLink(svc: Services, actor: Actor, accountId: string, input: ReportLinkCreateInput): Promise<ReportLinkCreated> {
  const account = await visibleAccount(svc, actor, accountId);
  const token = newToken('r_');
  const now = svc.now();
  const row = await svc.db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('account_report_links')
      .values({ account_id: account.id, token_hash: hashToken(token), created_by: actor.type === 'user' ? actor.id : null, created_at: now, expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'account_report.share', entityType: 'account_report_link', entityId: created.id, unitId: account.unitId, details: { accountId: account.id, expiresAt: created.expires_at.toISOString() } });
    return created;
  });
  return { ...presentLink(row, now), url: `${svc.baseUrl}/r/${token}` };
}

export async function revokeReportLink(svc: Services, actor: Actor, accountId: string, linkId: string): Promise<ReportLink> {
  const account = await visibleAccount(svc, actor, accountId);
  const now = svc.now();
  return svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('account_report_links')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
      .where('id', '=', linkId)
      .where('account_id', '=', account.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFoundError('The link');
    await recordAudit(tx, actor, { action: 'account_report.revoke', entityType: 'account_report_link', entityId: row.id, unitId: account.unitId, details: { accountId: account.id } });
    return presentLink(row, now);
  });
}

/** The report behind a share token, or null when the token is unknown, expired or revoked. */
export async function openSharedReport(svc: Services, token: string): Promise<AccountReport | null> {
  if (!/^r_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const now = svc.now();
  const link = await svc.db
    .selectFrom('account_report_links as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['l.id', 'l.expires_at', 'l.revoked_at', 'a.id as account_id', 'a.name', 'a.unit_id', 'u.path'])
    .where('l.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!link || link.revoked_at || link.expires_at.getTime() <= now.getTime()) return null;
  await svc.db.transaction().execute(async (tx) => {
    await tx.updateTable('account_report_links').set({ last_opened_at: now }).where('id', '=', link.id).execute();
    await recordAudit(tx, { type: 'respondent', id: null, label: 'shared report link' }, { action: 'account_report.open', entityType: 'account_report_link', entityId: link.id, unitId: link.unit_id });
  });
  return buildAccountReport(svc, { id: link.account_id, name: link.name, unitPath: link.path });
}
