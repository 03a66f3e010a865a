import { useSuspenseQuery } from '@tanstack/react-query';
import type { Role } from '../../contract/common.ts';
import type { User } from './api.ts';
import { meQuery } from './queries.ts';

/** The signed-in user (the app layout route loads it before any screen renders). */
export function useUser(): User {
  return useSuspenseQuery(meQuery).data.user;
}

/** Admins and analysts create, edit and publish surveys; other roles read. */
export function canEditSurveys(role: Role): boolean {
  return role === 'admin' || role === 'analyst';
}

/** Only admins manage users and API keys. */
export function isAdmin(role: Role): boolean {
  return role === 'admin';
}

/** Admins and analysts manage alert rules (alerts.manage), so they reach Settings; analysts see only their tabs. */
export function canOpenSettings(role: Role): boolean {
  return role === 'admin' || role === 'analyst';
}

/** Every role but viewers may read raw responses (responses.read). */
export function canReadResponses(role: Role): boolean {
  return role !== 'viewer';
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin',
  analyst: 'Analyst',
  manager: 'Manager',
  agent: 'Agent',
  viewer: 'Viewer',
};

/** Only same-site paths are followed after login, never another origin. */
export function safeRedirect(target: unknown): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) {
    return '/';
  }
  return target;
}

/** The roles in order, most powerful first (for role selects). */
export const ROLE_ORDER = Object.keys(ROLE_LABEL) as Role[];

export const ROLE_HINT: Record<Role, string> = {
  admin: 'Everything, including users and API keys',
  analyst: 'Builds, publishes and analyses surveys',
  manager: 'Reads surveys, dashboards and responses of their unit',
  agent: 'Reads surveys and responses of their unit, to follow up',
  viewer: 'Reads surveys and dashboards, not single responses',
};
