import { z } from 'zod';

/**
 * The case workflow. Every status belongs to one of five stages, in order; the defaults are one
 * status per stage (new → acknowledged → in_progress → resolved → closed). A company may relabel
 * them and add statuses of its own (e.g. "waiting for customer" in the in_progress stage). A case
 * moves forward to any later stage, sideways within a stage, and back only by reopening a resolved
 * or closed case, which puts it in the first in_progress status.
 */

export const CASE_STAGES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const CaseStatusSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
    label: z.string().trim().min(1).max(60),
    stage: z.enum(CASE_STAGES),
  })
  .strict();
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const DEFAULT_CASE_STATUSES: CaseStatus[] = [
  { key: 'new', label: 'New', stage: 'new' },
  { key: 'acknowledged', label: 'Acknowledged', stage: 'acknowledged' },
  { key: 'in_progress', label: 'In progress', stage: 'in_progress' },
  { key: 'resolved', label: 'Resolved', stage: 'resolved' },
  { key: 'closed', label: 'Closed', stage: 'closed' },
];

/** A list of statuses is usable when keys are unique and every stage has at least one status. */
export const CaseStatusListSchema = z
  .array(CaseStatusSchema)
  .min(5)
  .max(20)
  .superRefine((list, ctx) => {
    const keys = new Set<string>();
    for (const [i, s] of list.entries()) {
      if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `the key ${s.key} is used twice` });
      keys.add(s.key);
    }
    for (const stage of CASE_STAGES) {
      if (!list.some((s) => s.stage === stage)) ctx.addIssue({ code: 'custom', path: [], message: `no status in the ${stage} stage` });
    }
  });

const rank = (stage: CaseStage) => CASE_STAGES.indexOf(stage);

/** The status with that key, or null. */
export function statusOf(statuses: readonly CaseStatus[], key: string): CaseStatus | null {
  return statuses.find((s) => s.key === key) ?? null;
}

/** The first status of a stage (the lists are valid, so there is one). */
export function firstStatusOf(statuses: readonly CaseStatus[], stage: CaseStage): CaseStatus {
  const found = statuses.find((s) => s.stage === stage);
  if (!found) throw new RangeError(`No status in the ${stage} stage`);
  return found;
}

export type TransitionCheck = { ok: true; reopen: boolean } | { ok: false; reason: string };

/** Whether a case may move from one status to another. */
export function checkTransition(statuses: readonly CaseStatus[], from: string, to: string): TransitionCheck {
  const a = statusOf(statuses, from);
  const b = statusOf(statuses, to);
  if (!b) return { ok: false, reason: `There is no status ${to}; use one of ${statuses.map((s) => s.key).join(', ')}` };
  if (!a) return { ok: true, reopen: false }; // a status removed from the settings: any move out of it is allowed
  if (a.key === b.key) return { ok: false, reason: `The case is ${a.label} already` };
  if (rank(b.stage) >= rank(a.stage)) return { ok: true, reopen: false };
  if ((a.stage === 'resolved' || a.stage === 'closed') && b.stage === 'in_progress') return { ok: true, reopen: true };
  return { ok: false, reason: `A case that is ${a.label} cannot go back to ${b.label}; reopen it instead` };
}

/** The statuses a case may move to next, for the UI. */
export function nextStatuses(statuses: readonly CaseStatus[], from: string): CaseStatus[] {
  return statuses.filter((s) => checkTransition(statuses, from, s.key).ok);
}

/** True while the case still needs work (not resolved or closed). */
export function isOpenStage(stage: CaseStage): boolean {
  return stage !== 'resolved' && stage !== 'closed';
}

/** True when a first action was taken (acknowledged or later). */
export function isActedOn(stage: CaseStage): boolean {
  return stage !== 'new';
}
