/**
 * The pure parts of the setup checks (`src/doctor/`): the request estimate, what a probe's answer says, and each line's
 * judgement (token, scopes, daily budget, rate limit, API version, server version).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiVersionCheck } from '../../src/doctor/api-version-check';
import { dailyBudgetFromUsage } from '../../src/doctor/daily-budget';
import { dailyBudgetCheck } from '../../src/doctor/daily-budget-check';
import { rateLimitCheck } from '../../src/doctor/rate-limit-check';
import { estimateRequests, pollsWithin } from '../../src/doctor/request-estimate';
import { scopeCheck } from '../../src/doctor/scope-check';
import { serverVersionCheck } from '../../src/doctor/server-version-check';
import { tokenCheck } from '../../src/doctor/token-check';
import { read as readIntrospection } from '../../src/doctor/token-introspection';
import { probeToken, readProbe, type TokenProbe } from '../../src/doctor/token-probe';

const schedule = { initialPollIntervalMs: 2000, maxPollIntervalMs: 60_000, backoffCoefficient: 1.5 };
const probe = (outcome: TokenProbe['outcome'], extra: Partial<TokenProbe> = {}): TokenProbe => ({
  path: '/files/v3/folders/update/async/tasks/0/status',
  status: 404,
  outcome,
  ...extra,
});

describe('request estimate', () => {
  it('counts the polls of the shortest (jittered) waits: one at once, one after each wait', () => {
    assert.equal(pollsWithin(0, schedule), 1);
    assert.equal(pollsWithin(1800, schedule), 2); // 1.8 s: the first wait, 10% off 2 s
    assert.equal(pollsWithin(1801, schedule), 3);
    assert.equal(pollsWithin(60_000, schedule), 9); // 1.8, 2.7, 4.05, 6.08, 9.11, 13.67, 20.5, 30.75 s
    assert.equal(pollsWithin(600_000, schedule), 19); // then waits of 54 s (1m, 10% off)
  });

  it('is 4 + polls a folder, times the folders', () => {
    assert.deepEqual(estimateRequests(5000, 60_000, schedule), {
      folders: 5000,
      taskDurationMs: 60_000,
      pollsPerFolder: 9,
      requestsPerFolder: 13,
      requests: 65_000,
    });
    assert.equal(estimateRequests(0, 60_000, schedule).requests, 0);
  });
});

describe('the token probe', () => {
  it('reads 404 and 200 as accepted, 401 as expired or invalid, 403 by its category', () => {
    assert.deepEqual(readProbe(404, { category: 'OBJECT_NOT_FOUND' }), { outcome: 'accepted' });
    assert.deepEqual(readProbe(200, {}), { outcome: 'accepted' });
    assert.equal(
      readProbe(401, { category: 'EXPIRED_AUTHENTICATION', message: 'expired 3 second(s) ago' }).outcome,
      'expired',
    );
    assert.equal(readProbe(401, { category: 'INVALID_AUTHENTICATION' }).outcome, 'invalid');
    assert.equal(readProbe(403, { category: 'USER_DOES_NOT_HAVE_PERMISSIONS' }).outcome, 'creator-removed');
    assert.deepEqual(
      readProbe(403, {
        category: 'MISSING_SCOPES',
        message: 'm',
        errors: [{ context: { requiredGranularScopes: ['files'] } }],
      }),
      { outcome: 'missing-scopes', missingScopes: ['files'], message: 'm' },
    );
    assert.equal(readProbe(429, 'not json').outcome, 'unclear');
    assert.equal(readProbe(503, null).outcome, 'unclear');
  });
});

describe('the token line', () => {
  it('FAILs a refused token with a fix, PASSes an accepted one with its kind', () => {
    const expired = tokenCheck('static', probe('expired', { status: 401 }), undefined);
    assert.equal(expired.status, 'FAIL');
    assert.match(expired.fix ?? '', /OAuth app/);
    const removed = tokenCheck('static', probe('creator-removed', { status: 403 }), undefined);
    assert.match(removed.fix ?? '', /Rotate the token: create a service key/);
    assert.equal(tokenCheck('static', probe('unclear', { status: 429 }), undefined).status, 'WARN');
    assert.match(tokenCheck('static', probe('accepted'), undefined).summary, /a service key/);
    const info = { kind: 'private-app' as const, scopes: ['files'], hubId: '7' };
    assert.match(tokenCheck('static', probe('accepted'), info).summary, /^accepted; a private-app token of account 7/);
    const oauth = tokenCheck('oauth', probe('missing-scopes'), { kind: 'oauth', scopes: [] });
    assert.equal(oauth.status, 'PASS');
    assert.match(oauth.summary, /an OAuth access token, refreshed by the OAuth app/);
  });
});

describe('the token line keeps the token out', () => {
  it('redacts a token that HubSpot echoes in its message', async () => {
    const token = 'pat-na1-UNIT-7c1f9e2b-SECRET';
    const echo: typeof fetch = async () =>
      new Response(
        JSON.stringify({ message: `request with Authorization: Bearer ${token} rejected (token ${token})` }),
        {
          status: 503,
          headers: { 'content-type': 'application/json' },
        },
      );
    const deps = { baseUrl: 'http://127.0.0.1:9', fetch: echo, requestTimeoutMs: 1000, secrets: [token] };
    const probe = await probeToken(deps, token, 'v3');
    const line = tokenCheck('static', probe, undefined);
    assert.equal(line.status, 'WARN');
    assert.ok(!JSON.stringify(line).includes('7c1f9e2b'), JSON.stringify(line));
    assert.match(line.summary, /\[REDACTED\]/);
  });
});

describe('the scopes line', () => {
  it('needs a folder-update scope of the version, and warns without a read scope', () => {
    const info = (scopes: string[]) => ({ kind: 'private-app' as const, scopes });
    assert.equal(scopeCheck(probe('accepted'), info(['files']), 'v3').status, 'PASS');
    assert.equal(scopeCheck(probe('accepted'), info(['files.write', 'files.read']), 'v3').status, 'PASS');
    assert.equal(scopeCheck(probe('accepted'), info(['files.write', 'files.read']), '2026-09').status, 'FAIL');
    const writeOnly = scopeCheck(probe('accepted'), info(['files.ui_hidden.write']), '2026-03');
    assert.equal(writeOnly.status, 'WARN');
    assert.match(writeOnly.fix ?? '', /grant files or files\.read/);
    const none = scopeCheck(probe('accepted'), info(['crm.objects.contacts.read']), 'v3');
    assert.equal(none.status, 'FAIL');
    assert.match(none.summary, /it has crm\.objects\.contacts\.read/);
  });

  it('judges from the probe when HubSpot has no check for the token', () => {
    assert.match(scopeCheck(probe('accepted'), undefined, 'v3').summary, /one read-only probe/);
    const missing = scopeCheck(probe('missing-scopes', { missingScopes: ['files'] }), undefined, 'v3');
    assert.equal(missing.status, 'FAIL');
    assert.match(missing.summary, /HubSpot names files/);
  });
});

describe('the daily budget', () => {
  it("reads HubSpot's usage answer tolerantly", () => {
    const result = {
      name: 'x',
      usageLimit: 500_000,
      currentUsage: 12,
      resetsAt: '2026-12-07T05:00:00Z',
      fetchStatus: 'SUCCESS',
    };
    assert.deepEqual(dailyBudgetFromUsage({ results: [result] }), {
      limit: 500_000,
      used: 12,
      source: 'account-info',
      resetsAt: '2026-12-07T05:00:00Z',
    });
    assert.deepEqual(
      dailyBudgetFromUsage({ results: [{ usageLimit: 'many' }, { usageLimit: 10, currentUsage: 20 }] }),
      {
        limit: 10,
        used: 10,
        source: 'account-info',
      },
    );
    assert.equal(dailyBudgetFromUsage({ results: [] }), undefined);
    assert.equal(dailyBudgetFromUsage(null), undefined);
  });

  it('FAILs a plan that needs more than is left, WARNs when nearly spent, PASSes otherwise', () => {
    const budget = { limit: 1000, used: 950, source: 'headers' as const };
    const plan = (requests: number) => ({
      folders: 1,
      taskDurationMs: 0,
      pollsPerFolder: 1,
      requestsPerFolder: requests,
      requests,
    });
    assert.equal(dailyBudgetCheck(budget, 'static', plan(51)).status, 'FAIL');
    assert.equal(dailyBudgetCheck(budget, 'static', plan(50)).status, 'PASS');
    const nearly = dailyBudgetCheck(budget, 'static', undefined);
    assert.equal(nearly.status, 'WARN');
    assert.match(
      nearly.summary,
      /50 of 1000 requests left today, resets at midnight in the portal's time zone: nearly spent/,
    );
    assert.equal(dailyBudgetCheck({ ...budget, used: 899 }, 'static', undefined).status, 'PASS');
    assert.equal(dailyBudgetCheck(undefined, 'static', undefined).status, 'WARN');
    assert.equal(dailyBudgetCheck(undefined, 'oauth', plan(10)).status, 'PASS');
  });
});

describe('the rate-limit line', () => {
  it('states the budget the headers imply, and the shortest time of a plan', () => {
    const line = rateLimitCheck({ max: 100, remaining: 40, intervalMs: 10_000 }, 0.1, {
      folders: 100,
      taskDurationMs: 0,
      pollsPerFolder: 5,
      requestsPerFolder: 9,
      requests: 900,
    });
    assert.equal(line.status, 'PASS');
    assert.equal(
      line.summary,
      "100 requests per 10 s, 40 left now: about 9.0 requests/s for this app after the 10% reserve; the plan's 900 requests take at least 1m40s",
    );
    assert.equal(rateLimitCheck({ max: 100, remaining: 0, intervalMs: 10_000 }, 0.1, undefined).status, 'WARN');
    assert.equal(rateLimitCheck(undefined, 0.1, undefined).status, 'WARN');
  });
});

describe('the API version line', () => {
  const at = (iso: string): number => Date.parse(iso);
  it('PASSes a version far from its end, WARNs within 6 months naming the next, FAILs after it', () => {
    assert.deepEqual(apiVersionCheck('v3', at('2026-12-06T00:00:00Z')), {
      id: 'api-version',
      status: 'PASS',
      summary: 'v3, supported until about 2027-09',
    });
    const soon = apiVersionCheck('2025-09', at('2026-12-06T00:00:00Z'));
    assert.equal(soon.status, 'WARN');
    assert.equal(soon.fix, 'Set HUBSPOT_API_VERSION=2026-09 and restart the workers.');
    assert.equal(apiVersionCheck('2025-09', at('2027-03-01T00:00:00Z')).status, 'FAIL');
  });
});

describe('the server version line', () => {
  it('needs 1.24 or later for the retry phase', () => {
    assert.equal(serverVersionCheck('1.24.0').status, 'PASS');
    assert.equal(serverVersionCheck('1.32.1').status, 'PASS');
    assert.equal(serverVersionCheck('2.0.0').status, 'PASS');
    const old = serverVersionCheck('1.23.1');
    assert.equal(old.status, 'FAIL');
    assert.match(old.fix ?? '', /--later-phase timer/);
    assert.equal(serverVersionCheck(undefined).status, 'WARN');
    assert.equal(serverVersionCheck('unknown').status, 'WARN');
  });
});

describe("HubSpot's token checks", () => {
  it('reads the scopes and the hub of either answer', () => {
    assert.deepEqual(
      readIntrospection('private-app', { userId: 1, hubId: 62515, appId: 2, scopes: ['files', 3] }, 'hubId'),
      {
        kind: 'private-app',
        scopes: ['files'],
        hubId: '62515',
      },
    );
    assert.deepEqual(readIntrospection('oauth', { hub_id: 9, scopes: [] }, 'hub_id'), {
      kind: 'oauth',
      scopes: [],
      hubId: '9',
    });
    assert.equal(readIntrospection('oauth', { hub_id: 9 }, 'hub_id'), undefined);
  });
});
