/**
 * `awaitFolderUpdate` on the real time-skipping test server, with the real activities against the HubSpot simulator.
 * Task progress is scripted by poll count, so hours of workflow time pass in seconds. The early window is off here,
 * and the later phase is the timer path: this server does not skip time while an activity waits for a retry (a
 * 5-poll retry-phase wait at the default schedule took 19 s of real time), so `retry-phase.test.ts` covers that path
 * on the dev server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { missingScopeTaskError, type HubSpotSimulator, type TaskScript } from '../../src/simulator';
import { awaitFolderUpdate, getStatusQuery } from '../../src/workflows';
import { timerDurationsMs } from '../helpers/histories';
import { withTestWorker } from '../helpers/temporal-env';
import { timeSkippingWithSimulator } from '../helpers/time-skipping-with-simulator';
import { workflowFailureOf } from '../helpers/failures';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

const servers = timeSkippingWithSimulator();
before(async () => {
  ({ env, sim } = await servers.start());
});
after(() => servers.stop());
beforeEach(() => sim.clearFaults());

/** Runs `fn` with a worker on a fresh task queue. */
function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withTestWorker(env, sim.baseUrl, fn);
}

/**
 * Starts the workflow with the early window off and the timer path unless the input says otherwise: these tests cover
 * the durable timer loop,
 * whose hours pass in seconds here (polls inside an activity would take real time); `hybrid-poller.test.ts` covers
 * the early window.
 */
function start(taskQueue: string, input: Parameters<typeof awaitFolderUpdate>[0]) {
  return env.client.workflow.start(awaitFolderUpdate, {
    taskQueue,
    workflowId: `wf-${randomUUID()}`,
    args: [{ earlyWindow: 0, laterPhase: 'timer', ...input }],
  });
}

const task = (script: TaskScript = {}): string => sim.createTask(script);

describe('awaitFolderUpdate outcomes', () => {
  it('returns the result of a COMPLETE task with the polls it took', async () => {
    const taskId = task({ pendingPolls: 2, processingPolls: 2 });
    const result = await withWorker((tq) => start(tq, { taskId }).then((h) => h.result()));
    assert.equal(result.taskId, taskId);
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.numErrors, 0);
    assert.deepEqual(result.errors, []);
    assert.equal(result.polls, 5);
    assert.ok(result.result?.id);
    assert.ok(result.requestedAt && result.startedAt && result.completedAt);
  });

  it('fails with FolderUpdateCompletedWithErrors, carrying numErrors and parsed missing scopes', async () => {
    const taskId = task({ errors: [missingScopeTaskError(['files', 'files.ui_hidden.read'])] });
    const f = await workflowFailureOf(withWorker((tq) => start(tq, { taskId }).then((h) => h.result())));
    assert.equal(f.type, 'FolderUpdateCompletedWithErrors');
    assert.equal(f.nonRetryable, true);
    assert.match(
      f.message,
      /completed with 1 error; first: MISSING_SCOPES: .*missing scopes: files, files.ui_hidden.read/,
    );
    const last = f.details?.[0] as FolderUpdateStatus;
    assert.equal(last.numErrors, 1);
    assert.deepEqual(last.errors[0]?.missingScopes, ['files', 'files.ui_hidden.read']);
    assert.equal(last.errors[0]?.errors[0]?.context, '{missingScopes=[files, files.ui_hidden.read]}');
  });

  it('returns a COMPLETE task with errors when allowErrors is set', async () => {
    const taskId = task({ errors: [missingScopeTaskError()] });
    const result = await withWorker((tq) => start(tq, { taskId, allowErrors: true }).then((h) => h.result()));
    assert.equal(result.numErrors, 1);
    assert.equal(result.errors[0]?.category, 'MISSING_SCOPES');
  });

  it('fails with FolderUpdateCanceled for a CANCELED task', async () => {
    const taskId = task({ outcome: 'CANCELED', errors: [missingScopeTaskError(['files'])] });
    const f = await workflowFailureOf(withWorker((tq) => start(tq, { taskId }).then((h) => h.result())));
    assert.equal(f.type, 'FolderUpdateCanceled');
    assert.match(f.message, /canceled, with 1 error/);
    const last = f.details?.[0] as FolderUpdateStatus;
    assert.equal(last.status, 'CANCELED');
    assert.deepEqual(last.errors[0]?.missingScopes, ['files']);
  });

  it('fails with the activity failure type for a non-retryable HubSpot error (unknown task)', async () => {
    const f = await workflowFailureOf(withWorker((tq) => start(tq, { taskId: '404404404' }).then((h) => h.result())));
    assert.equal(f.type, 'FolderUpdateTaskNotFound');
    assert.equal(f.nonRetryable, true);
    assert.ok(f.cause instanceof ActivityFailure);
  });

  it('rides out transient faults: 5xx, 429 with Retry-After, resets, timeouts and malformed JSON', async () => {
    const taskId = task({ pendingPolls: 3 });
    sim.injectFault({ kind: 'status', status: 503 }, { count: 2, route: 'status' });
    sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 30 }, { route: 'status' });
    sim.injectFault({ kind: 'reset' }, { route: 'status' });
    sim.injectFault({ kind: 'hang' }, { route: 'status' });
    sim.injectFault({ kind: 'malformed' }, { route: 'status' });
    const result = await withWorker((tq) => start(tq, { taskId }).then((h) => h.result()));
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.polls, 5, 'faulted answers are not counted as polls');
  });
});

describe('awaitFolderUpdate timing', () => {
  it('waits hours of workflow time in seconds, continuing as new with its state', async () => {
    const taskId = task({ pendingPolls: 150 });
    const before = await env.currentTimeMs();
    const { result, firstRunId, lastRunId } = await withWorker(async (tq) => {
      const handle = await start(tq, { taskId });
      const result = await handle.result();
      const described = await env.client.workflow.getHandle(handle.workflowId).describe();
      return { result, firstRunId: handle.firstExecutionRunId, lastRunId: described.runId };
    });
    const elapsedMs = (await env.currentTimeMs()) - before;
    assert.equal(result.polls, 152);
    assert.ok(elapsedMs > 2 * 3600_000, `workflow time passed: ${elapsedMs} ms`);
    assert.notEqual(firstRunId, lastRunId, 'the workflow continued as new');
  });

  it('follows the backoff schedule with its cap, jitter only shortening', async () => {
    const taskId = task({ pendingPolls: 8 });
    const durations = await withWorker(async (tq) => {
      const handle = await start(tq, {
        taskId,
        initialPollInterval: '10s',
        backoffCoefficient: 2,
        maxPollInterval: '1m',
      });
      await handle.result();
      return timerDurationsMs(handle);
    });
    const expected = [10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000];
    assert.equal(durations.length, expected.length);
    durations.forEach((d, i) => {
      assert.ok(d <= expected[i]! && d >= expected[i]! * 0.9, `sleep ${i}: ${d} ms vs ${expected[i]} ms`);
    });
  });

  it('carries the poll count, deadline and last status across continue-as-new', async () => {
    const taskId = task({ pendingPolls: 12 });
    const f = await workflowFailureOf(
      withWorker((tq) =>
        start(tq, { taskId, maxPollsPerRun: 5, initialPollInterval: '1m', backoffCoefficient: 1, timeout: '10m' }).then(
          (h) => h.result(),
        ),
      ),
    );
    assert.equal(f.type, 'FolderUpdateTimedOut', 'the deadline of the first run still holds after continuing as new');
    const polls = Number(/after (\d+) polls/.exec(f.message)?.[1]);
    assert.ok(
      polls === 11 || polls === 12,
      `the poll count went on across runs: ${polls} (1-minute polls over 10 minutes)`,
    );
    assert.equal((f.details?.[0] as FolderUpdateStatus).status, 'PENDING');
  });

  it('times out with FolderUpdateTimedOut and the last status, never sleeping past the deadline', async () => {
    const taskId = task({ pendingPolls: 1_000_000 });
    const { failure, durations } = await withWorker(async (tq) => {
      const handle = await start(tq, {
        taskId,
        timeout: '5m',
        initialPollInterval: '1m',
        maxPollInterval: '2m',
        backoffCoefficient: 1.7,
      });
      const failure = await workflowFailureOf(handle.result());
      return { failure, durations: await timerDurationsMs(handle) };
    });
    assert.equal(failure.type, 'FolderUpdateTimedOut');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /did not finish within the timeout of 300000 ms \(last status PENDING with 0 errors/);
    assert.equal((failure.details?.[0] as FolderUpdateStatus).status, 'PENDING');
    const total = durations.reduce((a, b) => a + b, 0);
    assert.ok(total <= 300_000, `slept ${total} ms in all`);
  });

  it('times out during a HubSpot outage and carries the last status read', async () => {
    const taskId = task({ pendingPolls: 1_000_000 });
    const failure = await withWorker(async (tq) => {
      const handle = await start(tq, { taskId, timeout: '3m', initialPollInterval: '30s' });
      while ((await handle.query(getStatusQuery)).polls < 1) await new Promise((r) => setTimeout(r, 50));
      sim.injectFault({ kind: 'status', status: 503 }, { count: 1_000_000, route: 'status' });
      return workflowFailureOf(handle.result());
    });
    assert.equal(failure.type, 'FolderUpdateTimedOut');
    assert.match(failure.message, /the last poll failed: HubSpot answered 503/);
    assert.equal((failure.details?.[0] as FolderUpdateStatus).status, 'PENDING');
  });
});

describe('awaitFolderUpdate query and cancellation', () => {
  it('answers getStatus with the progress while waiting', async () => {
    const taskId = task({ pendingPolls: 1_000 });
    const progress = await withWorker(async (tq) => {
      const handle = await start(tq, { taskId, initialPollInterval: '1h', maxPollInterval: '1h' });
      let p = await handle.query(getStatusQuery);
      while (p.polls < 1 || !p.nextPollAt)
        p = (await new Promise((r) => setTimeout(r, 50)), await handle.query(getStatusQuery));
      await handle.terminate();
      return p;
    });
    assert.equal(progress.taskId, taskId);
    assert.equal(progress.polls, 1);
    assert.equal(progress.lastStatus?.status, 'PENDING');
    assert.ok(progress.lastPolledAt && progress.nextPollAt);
    const gapMs = Date.parse(progress.nextPollAt) - Date.parse(progress.lastPolledAt);
    assert.ok(gapMs > 0.89 * 3600_000 && gapMs <= 3600_000, `next poll ${gapMs} ms after the last`);
  });

  it('stops at once when cancelled, cancelling the in-flight poll', async () => {
    const taskId = task({ pendingPolls: 1_000 });
    sim.injectFault({ kind: 'hang' }, { route: 'status' });
    const hangsBefore = sim.stats().faultsInjected.hang ?? 0;
    const { err, cancelRequested } = await withWorker(async (tq) => {
      const handle = await start(tq, { taskId });
      // Wait until the poll is in flight (this test's hang fault has been served).
      while ((sim.stats().faultsInjected.hang ?? 0) === hangsBefore) await new Promise((r) => setTimeout(r, 20));
      await handle.cancel();
      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      const history = await handle.fetchHistory();
      return { err, cancelRequested: history.events?.some((e) => e.activityTaskCancelRequestedEventAttributes) };
    });
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof CancelledFailure, `expected CancelledFailure, got ${String(err.cause)}`);
    assert.ok(cancelRequested, 'the in-flight activity was asked to cancel');
  });
});

describe('awaitFolderUpdate input validation', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an empty taskId', { taskId: '' }, /taskId must not be empty/],
    ['a blank taskId', { taskId: '  ' }, /taskId must not be empty/],
    ['a numeric taskId', { taskId: 42 }, /taskId must be a string/],
    ['a taskId with /', { taskId: '1/2' }, /taskId must not contain '\/'/],
    ['a taskId with ?', { taskId: '1?x' }, /taskId must not contain '\?'/],
    ['a taskId with #', { taskId: '1#x' }, /taskId must not contain '#'/],
    ['a taskId with ..', { taskId: '..' }, /taskId must not contain '\.\.'/],
    ['a taskId with whitespace', { taskId: '1 2' }, /taskId must not contain whitespace/],
    ['a zero interval', { taskId: '1', initialPollInterval: '0s' }, /initialPollInterval must be a positive duration/],
    ['a negative max interval', { taskId: '1', maxPollInterval: -1 }, /maxPollInterval must be a positive duration/],
    ['a coefficient below 1', { taskId: '1', backoffCoefficient: 0.9 }, /backoffCoefficient must be a number from 1/],
    [
      'max below initial',
      { taskId: '1', initialPollInterval: '5m', maxPollInterval: '1m' },
      /maxPollInterval must not be below/,
    ],
    ['a negative timeout', { taskId: '1', timeout: '-1h' }, /timeout must be a positive duration/],
  ];
  for (const [name, input, message] of cases) {
    it(`fails at once with InvalidInput for ${name}, with no HTTP call`, async () => {
      const before = sim.stats().requests;
      const f = await workflowFailureOf(
        withWorker((tq) =>
          start(tq, input as unknown as Parameters<typeof awaitFolderUpdate>[0]).then((h) => h.result()),
        ),
      );
      assert.equal(f.type, 'InvalidInput');
      assert.equal(f.nonRetryable, true);
      assert.match(f.message, message);
      assert.equal(sim.stats().requests, before);
    });
  }
});
