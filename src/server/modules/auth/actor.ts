import type { Role } from '../../../contract/common.ts';
import type { DataScope } from '../../db/scope.ts';
import { ForbiddenError, UnauthenticatedError } from '../../errors.ts';

/** Who is making a request: a logged-in user or an API key, with a role and a unit scope. */
export interface Actor {
  type: 'user' | 'api_key';
  id: string;
  label: string;
  role: Role;
  unitId: string;
  /** Materialised path of the scope unit; the actor sees that unit and everything below it. */
  unitPath: string;
  /** The session this request came with (users only), so logout can end it. */
  sessionId?: string;
}

export type Permission =
  | 'surveys.read'
  | 'surveys.write'
  | 'responses.read'
  | 'responses.write'
  | 'users.manage'
  | 'api_keys.manage'
  | 'audit.read'
  | 'programmes.read'
  | 'programmes.write'
  | 'policy.manage'
  | 'events.write'
  /** Report bounces and complaints (the mail provider's webhook). */
  | 'email.events'
  /** Read the mail held in the outbox. */
  | 'outbox.read'
  | 'customers.read'
  | 'customers.write'
  /** Change how analytics score accounts (summary index, targets, weights). */
  | 'analytics.configure'
  /** Create, change and watch the company's outgoing webhooks. */
  | 'webhooks.manage'
  /** Create and change alert rules. */
  | 'alerts.manage'
  /** Read cases (of the actor's units; an agent also those of their queues). */
  | 'cases.read'
  /** Work cases: status, notes, assignment, root cause, resolution. */
  | 'cases.work'
  /** Case settings, root causes and queues. */
  | 'cases.configure'
  /** Set and change goals: admins and analysts anywhere in their scope, managers within their own units. */
  | 'goals.manage'
  /** Record feedback items (interviews, observations, letters): admins and analysts anywhere in scope, managers for their own units. */
  | 'feedback.write';

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set([
    'surveys.read', 'surveys.write', 'responses.read', 'responses.write', 'users.manage', 'api_keys.manage', 'audit.read',
    'programmes.read', 'programmes.write', 'policy.manage', 'events.write', 'email.events', 'outbox.read', 'customers.read', 'customers.write',
    'analytics.configure',
    'webhooks.manage',
    'alerts.manage', 'cases.read', 'cases.work', 'cases.configure',
    'goals.manage',
    'feedback.write',
  ]),
  analyst: new Set(['surveys.read', 'surveys.write', 'responses.read', 'responses.write', 'programmes.read', 'programmes.write', 'events.write', 'customers.read', 'customers.write', 'analytics.configure', 'alerts.manage', 'cases.read', 'goals.manage', 'feedback.write']),
  manager: new Set(['surveys.read', 'responses.read', 'programmes.read', 'customers.read', 'cases.read', 'cases.work', 'goals.manage', 'feedback.write']),
  agent: new Set(['surveys.read', 'responses.read', 'customers.read', 'programmes.read', 'cases.read', 'cases.work']),
  viewer: new Set(['surveys.read']),
};

export function can(actor: Actor, permission: Permission): boolean {
  return PERMISSIONS[actor.role].has(permission);
}

/** True when the unit (by its path) lies within the actor's scope. */
export function canSeeUnit(actor: Actor, unitPath: string): boolean {
  return unitPath.startsWith(actor.unitPath);
}

/**
 * A survey is visible to those in scope of its unit and to those below it: a company-wide survey
 * is read by a market's manager, who sees only the responses of their market (see dataScope).
 */
export function canSeeSurveyOf(actor: Actor, surveyUnitPath: string): boolean {
  return surveyUnitPath.startsWith(actor.unitPath) || actor.unitPath.startsWith(surveyUnitPath);
}

/** Which responses of a survey the actor may read: all of them, or those of units in their scope. */
export function dataScope(actor: Actor, surveyUnitPath: string): DataScope {
  return surveyUnitPath.startsWith(actor.unitPath) ? { all: true } : { all: false, unitPath: actor.unitPath };
}

/** The actor, or 401 when nobody is logged in; 403 when the role lacks the permission. */
export function authorize(actor: Actor | null, permission: Permission): Actor {
  if (!actor) throw new UnauthenticatedError();
  if (!can(actor, permission)) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this: it needs "${permission}"`);
  }
  return actor;
}
