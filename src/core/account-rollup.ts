import { classifyNps, SMALL_SAMPLE } from './nps.ts';

/**
 * An account's roll-up from its contacts' responses in a window: a weighted summary index and the
 * account's NPS shown both ways (%promoters − %detractors, and the mean 0–10 score), since users of
 * other tools expect one or the other.
 *
 * How weights apply: every response carries the weight of its contact's audience role
 * (`weights[role]`; a role not listed, or a contact without a role, weighs 1; a weight of 0 leaves the
 * role out). With w_i the weight of response i:
 *   summary index = Σ w_i·index_i / Σ w_i        over responses with an index
 *   promoter share p = Σ w_i [nps_i ≥ 9] / Σ w_i  over responses with an NPS answer (d: nps_i ≤ 6)
 *   NPS = 100 · (p − d)                          (Reichheld, 2003, with weighted shares)
 *   mean score = Σ w_i·nps_i / Σ w_i
 * A contact who answered twice counts twice: each response is one encounter with the account.
 * With every weight 1 these are the ordinary unweighted figures.
 */

export interface RolledResponse {
  contactId: string | null;
  /** The contact's audience role (executive, purchasing_agent, ...). */
  role: string | null;
  /** The 0–10 answer to the NPS question; null when not answered. */
  nps: number | null;
  /** The response's summary index on 0–100 (core/summary-index.ts indexOfAnswers); null when none of its items is answered. */
  index: number | null;
}

/** Weight per audience role; roles not listed weigh 1. */
export type RoleWeights = Readonly<Record<string, number>>;

export interface AccountRollup {
  /** Responses that count: weight above 0 and an NPS or index answer. */
  n: number;
  /** Distinct contacts behind those responses. */
  contacts: number;
  summaryIndex: number | null;
  /** Responses with an index. */
  indexN: number;
  nps: {
    /** %promoters − %detractors on −100…100, from weighted shares. */
    score: number | null;
    /** The weighted mean of the 0–10 answers. */
    mean: number | null;
    promoterShare: number | null;
    passiveShare: number | null;
    detractorShare: number | null;
    /** Responses with an NPS answer. */
    n: number;
  };
  /** Fewer than 30 counted responses (core/nps.ts SMALL_SAMPLE). */
  smallSample: boolean;
}

/** The weight of a role: as configured, or 1 when it is not listed. */
export function weightOfRole(weights: RoleWeights, role: string | null): number {
  const w = role === null ? undefined : weights[role];
  return w === undefined ? 1 : w;
}

/** Rolls an account's responses up into its summary index and NPS (see the file comment for the formulas). */
export function rollUpResponses(responses: readonly RolledResponse[], weights: RoleWeights = {}): AccountRollup {
  let n = 0;
  let indexN = 0;
  let indexWeight = 0;
  let indexSum = 0;
  let npsN = 0;
  let npsWeight = 0;
  let npsSum = 0;
  const band = { promoter: 0, passive: 0, detractor: 0 };
  const contacts = new Set<string>();
  for (const r of responses) {
    const w = weightOfRole(weights, r.role);
    if (!(w > 0) || (r.nps === null && r.index === null)) continue;
    n++;
    if (r.contactId !== null) contacts.add(r.contactId);
    if (r.index !== null) {
      indexN++;
      indexWeight += w;
      indexSum += w * r.index;
    }
    if (r.nps !== null) {
      npsN++;
      npsWeight += w;
      npsSum += w * r.nps;
      band[classifyNps(r.nps)] += w;
    }
  }
  const share = (x: number) => (npsWeight > 0 ? x / npsWeight : null);
  return {
    n,
    contacts: contacts.size,
    summaryIndex: indexWeight > 0 ? indexSum / indexWeight : null,
    indexN,
    nps: {
      score: npsWeight > 0 ? (100 * (band.promoter - band.detractor)) / npsWeight : null,
      mean: npsWeight > 0 ? npsSum / npsWeight : null,
      promoterShare: share(band.promoter),
      passiveShare: share(band.passive),
      detractorShare: share(band.detractor),
      n: npsN,
    },
    smallSample: n < SMALL_SAMPLE,
  };
}
