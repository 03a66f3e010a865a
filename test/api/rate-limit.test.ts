import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeApiKey, makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';
import { expectError, liveSurvey, postForm, responseCount, type TestCorridor } from './helpers.ts';

// A corridor of its own with tight limits: three logins and two survey posts a minute per address.
let c: TestCorridor;
let co: TestCompany;
let user: TestUser;

beforeAll(async () => {
  c = await openTestCorridor({ rateLimits: { login: 3, respond: 2 } });
  co = await makeCompany(c.handle.db);
  user = await makeUser(c.handle.db, 'admin', co.company.id);
});
afterAll(async () => c?.stop());

describe('rate limits', () => {
  it('answers the 4th login within a minute with 429 rate_limited, even with the right password', async () => {
    const login = (password: string, ip = '203.0.113.7') =>
      c.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email: user.email, password } });
    expectError(await login('wrong 1'), 401, 'invalid_credentials');
    expectError(await login('wrong 2'), 401, 'invalid_credentials');
    expect((await login(user.password)).statusCode).toBe(200);
    const limited = await login(user.password);
    expectError(limited, 429, 'rate_limited');
    expect(limited.cookies.find((k) => k.name === 'corridor_session')).toBeUndefined();
    // Another address has its own allowance.
    expect((await login(user.password, '198.51.100.9')).statusCode).toBe(200);
  });

  it('does not limit the other API routes', async () => {
    const headers = { authorization: `Bearer ${await makeApiKey(c.handle.db, 'admin', co.company.id)}` };
    for (let i = 0; i < 6; i++) {
      expect((await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers, remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
    }
  });

  it('limits survey posts per address, storing nothing past the limit', async () => {
    const headers = { authorization: `Bearer ${await makeApiKey(c.handle.db, 'admin', co.company.id)}` };
    const survey = await liveSurvey(c, headers, { title: 'Limited' });
    const from = (ip: string) => postForm(c, survey.slug, { v: 1, q_nps: 9 }, {}, ip);
    expect((await from('192.0.2.1')).statusCode).toBe(303);
    expect((await from('192.0.2.1')).statusCode).toBe(303);
    expect((await from('192.0.2.1')).statusCode).toBe(429);
    expect(await responseCount(c.handle.db, survey.id)).toBe(2);
    expect((await from('192.0.2.2')).statusCode).toBe(303);
    expect(await responseCount(c.handle.db, survey.id)).toBe(3);
  });
});
