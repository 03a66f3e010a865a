import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { companyCounts, expectError, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => c?.stop());

describe('errors', () => {
  const id = randomUUID();
  const protectedRoutes = [
    { method: 'GET', url: '/api/v1/surveys' },
    { method: 'POST', url: '/api/v1/surveys', payload: { title: 'Anonymous' } },
    { method: 'GET', url: `/api/v1/surveys/${id}` },
    { method: 'PATCH', url: `/api/v1/surveys/${id}`, payload: { title: 'Anonymous' } },
    { method: 'POST', url: `/api/v1/surveys/${id}/publish` },
    { method: 'POST', url: `/api/v1/surveys/${id}/close` },
    { method: 'POST', url: `/api/v1/surveys/${id}/reopen` },
    { method: 'GET', url: `/api/v1/surveys/${id}/dashboard` },
    { method: 'GET', url: `/api/v1/surveys/${id}/responses` },
    { method: 'GET', url: '/api/v1/overview' },
    { method: 'GET', url: '/api/v1/units' },
    { method: 'GET', url: '/api/v1/users' },
    { method: 'POST', url: '/api/v1/users', payload: { email: 'a@example.test', name: 'A', password: 'long enough password', role: 'admin', unitId: id } },
    { method: 'GET', url: '/api/v1/api-keys' },
    { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k' } },
    { method: 'GET', url: '/api/v1/auth/me' },
  ] as const;

  it.each(protectedRoutes)('$method $url answers 401 unauthenticated without a session or key', async (route) => {
    expectError(await c.app.inject(route), 401, 'unauthenticated');
  });

  it('answers an unknown /api/v1 route with 404 JSON in the error shape', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1', headers: admin });
    expectError(res, 404, 'not_found');
    expect(res.json().error.message).toBe('No route GET /api/v1/nothing-here');
    expectError(await c.app.inject({ method: 'DELETE', url: `/api/v1/surveys/${randomUUID()}`, headers: admin }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'GET', url: '/api/v2/surveys' }), 404, 'not_found');
  });

  it('answers malformed JSON with 400, not 500, and stores nothing', async () => {
    const before = await companyCounts(c.handle.db, co);
    for (const payload of ['{"title":', '{title: "x"}', "{'title':'x'}", 'not json']) {
      const res = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { ...admin, 'content-type': 'application/json' }, payload });
      expectError(res, 400, 'ctp_invalid_json_body');
    }
    const login = await c.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(login.statusCode).toBe(400);
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
  });

  it('answers an empty JSON body, a wrong content type and an oversized body with 4xx errors', async () => {
    const empty = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { ...admin, 'content-type': 'application/json' }, payload: '' });
    expectError(empty, 400, 'ctp_empty_json_body');
    const text = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { ...admin, 'content-type': 'text/plain' }, payload: 'title=x' });
    expectError(text, 400, 'validation_failed');
    const xml = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { ...admin, 'content-type': 'application/xml' }, payload: '<title>x</title>' });
    expectError(xml, 415, 'ctp_invalid_media_type');
    const big = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: { title: 'Big', padding: 'x'.repeat(1_100_000) } });
    expectError(big, 413, 'ctp_body_too_large');
  });

  it('gives every error the shape { error: { code, message } } across statuses', async () => {
    const draft = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: { title: 'Shape' } });
    const viewer = (await signIn(c, 'viewer', co.company.id)).headers;
    const cases = [
      [await c.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.test', password: 'y' } }), 401, 'invalid_credentials'],
      [await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: {} }), 400, 'validation_failed'],
      [await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: viewer, payload: { title: 'x' } }), 403, 'forbidden'],
      [await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${randomUUID()}`, headers: admin }), 404, 'not_found'],
      [await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${draft.json().id}/close`, headers: admin }), 409, 'not_published'],
    ] as const;
    for (const [res, status, code] of cases) {
      const error = expectError(res, status, code);
      if (code === 'validation_failed') expect(error.details).toEqual([{ path: 'title', message: expect.any(String) }]);
      else expect(error.details).toBeUndefined();
    }
  });
});

describe('documentation', () => {
  it('serves an OpenAPI 3 document listing the API', async () => {
    const res = await c.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Corridor API');
    expect(Object.keys(doc.paths['/api/v1/surveys'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/v1/surveys/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(doc.paths['/api/v1/surveys/{id}/dashboard']?.get).toBeDefined();
    expect(doc.paths['/api/v1/auth/login']?.post).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    // The request body of survey creation is described, with its required title.
    const body = doc.paths['/api/v1/surveys'].post.requestBody.content['application/json'].schema;
    expect(body.required).toContain('title');
    // Public pages and probes stay out of the API document.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });

  it('serves the API reference page at /docs', async () => {
    const res = await c.app.inject('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="swagger-ui"></div>');
    // Its scripts and stylesheets load too.
    const assets = [...res.body.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) expect((await c.app.inject(asset)).statusCode, asset).toBe(200);
  });

  it('does not upgrade /docs assets to https when Corridor runs without TLS, like every other page', async () => {
    // This corridor runs on http (secureCookies false): app.ts leaves upgrade-insecure-requests out
    // of its CSP, and a page that asks the browser to upgrade fails to load its own assets.
    const page = await c.app.inject(`/s/no-such-survey-${co.company.id.slice(0, 8)}`);
    expect(String(page.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    const docs = await c.app.inject('/docs');
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await c.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await c.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });
});
