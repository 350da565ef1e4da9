/** The simulator's OAuth token endpoint: form bodies, the two grants, RFC 6749 errors, expiring access tokens. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubSpotSimulator } from '../../src/simulator';
import { getStatus } from './helpers';

const APP = { clientId: 'app-1', clientSecret: 'client-secret-1', refreshTokens: ['refresh-1'] };

function tokenRequest(baseUrl: string, params: Record<string, string>, path = '/oauth/2026-03/token') {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

describe('HubSpotSimulator OAuth token endpoint', () => {
  const clock = { now: 1_700_000_000_000 };
  const sim = new HubSpotSimulator({ now: () => clock.now });
  let baseUrl = '';
  let taskId = '';
  before(async () => {
    baseUrl = await sim.start();
    sim.registerOAuthApp({ ...APP, accessTokenTtlMs: 60_000 });
    taskId = sim.createTask();
  });
  after(() => sim.stop());

  it('exchanges a refresh token for an access token that expires after expires_in', async () => {
    const res = await tokenRequest(baseUrl, {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: 'refresh-1',
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
    assert.equal(body.expires_in, 60);
    assert.equal(body.refresh_token, 'refresh-1');
    assert.equal((await getStatus(baseUrl, taskId, body.access_token)).status, 200);
    clock.now += 60_000;
    const expired = await getStatus(baseUrl, taskId, body.access_token);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { category: string }).category, 'EXPIRED_AUTHENTICATION');
  });

  it('serves the client-credentials grant, and /oauth/v3/token too', async () => {
    const res = await tokenRequest(
      baseUrl,
      { grant_type: 'client_credentials', client_id: APP.clientId, client_secret: APP.clientSecret },
      '/oauth/v3/token',
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as { access_token: string; refresh_token?: string };
    assert.equal(body.refresh_token, undefined);
    assert.equal((await getStatus(baseUrl, taskId, body.access_token)).status, 200);
  });

  it('answers RFC 6749 errors beside HubSpot fields, and logs grants without secrets', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ grant_type: 'password', client_id: APP.clientId, client_secret: APP.clientSecret }, 'unsupported_grant_type'],
      [{ grant_type: 'client_credentials', client_id: APP.clientId, client_secret: 'wrong' }, 'invalid_client'],
      [{ grant_type: 'client_credentials', client_id: 'nobody', client_secret: APP.clientSecret }, 'invalid_client'],
      [
        { grant_type: 'refresh_token', client_id: APP.clientId, client_secret: APP.clientSecret, refresh_token: 'x' },
        'invalid_grant',
      ],
    ];
    for (const [params, error] of cases) {
      const res = await tokenRequest(baseUrl, params);
      assert.equal(res.status, 400);
      const body = (await res.json()) as Record<string, string>;
      assert.equal(body.error, error);
      assert.equal(body.status, 'error');
      assert.ok(body.error_description && body.message && body.correlationId);
    }
    const json = await fetch(`${baseUrl}/oauth/2026-03/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    assert.equal(((await json.json()) as { error: string }).error, 'invalid_request', 'the parameters go in a form');
    const log = sim.oauthGrants();
    assert.ok(log.length >= 7);
    assert.ok(!JSON.stringify(log).includes(APP.clientSecret) && !JSON.stringify(log).includes('refresh-1'));
  });
});
