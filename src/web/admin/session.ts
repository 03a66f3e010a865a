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
