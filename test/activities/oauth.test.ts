/**
 * The OAuth token sources against the simulator's token endpoint over real HTTP: caching until `expires_in` less the
 * margin, one exchange in flight however many callers wait, one refresh per refused token after a 401
 * EXPIRED_AUTHENTICATION (through the real activities), typed failures without secrets, input checked before HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { hubspotClientCredentials, hubspotOAuth } from '../../src/hubspot/oauth';
import { HubSpotSimulator } from '../../src/simulator';
import { applicationFailureOf } from '../helpers/failures';

const CLIENT_ID = 'oauth-app-7';
const CLIENT_SECRET = 'client-secret-5c2e81';
const REFRESH_TOKEN = 'refresh-token-9ab3d7';
const TTL_MS = 1_800_000;

const clock = { now: 1_700_000_000_000 };
let sim: HubSpotSimulator;
let baseUrl: string;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false, now: () => clock.now });
  baseUrl = await sim.start();
  sim.registerOAuthApp({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshTokens: [REFRESH_TOKEN],
    accessTokenTtlMs: TTL_MS,
  });
});
after(() => sim.stop());
beforeEach(() => {
  clock.now += 24 * 3600_000;
});

const grantsSince = (start: number): number => sim.oauthGrants().filter((g) => g.at >= start).length;

function oauth(overrides: Partial<Parameters<typeof hubspotOAuth>[0]> = {}) {
  return hubspotOAuth({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken: REFRESH_TOKEN,
    baseUrl,
    now: () => clock.now,
    ...overrides,
  });
}

function assertNoSecret(text: string): void {
  for (const secret of [CLIENT_SECRET, REFRESH_TOKEN]) assert.ok(!text.includes(secret), 'no secret in the failure');
}

describe('hubspotOAuth', () => {
  it('exchanges the refresh token once, keeps the access token until expires_in less the margin, then refreshes', async () => {
    const start = clock.now;
    const token = oauth();
    const first = await token({ forceRefresh: false });
    assert.equal(await token({ forceRefresh: false }), first);
    clock.now += TTL_MS - 60_001;
    assert.equal(await token({ forceRefresh: false }), first, 'still outside the 60 s margin');
    assert.equal(grantsSince(start), 1);
    clock.now += 2;
    const second = await token({ forceRefresh: false });
    assert.notEqual(second, first);
    assert.equal(grantsSince(start), 2);
  });

  it('makes one exchange however many callers wait on it', async () => {
    const start = clock.now;
    const token = oauth();
    const tokens = await Promise.all(Array.from({ length: 200 }, () => token({ forceRefresh: false })));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(grantsSince(start), 1);
    const refreshed = await Promise.all(
      Array.from({ length: 200 }, () => token({ forceRefresh: true, rejectedToken: tokens[0] })),
    );
    assert.equal(new Set(refreshed).size, 1);
    assert.notEqual(refreshed[0], tokens[0]);
    assert.equal(grantsSince(start), 2, 'one refresh for the one refused token');
    assert.equal(await token({ forceRefresh: true, rejectedToken: tokens[0] }), refreshed[0], 'already replaced');
    assert.equal(grantsSince(start), 2);
  });

  it('refreshes once on 401 EXPIRED_AUTHENTICATION for every concurrent activity refused with the old token', async () => {
    const frozen = clock.now;
    // The token source's clock stands still, so it believes its token fresh while HubSpot's expires it.
    const token = oauth({ now: () => frozen });
    const { getFolderUpdateStatus } = createActivities({ baseUrl, token, requestTimeoutMs: 5000 });
    const tasks = Array.from({ length: 20 }, () => sim.createTask({ pendingPolls: 100 }));
    const env = new MockActivityEnvironment();
    await Promise.all(tasks.map((id) => env.run(getFolderUpdateStatus, id)));
    const start = clock.now;
    clock.now += TTL_MS + 1000;
    const statuses = (await Promise.all(tasks.map((id) => env.run(getFolderUpdateStatus, id)))) as FolderUpdateStatus[];
    assert.ok(statuses.every((s) => s.status === 'PENDING'));
    const refreshes = sim.oauthGrants().filter((g) => g.at > start);
    assert.equal(refreshes.length, 1, 'exactly one refresh for the expiry');
    assert.equal(refreshes[0]?.grantType, 'refresh_token');
  });

  it('fails with a non-retryable HubSpotOAuthRejected naming the RFC 6749 error, without a secret', async () => {
    const f = await applicationFailureOf(oauth({ refreshToken: 'refresh-token-revoked-1' })({ forceRefresh: false }));
    assert.equal(f.type, 'HubSpotOAuthRejected');
    assert.equal(f.nonRetryable, true);
    assert.match(f.message, /answered 400 to the refresh_token grant: invalid_grant/);
    assert.match(f.message, /Check the client id, the client secret and the refresh token/);
    assert.ok(!f.message.includes('refresh-token-revoked-1'));
    assertNoSecret(JSON.stringify({ m: f.message, d: f.details, s: f.stack }));
    const through = await applicationFailureOf(
      new MockActivityEnvironment().run(
        createActivities({ baseUrl, token: oauth({ clientSecret: 'wrong-secret-1' }) }).getFolderUpdateStatus,
        sim.createTask(),
      ),
    );
    assert.equal(through.type, 'HubSpotOAuthRejected', 'the activity fails with the typed failure as is');
    assert.match(through.message, /invalid_client/);
  });

  it("fails with a retryable HubSpotTokenUnavailable when the token endpoint can't be reached", async () => {
    const f = await applicationFailureOf(oauth({ baseUrl: 'http://127.0.0.1:9' })({ forceRefresh: false }));
    assert.equal(f.type, 'HubSpotTokenUnavailable');
    assert.equal(f.nonRetryable, false);
    assertNoSecret(f.message);
  });

  it('checks its options before any HTTP call, naming the field and never a secret', () => {
    const requests = sim.oauthGrants().length;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ clientId: '' }, /hubspotOAuth: clientId must be a non-empty string without spaces, got ""/],
      [{ clientSecret: undefined }, /hubspotOAuth: clientSecret must be a non-empty string, got undefined/],
      [{ refreshToken: 'has space' }, /hubspotOAuth: refreshToken must be a non-empty string without spaces/],
      [{ baseUrl: 'ftp://x' }, /hubspotOAuth: baseUrl must be an http\(s\) URL, got "ftp:\/\/x"/],
      [{ refreshMarginMs: -1 }, /hubspotOAuth: refreshMarginMs must be a number of milliseconds, got -1/],
    ];
    for (const [override, message] of bad) {
      assert.throws(
        () => oauth(override as Partial<Parameters<typeof hubspotOAuth>[0]>),
        (err: unknown) => err instanceof TypeError && message.test(err.message) && !err.message.includes('has space'),
      );
    }
    assert.equal(sim.oauthGrants().length, requests);
  });
});

describe('hubspotClientCredentials', () => {
  it('fetches a token for the app itself, with the scopes asked for, and reuses it', async () => {
    const start = clock.now;
    const token = hubspotClientCredentials({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scope: ['files'],
      baseUrl,
      now: () => clock.now,
    });
    const value = await token({ forceRefresh: false });
    assert.equal(await token({ forceRefresh: false }), value);
    const status = (await new MockActivityEnvironment().run(
      createActivities({ baseUrl, token }).getFolderUpdateStatus,
      sim.createTask(),
    )) as FolderUpdateStatus;
    assert.equal(status.status, 'PENDING');
    assert.deepEqual(
      sim
        .oauthGrants()
        .filter((g) => g.at >= start)
        .map((g) => g.grantType),
      ['client_credentials'],
    );
    assert.throws(
      () => hubspotClientCredentials({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: [''] }),
      /scope must be a string or a list of scope names, got \[""\]/,
    );
  });
});
