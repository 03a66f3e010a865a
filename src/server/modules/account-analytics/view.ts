import type { AccountAnalyticsQuery } from '../../../contract/account-analytics.ts';
import { rollUpResponses, type AccountRollup, type RolledResponse } from '../../../core/account-rollup.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { previousQuarterWindow, type DayWindow } from '../../../core/quadrants.ts';
import { indexOfAnswers } from '../../../core/summary-index.ts';
import type { Services } from '../../context.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { npsKeysOf, npsOf } from '../customers/nps.ts';
import { companyIdOf } from '../units/service.ts';
import { loadAccountResponses, loadScopedAccounts, type AccountResponseRow, type ScopedAccount } from './queries.ts';
import { resolveSettings, type ResolvedSettings } from './settings.ts';

/**
 * What every account analysis starts from: the settings with defaults resolved, the accounts the
 * reader may see (and those the filters show), the window and the one movement is measured from,
 * and each shown account's roll-up in both.
 */
export interface AccountView {
  resolved: ResolvedSettings;
  /** Every account in the reader's scope (the revenue median is taken over these, so filters do not move it). */
  scoped: ScopedAccount[];
  shown: ScopedAccount[];
  window: DayWindow;
  previousWindow: DayWindow;
  responses: AccountResponseRow[];
  current: Map<string, AccountRollup>;
  previous: Map<string, AccountRollup>;
}

function windowOf(query: Pick<AccountAnalyticsQuery, 'from' | 'to'>, today: string, windowDays: number): DayWindow {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(windowDays - 1));
  if (from > to) throw new ValidationError('The window ends before it starts', [{ path: 'from', message: 'Choose a first day on or before the last day' }]);
  return { from, to };
}

/** The shown accounts: the owner's ("me" is the reader) and under a unit of the reader's scope. */
async function filterAccounts(svc: Services, actor: Actor, scoped: ScopedAccount[], query: AccountAnalyticsQuery): Promise<ScopedAccount[]> {
  let shown = scoped;
  if (query.owner) {
    if (query.owner === 'me' && actor.type !== 'user') throw new ValidationError('An API key owns no accounts', [{ path: 'owner', message: 'Give the owner by user id' }]);
    const owner = query.owner === 'me' ? actor.id : query.owner;
    shown = shown.filter((a) => a.ownerId === owner);
  }
  if (query.unit) {
    const unit = await svc.db.selectFrom('units').select('path').where('id', '=', query.unit).where('path', 'like', `${actor.unitPath}%`).executeTakeFirst();
    if (!unit) throw new NotFoundError('The unit');
    shown = shown.filter((a) => a.unitPath.startsWith(unit.path));
  }
  return shown;
}

/** Each response as the roll-up reads it: its contact's role, its NPS answer and its summary index. */
export async function rolledResponses(svc: Services, resolved: ResolvedSettings, rows: readonly AccountResponseRow[]): Promise<Map<string, RolledResponse>> {
  const npsKeys = await npsKeysOf(svc.db, rows.map((r) => r.versionId));
  const index = resolved.summaryIndex;
  return new Map(
    rows.map((r) => [
      r.id,
      { contactId: r.contactId, role: r.role, nps: npsOf(r.answers, npsKeys.get(r.versionId)), index: index ? indexOfAnswers(index, r.answers) : null },
    ]),
  );
}

function rollUpByAccount(rows: readonly AccountResponseRow[], rolled: Map<string, RolledResponse>, w: DayWindow, resolved: ResolvedSettings): Map<string, AccountRollup> {
  const from = Date.parse(`${w.from}T00:00:00Z`);
  const to = Date.parse(`${w.to}T00:00:00Z`) + 86_400_000;
  const byAccount = new Map<string, RolledResponse[]>();
  for (const r of rows) {
    const t = r.submittedAt.getTime();
    const x = rolled.get(r.id);
    if (t < from || t >= to || !x) continue;
    const list = byAccount.get(r.accountId) ?? [];
    list.push(x);
    byAccount.set(r.accountId, list);
  }
  return new Map([...byAccount].map(([id, list]) => [id, rollUpResponses(list, resolved.settings.roleWeights)]));
}

export async function openAccountView(svc: Services, actor: Actor, query: AccountAnalyticsQuery): Promise<AccountView> {
  const resolved = await resolveSettings(svc.db, companyIdOf(actor.unitPath));
  const window = windowOf(query, dayOf(svc.now()), resolved.settings.windowDays);
  const previousWindow = previousQuarterWindow(window);
  const scoped = await loadScopedAccounts(svc.db, actor);
  const shown = await filterAccounts(svc, actor, scoped, query);
  const ids = new Set(shown.map((a) => a.id));
  const surveyIds = resolved.surveys.map((s) => s.id);
  const first = previousWindow.from < window.from ? previousWindow.from : window.from;
  const responses = await loadAccountResponses(svc.db, [...ids], surveyIds, first, window.to);
  const rolled = await rolledResponses(svc, resolved, responses);
  return {
    resolved,
    scoped,
    shown,
    window,
    previousWindow,
    responses,
    current: rollUpByAccount(responses, rolled, window, resolved),
    previous: rollUpByAccount(responses, rolled, previousWindow, resolved),
  };
}
