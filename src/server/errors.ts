/**
 * One error idiom: services throw AppError (or a subclass) with a stable code; one handler in app.ts
 * turns it into `{ error: { code, message, details } }` with the status. Anything else is a 500 and a bug.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(message: string, details: FieldIssue[]) {
    super('validation_failed', 400, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', 404, `${what} was not found, or you may not see it`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 409, message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Log in, or send an API key as "Authorization: Bearer <key>"') {
    super('unauthenticated', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}
