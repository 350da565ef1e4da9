import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadWorkerConfig, WORKER_COUNT_DEPRECATION, WorkerConfigError } from '../../src/worker-config';

const base = { HUBSPOT_ACCESS_TOKEN: 'pat-na1-secret' };

describe('loadWorkerConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadWorkerConfig({ ...base });
    assert.equal(c.taskQueue, 'hubspot-files');
    assert.equal(c.namespace, 'default');
    assert.equal(c.connect.connectionOptions.address, 'localhost:7233');
    assert.equal(c.hubspot.baseUrl, 'https://api.hubapi.com');
    assert.equal(c.hubspot.maxRequestsPerSecond, undefined, 'no ceiling: the budget paces from HubSpot headers');
    assert.equal(c.hubspot.reserve, 0.1);
    assert.deepEqual(c.hubspot.warnings, []);
    assert.equal(c.hubspot.requestTimeoutMs, 10_000);
    assert.equal(c.maxConcurrentActivities, 2000);
    assert.equal(c.hubspot.apiVersion, 'v3');
    assert.equal(c.hubspot.token, 'pat-na1-secret');
    assert.equal(c.hubspot.tokenKind, 'static');
  });

  it('reads an OAuth app instead of a static token: a refresh token, or the client-credentials grant', () => {
    const oauth = { HUBSPOT_CLIENT_ID: 'client-1', HUBSPOT_CLIENT_SECRET: 'shh-secret' };
    const refresh = loadWorkerConfig({ ...oauth, HUBSPOT_REFRESH_TOKEN: 'refresh-secret' }).hubspot;
    assert.equal(refresh.tokenKind, 'oauth-refresh-token');
    assert.equal(typeof refresh.token, 'function');
    const blankStatic = loadWorkerConfig({ ...oauth, HUBSPOT_ACCESS_TOKEN: ' ', HUBSPOT_REFRESH_TOKEN: 'r' }).hubspot;
    assert.equal(typeof blankStatic.token, 'function', 'a blank HUBSPOT_ACCESS_TOKEN counts as unset');
    const credentials = loadWorkerConfig(oauth).hubspot;
    assert.equal(credentials.tokenKind, 'oauth-client-credentials');
    assert.equal(typeof credentials.token, 'function');
    assert.ok(!JSON.stringify(refresh).includes('secret'), 'the settings serialize without a secret');
  });

  it('warns at start when HUBSPOT_API_VERSION ends within 6 months, naming the next version', () => {
    const at = (iso: string) => () => Date.parse(iso);
    const early = loadWorkerConfig({ ...base, HUBSPOT_API_VERSION: '2025-09' }, at('2026-12-06T00:00:00Z')).hubspot;
    assert.deepEqual(early.warnings, [
      "HUBSPOT_API_VERSION 2025-09: HubSpot's support for it ends in 2027-03; set HUBSPOT_API_VERSION=2026-09 " +
        '(supported until about 2028-03).',
    ]);
    assert.deepEqual(loadWorkerConfig({ ...base }, at('2026-12-06T00:00:00Z')).hubspot.warnings, []);
    assert.match(
      loadWorkerConfig({ ...base }, at('2027-03-02T00:00:00Z')).hubspot.warnings[0] ?? '',
      /v3.*ends in 2027-09/,
    );
    assert.match(
      loadWorkerConfig({ ...base }, at('2027-10-01T00:00:00Z')).hubspot.warnings[0] ?? '',
      /ended in 2027-09/,
    );
    assert.deepEqual(
      loadWorkerConfig({ ...base, HUBSPOT_API_VERSION: '2026-09' }, at('2027-08-15T00:00:00Z')).hubspot.warnings,
      [],
    );
  });

  it('reads HUBSPOT_API_VERSION: v3 or a date version', () => {
    assert.equal(loadWorkerConfig({ ...base, HUBSPOT_API_VERSION: '2026-03' }).hubspot.apiVersion, '2026-03');
    assert.equal(loadWorkerConfig({ ...base, HUBSPOT_API_VERSION: ' v3 ' }).hubspot.apiVersion, 'v3');
  });

  it('reads every variable', () => {
    const c = loadWorkerConfig({
      ...base,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'files',
      TEMPORAL_TASK_QUEUE: 'hs',
      HUBSPOT_BASE_URL: 'http://127.0.0.1:4010/',
      HUBSPOT_MAX_REQUESTS_PER_SECOND: '18.5',
      HUBSPOT_REQUEST_TIMEOUT_MS: '2500',
      HUBSPOT_RESERVE: '0.25',
      HUBSPOT_MAX_CONCURRENT_ACTIVITIES: '3000',
      HUBSPOT_MAX_CACHED_WORKFLOWS: '250',
    });
    assert.equal(c.connect.connectionOptions.address, 'temporal.internal:7233');
    assert.equal(c.namespace, 'files');
    assert.equal(c.taskQueue, 'hs');
    assert.equal(c.hubspot.baseUrl, 'http://127.0.0.1:4010');
    assert.equal(c.hubspot.maxRequestsPerSecond, 18.5);
    assert.equal(c.hubspot.requestTimeoutMs, 2500);
    assert.equal(c.hubspot.reserve, 0.25);
    assert.equal(c.maxConcurrentActivities, 3000);
    assert.equal(c.maxCachedWorkflows, 250);
    assert.equal(loadWorkerConfig(base).maxCachedWorkflows, undefined, "unset: the SDK's");
  });

  it('takes HUBSPOT_WORKER_COUNT as a no-op with a deprecation line, whatever its value', () => {
    for (const value of ['3', 'x']) {
      const c = loadWorkerConfig({ ...base, HUBSPOT_WORKER_COUNT: value });
      assert.deepEqual(c.hubspot.warnings, [WORKER_COUNT_DEPRECATION]);
      assert.match(WORKER_COUNT_DEPRECATION, /HUBSPOT_WORKER_COUNT is deprecated and ignored/);
    }
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a missing token', {}, /HUBSPOT_ACCESS_TOKEN is not set/],
    ['a token with whitespace', { HUBSPOT_ACCESS_TOKEN: 'a b' }, /HUBSPOT_ACCESS_TOKEN must not contain whitespace/],
    [
      'a static token beside an OAuth app',
      { ...base, HUBSPOT_REFRESH_TOKEN: 'refresh-secret' },
      /HUBSPOT_ACCESS_TOKEN and HUBSPOT_REFRESH_TOKEN are both set/,
    ],
    [
      'a refresh token without the client secret',
      { HUBSPOT_CLIENT_ID: 'client-1', HUBSPOT_REFRESH_TOKEN: 'refresh-secret' },
      /HUBSPOT_CLIENT_SECRET is not set/,
    ],
    [
      'a client secret with whitespace',
      { HUBSPOT_CLIENT_ID: 'client-1', HUBSPOT_CLIENT_SECRET: 'a secret' },
      /HUBSPOT_CLIENT_SECRET must not contain whitespace/,
    ],
    [
      'a bad base URL',
      { ...base, HUBSPOT_BASE_URL: 'api.hubapi.com' },
      /HUBSPOT_BASE_URL must be an http\(s\) URL, got "api.hubapi.com"/,
    ],
    [
      'a zero budget',
      { ...base, HUBSPOT_MAX_REQUESTS_PER_SECOND: '0' },
      /HUBSPOT_MAX_REQUESTS_PER_SECOND must be a number above 0/,
    ],
    ['a budget that is not a number', { ...base, HUBSPOT_MAX_REQUESTS_PER_SECOND: 'lots' }, /got "lots"/],
    [
      'a reserve above 0.5',
      { ...base, HUBSPOT_RESERVE: '0.6' },
      /HUBSPOT_RESERVE must be a number from 0 to 0.5, got "0.6"/,
    ],
    ['a reserve that is not a number', { ...base, HUBSPOT_RESERVE: '10%' }, /HUBSPOT_RESERVE .* got "10%"/],
    [
      'no concurrent activities',
      { ...base, HUBSPOT_MAX_CONCURRENT_ACTIVITIES: '0' },
      /HUBSPOT_MAX_CONCURRENT_ACTIVITIES must be a whole number/,
    ],
    [
      'a cache of half a workflow',
      { ...base, HUBSPOT_MAX_CACHED_WORKFLOWS: '0.5' },
      /HUBSPOT_MAX_CACHED_WORKFLOWS must be a whole number/,
    ],
    [
      'an API version v4',
      { ...base, HUBSPOT_API_VERSION: 'v4' },
      /HUBSPOT_API_VERSION must be one of 'v3', '2025-09', '2026-03', '2026-09', got "v4"/,
    ],
    [
      'a date version HubSpot does not serve',
      { ...base, HUBSPOT_API_VERSION: '2026-04' },
      /HUBSPOT_API_VERSION .*got "2026-04"/,
    ],
    [
      'a date version with month 13',
      { ...base, HUBSPOT_API_VERSION: '2026-13' },
      /HUBSPOT_API_VERSION .*got "2026-13"/,
    ],
    [
      'a bad timeout',
      { ...base, HUBSPOT_REQUEST_TIMEOUT_MS: '-1' },
      /HUBSPOT_REQUEST_TIMEOUT_MS must be a number above 0/,
    ],
  ];
  for (const [name, env, message] of bad) {
    it(`rejects ${name}, naming the variable`, () => {
      assert.throws(
        () => loadWorkerConfig(env),
        (err: unknown) =>
          err instanceof WorkerConfigError && message.test(err.message) && !err.message.includes('secret'),
      );
    });
  }
});
