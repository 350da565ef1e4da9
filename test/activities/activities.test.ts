/**
 * The activities under MockActivityEnvironment, against the HubSpot simulator over real HTTP: every row of the
 * error table, cancellation aborting the request, the 401 refresh, and the token absent from every failure.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ApplicationFailure } from '@temporalio/common';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type ActivityDeps } from '../../src/activities';
import { FIRST_HEARTBEAT_DELAY_MS, HEARTBEAT_INTERVAL_MS } from '../../src/activities/activity-context';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import { applicationFailureOf } from '../helpers/failures';

const TOKEN = 'sim-token';

let sim: HubSpotSimulator;
let baseUrl: string;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  baseUrl = await sim.start();
});
after(() => sim.stop());
beforeEach(() => sim.clearFaults());

/** `env.run` with the activity's own types (MockActivityEnvironment.run does not infer the result type). */
function run<A extends unknown[], R>(
  env: MockActivityEnvironment,
  fn: (...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  return env.run(fn, ...args) as Promise<R>;
}

function activities(deps: Partial<ActivityDeps> = {}) {
  return createActivities({ baseUrl, token: TOKEN, requestTimeoutMs: 2000, ...deps });
}

function assertNoSecret(failure: ApplicationFailure, secret: string): void {
  const text = JSON.stringify({ message: failure.message, details: failure.details, stack: failure.stack });
  assert.ok(!text.includes(secret), 'the token must not appear in a failure');
}

describe('getFolderUpdateStatus', () => {
  it('reads a task through PENDING, PROCESSING and COMPLETE', async () => {
    const taskId = sim.createTask({ errors: [missingScopeTaskError(['files'])] });
    const env = new MockActivityEnvironment();
    const { getFolderUpdateStatus } = activities();
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await run(env, getFolderUpdateStatus, taskId));
    assert.deepEqual(
      seen.map((s) => s.status),
      ['PENDING', 'PROCESSING', 'COMPLETE'],
    );
    const done = seen[2]!;
    assert.equal(done.taskId, taskId);
    assert.equal(done.numErrors, 1);
    assert.deepEqual(done.errors[0]?.missingScopes, ['files']);
    assert.ok(done.completedAt && done.startedAt && done.requestedAt);
    assert.equal(seen[0]!.startedAt, undefined);
  });

  it('treats an absent numErrors as 0', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0, omitNumErrors: true });
    const status = await run(new MockActivityEnvironment(), activities().getFolderUpdateStatus, taskId);
    assert.equal(status.status, 'COMPLETE');
    assert.equal(status.numErrors, 0);
  });

  it('rejects a bad task id before any HTTP call', async () => {
    const before = sim.stats().requests;
    for (const bad of ['', ' ', '1/2', '1?a', '1#a', '..', 'a b']) {
      const f = await applicationFailureOf(run(new MockActivityEnvironment(), activities().getFolderUpdateStatus, bad));
      assert.equal(f.type, 'InvalidInput');
      assert.equal(f.nonRetryable, true);
      assert.match(f.message, /taskId/);
    }
    assert.equal(sim.stats().requests, before);
  });

  const table: Array<[string, () => void, string, boolean]> = [
    ['400', () => sim.injectFault({ kind: 'status', status: 400 }), 'HubSpotBadRequest', true],
    ['404 (unknown task)', () => undefined, 'FolderUpdateTaskNotFound', true],
    ['408', () => sim.injectFault({ kind: 'status', status: 408 }), 'HubSpotUnavailable', false],
    ['429', () => sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 7 }), 'HubSpotRateLimited', false],
    ['500', () => sim.injectFault({ kind: 'status', status: 500 }), 'HubSpotServerError', false],
    ['503', () => sim.injectFault({ kind: 'status', status: 503 }), 'HubSpotServerError', false],
    ['a connection reset', () => sim.injectFault({ kind: 'reset' }), 'HubSpotUnavailable', false],
    ['a hung response (request timeout)', () => sim.injectFault({ kind: 'hang' }), 'HubSpotUnavailable', false],
    ['malformed JSON on a 200', () => sim.injectFault({ kind: 'malformed' }), 'HubSpotTruncatedResponse', false],
    [
      'a truncated body',
      () => sim.injectFault({ kind: 'truncated' }),
      'HubSpotUnavailable|HubSpotTruncatedResponse',
      false,
    ],
    [
      'a status outside the four',
      () => sim.injectFault({ kind: 'body', body: { status: 'DONE' } }),
      'HubSpotInvalidResponse',
      true,
    ],
  ];
  for (const [name, arrange, type, nonRetryable] of table) {
    it(`maps ${name} to ${type}`, async () => {
      const taskId = name.startsWith('404') ? '999999999' : sim.createTask();
      arrange();
      const f = await applicationFailureOf(
        run(new MockActivityEnvironment(), activities().getFolderUpdateStatus, taskId),
      );
      assert.match(f.type ?? '', new RegExp(`^(${type})$`));
      assert.equal(f.nonRetryable, nonRetryable);
      assertNoSecret(f, TOKEN);
      if (name === '429') assert.equal(f.nextRetryDelay, 7000);
      if (type === 'HubSpotInvalidResponse') assert.match(f.message, /status .*"DONE"/);
    });
  }

  it('gives a 429 without Retry-After the rate-limit interval as nextRetryDelay', async () => {
    const limited = new HubSpotSimulator({ rateLimit: { max: 1, intervalMs: 10_000 } });
    const url = await limited.start();
    try {
      const taskId = limited.createTask();
      const env = new MockActivityEnvironment();
      // With the budget off (Infinity) nothing paces the second request, so HubSpot refuses it.
      const acts = createActivities({ baseUrl: url, token: TOKEN, maxRequestsPerSecond: Infinity });
      await run(env, acts.getFolderUpdateStatus, taskId);
      const f = await applicationFailureOf(run(env, acts.getFolderUpdateStatus, taskId));
      assert.equal(f.type, 'HubSpotRateLimited');
      assert.equal(f.nextRetryDelay, 10_000);
      assert.equal(f.nonRetryable, false);
    } finally {
      await limited.stop();
    }
  });

  it("with no budget setting paces from HubSpot's headers: the request HubSpot would refuse waits instead", async () => {
    const limited = new HubSpotSimulator({ rateLimit: { max: 2, intervalMs: 1000 } });
    const url = await limited.start();
    try {
      const taskId = limited.createTask({ pendingPolls: 10 });
      const acts = createActivities({ baseUrl: url, token: TOKEN, reserve: 0 });
      for (let i = 0; i < 5; i++) await run(new MockActivityEnvironment(), acts.getFolderUpdateStatus, taskId);
      assert.equal(limited.stats().rateLimited, 0, 'no 429');
      assert.ok(
        limited.maxRequestsInWindow(1000) <= 2,
        `at most 2 in any second: ${limited.maxRequestsInWindow(1000)}`,
      );
    } finally {
      await limited.stop();
    }
  });

  it('maps 401 to HubSpotUnauthorized with a static token, without leaking it', async () => {
    const f = await applicationFailureOf(
      run(
        new MockActivityEnvironment(),
        activities({ token: 'wrong-secret-token' }).getFolderUpdateStatus,
        sim.createTask(),
      ),
    );
    assert.equal(f.type, 'HubSpotUnauthorized');
    assert.equal(f.nonRetryable, true);
    assertNoSecret(f, 'wrong-secret-token');
  });

  it('retries a 401 once with a fresh token from a token function', async () => {
    const stale = sim.issueToken();
    sim.revokeToken(stale);
    const fresh = sim.issueToken({ ttlMs: 60_000 });
    const calls: boolean[] = [];
    const token = async ({ forceRefresh }: { forceRefresh: boolean }) => (
      calls.push(forceRefresh),
      forceRefresh ? fresh : stale
    );
    const status = await run(
      new MockActivityEnvironment(),
      activities({ token }).getFolderUpdateStatus,
      sim.createTask(),
    );
    assert.equal(status.status, 'PENDING');
    assert.deepEqual(calls, [false, true]);
  });

  it('fails with HubSpotUnauthorized when the refreshed token is refused too, and calls the source only twice', async () => {
    let calls = 0;
    const token = async () => (calls++, 'expired-oauth-token');
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities({ token }).getFolderUpdateStatus, sim.createTask()),
    );
    assert.equal(f.type, 'HubSpotUnauthorized');
    assert.equal(calls, 2);
    assertNoSecret(f, 'expired-oauth-token');
  });

  it('maps 403 to HubSpotForbidden with the required scopes in details', async () => {
    const weak = sim.issueToken({ scopes: ['content'] });
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities({ token: weak }).getFolderUpdateStatus, sim.createTask()),
    );
    assert.equal(f.type, 'HubSpotForbidden');
    assert.equal(f.nonRetryable, true);
    assert.deepEqual((f.details?.[0] as { requiredScopes?: string[] }).requiredScopes, ['files']);
    assertNoSecret(f, weak);
  });

  it('aborts the request when the activity is cancelled', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'hang' });
    const env = new MockActivityEnvironment();
    const started = Date.now();
    const pending = run(env, activities({ requestTimeoutMs: 60_000 }).getFolderUpdateStatus, taskId);
    setTimeout(() => env.cancel('CANCELLED'), 200);
    const err = await pending.then(
      () => assert.fail('expected cancellation'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CancelledFailure, `expected CancelledFailure, got ${String(err)}`);
    assert.ok(Date.now() - started < 5000, 'the hung request was aborted, not waited out');
  });

  it('sends no heartbeat for an answer within FIRST_HEARTBEAT_DELAY_MS, and heartbeats a slower one', async () => {
    const taskId = sim.createTask();
    const { getFolderUpdateStatus } = activities({ requestTimeoutMs: 10_000 });
    const fastEnv = new MockActivityEnvironment();
    let fastBeats = 0;
    fastEnv.on('heartbeat', () => fastBeats++);
    await run(fastEnv, getFolderUpdateStatus, taskId);
    assert.equal(fastBeats, 0, 'a prompt answer costs no heartbeat');

    sim.injectFault({ kind: 'delay', ms: FIRST_HEARTBEAT_DELAY_MS + HEARTBEAT_INTERVAL_MS + 500 }, { route: 'status' });
    const slowEnv = new MockActivityEnvironment();
    const beatsAt: number[] = [];
    const started = Date.now();
    slowEnv.on('heartbeat', () => beatsAt.push(Date.now() - started));
    await run(slowEnv, getFolderUpdateStatus, taskId);
    assert.ok(beatsAt.length >= 2, `heartbeats at ${beatsAt.join(', ')} ms`);
    assert.ok(beatsAt[0]! >= FIRST_HEARTBEAT_DELAY_MS - 50, `first heartbeat at ${beatsAt[0]} ms`);
  });

  it('heartbeats a hung request after the delay, and a cancellation then aborts it', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'hang' });
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => {
      // Temporal delivers a cancellation in the answer to a heartbeat: cancel on the first one.
      if (beats++ === 0) env.cancel('CANCELLED');
    });
    const started = Date.now();
    const err = await run(env, activities({ requestTimeoutMs: 60_000 }).getFolderUpdateStatus, taskId).then(
      () => assert.fail('expected cancellation'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CancelledFailure, `expected CancelledFailure, got ${String(err)}`);
    assert.equal(beats, 1);
    assert.ok(Date.now() - started < 5000, 'the hung request was aborted, not waited out');
  });

  it('rejects a body larger than maxResponseBytes without reading it all', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'body', body: { taskId, status: 'PENDING', links: { pad: 'x'.repeat(2_000_000) } } });
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities({ maxResponseBytes: 100_000 }).getFolderUpdateStatus, taskId),
    );
    assert.equal(f.type, 'HubSpotInvalidResponse');
    assert.match(f.message, /too large/);
  });

  it('rejects a status that names another task', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'body', body: { taskId: '123', status: 'PENDING' } });
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities().getFolderUpdateStatus, taskId),
    );
    assert.equal(f.type, 'HubSpotInvalidResponse');
    assert.match(f.message, /taskId .*"123"/);
  });
});

describe('startFolderUpdate', () => {
  it('starts an update and returns the task id, which then completes with the new name', async () => {
    const env = new MockActivityEnvironment();
    const acts = activities();
    const { taskId } = await run(env, acts.startFolderUpdate, {
      folderId: '4242',
      name: 'Renamed',
      parentFolderId: '7',
    });
    assert.match(taskId, /^\S+$/);
    let status = await run(env, acts.getFolderUpdateStatus, taskId);
    while (status.status !== 'COMPLETE') status = await run(env, acts.getFolderUpdateStatus, taskId);
    assert.equal(status.result?.name, 'Renamed');
    assert.equal(status.result?.parentFolderId, '7');
  });

  it('rejects bad input before any HTTP call, naming the field', async () => {
    const before = sim.stats().requests;
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities().startFolderUpdate, { folderId: '1', parentFolderId: 'x' }),
    );
    assert.equal(f.type, 'InvalidInput');
    assert.match(f.message, /parentFolderId must be a whole number, got "x"/);
    assert.equal(sim.stats().requests, before);
  });

  it('maps a 5xx on the POST to a retryable HubSpotServerError', async () => {
    sim.injectFault({ kind: 'status', status: 502 }, { route: 'start' });
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities().startFolderUpdate, { folderId: '5', name: 'n' }),
    );
    assert.equal(f.type, 'HubSpotServerError');
    assert.equal(f.nonRetryable, false);
  });

  it("maps Files' creation throttle to HubSpotFilesThrottled, retried after the minute it names", async () => {
    sim.injectFault({ kind: 'filesThrottled' }, { route: 'start' });
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities().startFolderUpdate, { folderId: '5', name: 'n' }),
    );
    assert.equal(f.type, 'HubSpotFilesThrottled');
    assert.equal(f.nonRetryable, false);
    assert.equal(f.nextRetryDelay, 60_000);
    assert.match(f.message, /Rate limit exceeded for creating files/);
  });

  it('maps USER_DOES_NOT_HAVE_PERMISSIONS to a non-retryable HubSpotTokenNeedsRotation, without leaking the token', async () => {
    const token = sim.issueToken();
    sim.removeTokenCreator(token);
    const f = await applicationFailureOf(
      run(new MockActivityEnvironment(), activities({ token }).startFolderUpdate, { folderId: '5', name: 'n' }),
    );
    assert.equal(f.type, 'HubSpotTokenNeedsRotation');
    assert.equal(f.nonRetryable, true);
    assert.match(f.message, /rotate the token/);
    assertNoSecret(f, token);
  });
});
