/**
 * The endpoints `doctor` calls, as the simulator serves them: HubSpot's OAuth token metadata and private-app token
 * check, and the daily usage read, with their documented shapes; and the setup faults it presents (token kinds, a
 * spent daily budget, expired tokens).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubSpotSimulator } from '../../src/simulator';
import { authHeaders } from './helpers';

describe('HubSpotSimulator token checks and daily usage', () => {
  const clock = { now: Date.parse('2026-12-06T09:30:00Z') };
  const sim = new HubSpotSimulator({
    now: () => clock.now,
    dailyLimit: 500,
    tokens: { 'pat-1': { scopes: ['files', 'oauth'] } },
  });
  let baseUrl = '';
  before(async () => {
    baseUrl = await sim.start();
    sim.registerOAuthApp({
      clientId: 'app',
      clientSecret: 'secret-1',
      refreshTokens: ['refresh-1'],
      accessTokenTtlMs: 60_000,
    });
  });
  after(() => sim.stop());

  const privateAppInfo = (tokenKey: unknown): Promise<Response> =>
    fetch(`${baseUrl}/oauth/v2/private-apps/get/access-token-info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokenKey }),
    });
  const oauthInfo = (token: string): Promise<Response> =>
    fetch(`${baseUrl}/oauth/v1/access-tokens/${encodeURIComponent(token)}`);
  const oauthToken = async (): Promise<string> => {
    const res = await fetch(`${baseUrl}/oauth/2026-03/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'app',
        client_secret: 'secret-1',
        refresh_token: 'refresh-1',
      }).toString(),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };

  it('the private-app check knows private-app tokens only: { userId, hubId, appId, scopes }', async () => {
    const res = await privateAppInfo('pat-1');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { userId: 123456, hubId: 62515, appId: 456789, scopes: ['files', 'oauth'] });
    assert.equal((await privateAppInfo(sim.issueToken({ kind: 'service-key' }))).status, 404);
    assert.equal((await privateAppInfo(await oauthToken())).status, 404);
    assert.equal((await privateAppInfo(42)).status, 400);
  });

  it('the OAuth metadata knows OAuth access tokens until they expire, with expires_in in seconds', async () => {
    const token = await oauthToken();
    const res = await oauthInfo(token);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      'app_id',
      'expires_in',
      'hub_domain',
      'hub_id',
      'scopes',
      'token',
      'token_type',
      'user',
      'user_id',
    ]);
    assert.equal(body.expires_in, 60);
    assert.deepEqual(body.scopes, ['files']);
    assert.equal((await oauthInfo('pat-1')).status, 404);
    clock.now += 60_000;
    assert.equal((await oauthInfo(token)).status, 404, 'an expired token is not known');
    clock.now -= 60_000;
    assert.ok(!JSON.stringify(sim.requestLog()).includes(token), 'the request log holds no token');
  });

  it("the daily usage read reports the app's budget and the next reset, after spendDailyBudget", async () => {
    sim.spendDailyBudget(400, 'pat-1');
    const res = await fetch(`${baseUrl}/account-info/v3/api-usage/daily/private-apps`, {
      headers: authHeaders('pat-1'),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-hubspot-ratelimit-daily'), '500');
    assert.deepEqual(await res.json(), {
      results: [
        {
          name: 'private-apps-api-calls-daily',
          usageLimit: 500,
          currentUsage: 401,
          collectedAt: '2026-12-06T09:30:00.000Z',
          resetsAt: '2026-12-07T00:00:00.000Z',
          fetchStatus: 'SUCCESS',
        },
      ],
    });
    assert.equal((await fetch(`${baseUrl}/account-info/v3/api-usage/daily/private-apps`)).status, 401);
  });

  it('a token without a files scope may read the usage but not the folder-update calls', async () => {
    const readOnly = sim.issueToken({ scopes: ['files.ui_hidden.read'] });
    const usage = await fetch(`${baseUrl}/account-info/v3/api-usage/daily/private-apps`, {
      headers: authHeaders(readOnly),
    });
    assert.equal(usage.status, 200);
    const status = await fetch(`${baseUrl}/files/v3/folders/update/async/tasks/0/status`, {
      headers: authHeaders(readOnly),
    });
    assert.equal(status.status, 403);
    assert.equal(((await status.json()) as { category: string }).category, 'MISSING_SCOPES');
  });

  it('spendDailyBudget needs a daily limit', () => {
    const plain = new HubSpotSimulator();
    assert.throws(() => plain.spendDailyBudget(1), /spendDailyBudget: the simulator has no dailyLimit/);
    assert.throws(() => sim.spendDailyBudget(-1), /requests \[-1\] must be a non-negative integer/);
  });
});
