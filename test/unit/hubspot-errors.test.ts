import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hubSpotHttpFailure, retryAfterMs } from '../../src/hubspot/errors';

const forbiddenBody = JSON.stringify({
  status: 'error',
  message: "This app hasn't been granted all required scopes to make this call.",
  correlationId: 'c-1',
  errors: [
    { message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['files'] } },
  ],
  links: { scopes: 'https://developers.hubspot.com/scopes' },
  category: 'MISSING_SCOPES',
});

function failure(status: number, bodyText = '', headers: Record<string, string> = {}) {
  return hubSpotHttpFailure({
    operation: 'GET status of folder-update task 1',
    status,
    headers: new Headers(headers),
    bodyText,
  });
}

describe('hubSpotHttpFailure', () => {
  const table: Array<[number, string, boolean]> = [
    [400, 'HubSpotBadRequest', true],
    [401, 'HubSpotUnauthorized', true],
    [403, 'HubSpotForbidden', true],
    [404, 'FolderUpdateTaskNotFound', true],
    [408, 'HubSpotUnavailable', false],
    [409, 'HubSpotBadRequest', true],
    [422, 'HubSpotBadRequest', true],
    [429, 'HubSpotRateLimited', false],
    [500, 'HubSpotServerError', false],
    [502, 'HubSpotServerError', false],
    [503, 'HubSpotServerError', false],
  ];
  for (const [status, type, nonRetryable] of table) {
    it(`maps ${status} to ${type} (${nonRetryable ? 'not ' : ''}retryable)`, () => {
      const f = failure(status, JSON.stringify({ message: 'nope', category: 'X', correlationId: 'abc' }));
      assert.equal(f.type, type);
      assert.equal(f.nonRetryable, nonRetryable);
      assert.match(f.message, new RegExp(`answered ${status}`));
      assert.match(f.message, /nope \(category X, correlationId abc\)/);
    });
  }

  it('puts the required scopes of a 403 in details', () => {
    const f = failure(403, forbiddenBody);
    assert.deepEqual(f.details?.[0], {
      httpStatus: 403,
      category: 'MISSING_SCOPES',
      correlationId: 'c-1',
      missingScopes: ['files'],
      requiredScopes: ['files'],
    });
    assert.match(f.message, /Scopes needed: files/);
  });

  it('parses missing scopes given in string form', () => {
    const f = failure(
      403,
      JSON.stringify({
        message: 'm',
        category: 'MISSING_SCOPES',
        errors: [{ message: 'x', context: '{missingScopes=[a, b]}' }],
      }),
    );
    assert.deepEqual((f.details?.[0] as { missingScopes?: string[] }).missingScopes, ['a', 'b']);
  });

  const scopeBodies: Array<[string, Record<string, unknown>, string[], string[] | undefined]> = [
    ['context.missingScopes', { context: { missingScopes: ['a'] } }, ['a'], undefined],
    ['context.requiredScopes', { context: { requiredScopes: ['b'] } }, ['b'], ['b']],
    ['context.requiredGranularScopes', { context: { requiredGranularScopes: ['c'] } }, ['c'], ['c']],
    [
      'a detail map',
      { errors: [{ message: 'x', context: { requiredGranularScopes: ['files'] } }] },
      ['files'],
      ['files'],
    ],
    ['a detail string', { errors: [{ message: 'x', context: '{missingScopes=[d, e]}' }] }, ['d', 'e'], undefined],
    ['a map of strings', { context: { missingScopes: 'f, g' } }, ['f', 'g'], undefined],
  ];
  for (const [where, extra, missing, required] of scopeBodies) {
    it(`reads the scopes of a 403 from ${where}`, () => {
      const details = failure(403, JSON.stringify({ message: 'm', category: 'MISSING_SCOPES', ...extra })).details?.[0];
      const d = details as { missingScopes?: string[]; requiredScopes?: string[] };
      assert.deepEqual([d.missingScopes, d.requiredScopes], [missing, required]);
    });
  }

  it('keeps the category of a 401 EXPIRED_AUTHENTICATION and says how to refresh', () => {
    const message = 'The OAuth token used to make this call expired 0 second(s) ago.';
    const f = failure(401, JSON.stringify({ status: 'error', message, category: 'EXPIRED_AUTHENTICATION' }));
    assert.equal(f.type, 'HubSpotUnauthorized');
    assert.equal((f.details?.[0] as { category?: string }).category, 'EXPIRED_AUTHENTICATION');
    assert.match(f.message, /expired 0 second\(s\) ago.*OAuth access tokens expire after about 30 minutes/);
  });

  it('quotes a non-JSON body, cut short', () => {
    const f = failure(502, '<html>' + 'x'.repeat(1000));
    assert.match(f.message, /<html>x+\.$/);
    assert.ok(f.message.length < 400);
  });

  it('sets nextRetryDelay on a 429 from Retry-After, else from the rate-limit interval', () => {
    assert.equal(failure(429, '', { 'retry-after': '3' }).nextRetryDelay, 3000);
    assert.equal(failure(429, '', { 'x-hubspot-ratelimit-interval-milliseconds': '10000' }).nextRetryDelay, 10_000);
    assert.equal(failure(429, '').nextRetryDelay, undefined);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, HTTP dates and falls back to the interval header', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '1.5' })), 1500);
    const now = Date.parse('2026-11-28T10:00:00Z');
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Sat, 28 Nov 2026 10:00:05 GMT' }), now), 5000);
    assert.equal(
      retryAfterMs(new Headers({ 'retry-after': 'garbage', 'x-hubspot-ratelimit-interval-milliseconds': '2000' })),
      2000,
    );
  });

  it('maps USER_DOES_NOT_HAVE_PERMISSIONS to a non-retryable HubSpotTokenNeedsRotation that says to rotate the token', () => {
    for (const status of [401, 403]) {
      const body = JSON.stringify({
        status: 'error',
        message: 'The user who created this private app no longer has permissions.',
        correlationId: 'c-9',
        category: 'USER_DOES_NOT_HAVE_PERMISSIONS',
      });
      const f = failure(status, body);
      assert.equal(f.type, 'HubSpotTokenNeedsRotation');
      assert.equal(f.nonRetryable, true);
      assert.match(f.message, /rotate the token/);
      assert.match(f.message, /correlationId c-9/);
    }
    const asSubCategory = failure(
      403,
      JSON.stringify({ category: 'FORBIDDEN', subCategory: 'USER_DOES_NOT_HAVE_PERMISSIONS' }),
    );
    assert.equal(asSubCategory.type, 'HubSpotTokenNeedsRotation');
    assert.equal(failure(403, forbiddenBody).type, 'HubSpotForbidden');
  });

  it("maps Files' creation throttle to a retryable HubSpotFilesThrottled after the wait it names", () => {
    const body = (message: string) =>
      JSON.stringify({ status: 'error', message, errorType: 'RATE_LIMIT', policyName: 'SECONDLY', requestId: 'r-1' });
    const f = failure(429, body('Rate limit exceeded for creating files. Retry in 1 minute.'), {
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
    });
    assert.equal(f.type, 'HubSpotFilesThrottled');
    assert.equal(f.nonRetryable, false);
    assert.equal(f.nextRetryDelay, 60_000);
    assert.equal((f.details?.[0] as { retryAfterMs?: number }).retryAfterMs, 60_000);
    assert.match(f.message, /not the app's rate limit: retried after 60 s/);
    assert.equal(
      failure(429, body('Rate limit exceeded for creating files. Retry in 2 minutes.')).nextRetryDelay,
      120_000,
    );
    assert.equal(failure(429, body('Rate limit exceeded for creating files.')).nextRetryDelay, 60_000);
    assert.equal(failure(429, body('You have reached your ten_secondly_rolling limit.')).type, 'HubSpotRateLimited');
    assert.equal(
      failure(400, body('Rate limit exceeded for creating files. Retry in 1 minute.')).type,
      'HubSpotBadRequest',
    );
  });
});
