/**
 * The early-window poller (`watchFolderUpdate`) under MockActivityEnvironment, against the HubSpot simulator: it polls
 * on the schedule until terminal or the window ends, heartbeats its progress, resumes from heartbeat details, and
 * stops at once when cancelled.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  type WatchFolderUpdateInput,
  type WatchFolderUpdateResult,
  type WatchProgress,
} from '../../src/activities';
import { HubSpotSimulator } from '../../src/simulator';

let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(() => sim.stop());

const { watchFolderUpdate } = (() => {
  let built: ReturnType<typeof createActivities> | undefined;
  return {
    watchFolderUpdate: (input: WatchFolderUpdateInput) => {
      built ??= createActivities({ baseUrl: sim.baseUrl, token: 'sim-token', requestTimeoutMs: 2000 });
      return built.watchFolderUpdate(input);
    },
  };
})();

/** A fixed 100 ms cadence. */
const every100ms = { initialPollIntervalMs: 100, maxPollIntervalMs: 100, backoffCoefficient: 1 };

function watch(env: MockActivityEnvironment, input: WatchFolderUpdateInput): Promise<WatchFolderUpdateResult> {
  return env.run(watchFolderUpdate, input) as Promise<WatchFolderUpdateResult>;
}

/** An activity environment whose activity was scheduled `agoMs` ago (the mock's default is 1970). */
function scheduled(agoMs = 0, info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}) {
  return new MockActivityEnvironment({ scheduledTimestampMs: Date.now() - agoMs, ...info });
}

describe('watchFolderUpdate', () => {
  it('polls on the schedule until the task is terminal, heartbeating the progress', async () => {
    const taskId = sim.createTask({ pendingPolls: 2, processingPolls: 2 });
    const env = scheduled();
    const beats: WatchProgress[] = [];
    env.on('heartbeat', (d: WatchProgress) => beats.push(structuredClone(d)));
    const started = Date.now();
    const result = await watch(env, { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms });
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 5);
    assert.equal(sim.getTask(taskId)?.polls, 5);
    // Four sleeps of 90-100 ms (jitter only shortens).
    assert.ok(Date.now() - started >= 4 * 90, `took ${Date.now() - started} ms`);
    // A heartbeat after each non-terminal read, carrying the count and the last status.
    assert.deepEqual(
      beats.map((b) => b.polls),
      [1, 2, 3, 4],
    );
    assert.equal(beats[3]?.lastStatus?.status, 'PROCESSING');
  });

  it('closes the window with a poll at its end, then returns the last non-terminal status', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled();
    const started = Date.now();
    const result = await watch(env, { taskId, windowMs: 350, pollsBefore: 0, schedule: every100ms });
    assert.equal(result.status.status, 'PENDING');
    // Reads at about 0, 100, 200 and 300 ms, and the last one cut short to the window's end at 350 ms (4 when the
    // reads themselves are slow enough to push the fourth past it).
    assert.ok(result.polls === 4 || result.polls === 5, `polls ${result.polls}`);
    assert.equal(sim.getTask(taskId)?.polls, result.polls);
    const took = Date.now() - started;
    assert.ok(took >= 350 && took < 1000, `it returns right after the poll at the window's end (${took} ms)`);
  });

  it('counts the window from when the activity was scheduled: a long wait for a worker slot leaves one poll', async () => {
    const taskId = sim.createTask({ pendingPolls: 10 });
    const result = await watch(scheduled(90_000), {
      taskId,
      windowMs: 60_000,
      pollsBefore: 0,
      schedule: every100ms,
    });
    assert.equal(result.polls, 1);
  });

  it('treats a schedule time ahead of its clock as now', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 2 });
    const result = await watch(scheduled(-3_600_000), {
      taskId,
      windowMs: 5_000,
      pollsBefore: 0,
      schedule: every100ms,
    });
    assert.equal(result.polls, 3);
  });

  it('polls exactly once with a window of 0', async () => {
    const taskId = sim.createTask({ pendingPolls: 10 });
    const result = await watch(scheduled(), {
      taskId,
      windowMs: 0,
      pollsBefore: 7,
      schedule: every100ms,
    });
    assert.equal(result.polls, 1);
    assert.equal(sim.getTask(taskId)?.polls, 1);
  });

  it('resumes the count and the window from the heartbeat details of a crashed attempt', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 1 });
    const earlier: WatchProgress = { polls: 6, windowStartedAtMs: Date.now() - 5_000, lastPolledAtMs: Date.now() - 30 };
    const env = scheduled(5_000, { attempt: 2, heartbeatDetails: earlier });
    const result = await watch(env, { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms });
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 6 + 2, 'six reads before the crash, two after');
    assert.equal(sim.getTask(taskId)?.polls, 2);
  });

  it('ignores heartbeat details that are not its own', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0 });
    const env = scheduled(0, { heartbeatDetails: { polls: 'many' } });
    const result = await watch(env, { taskId, windowMs: 1000, pollsBefore: 0, schedule: every100ms });
    assert.equal(result.polls, 1);
  });

  it('stops at once when cancelled while sleeping', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled();
    const slow = { initialPollIntervalMs: 60_000, maxPollIntervalMs: 60_000, backoffCoefficient: 1 };
    setTimeout(() => env.cancel('CANCELLED'), 200);
    const started = Date.now();
    const err = await watch(env, { taskId, windowMs: 600_000, pollsBefore: 0, schedule: slow }).then(
      () => assert.fail('expected cancellation'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CancelledFailure, `got ${String(err)}`);
    assert.ok(Date.now() - started < 2000);
    assert.equal(sim.getTask(taskId)?.polls, 1);
  });

  it('ends the window on a transient failure after a read, returning the last status and the count', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const slow = { initialPollIntervalMs: 300, maxPollIntervalMs: 300, backoffCoefficient: 1 };
    const running = watch(scheduled(), { taskId, windowMs: 60_000, pollsBefore: 0, schedule: slow });
    while ((sim.getTask(taskId)?.polls ?? 0) < 2) await new Promise((r) => setTimeout(r, 20));
    sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
    const result = await running;
    assert.equal(result.status.status, 'PENDING');
    assert.equal(result.polls, 2);
  });

  it('hands a 429 that ends the window over with its wait', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const slow = { initialPollIntervalMs: 300, maxPollIntervalMs: 300, backoffCoefficient: 1 };
    const running = watch(scheduled(), { taskId, windowMs: 60_000, pollsBefore: 0, schedule: slow });
    while ((sim.getTask(taskId)?.polls ?? 0) < 1) await new Promise((r) => setTimeout(r, 20));
    sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 7 }, { route: 'status' });
    const result = await running;
    assert.equal(result.polls, 1);
    assert.equal(result.retryAfterMs, 7000);
  });

  it('fails the attempt on a transient failure before any read, and at once on a permanent one', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
    const transient = await watch(scheduled(), { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(transient instanceof ApplicationFailure && transient.type === 'HubSpotServerError', String(transient));
    assert.equal(transient.nonRetryable, false);
    const missing = await watch(scheduled(), {
      taskId: '404404404',
      windowMs: 60_000,
      pollsBefore: 0,
      schedule: every100ms,
    }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(missing instanceof ApplicationFailure && missing.type === 'FolderUpdateTaskNotFound', String(missing));
  });

  it('rejects bad input naming the field, before any HTTP call', async () => {
    const before = sim.stats().requests;
    const cases: Array<[Partial<WatchFolderUpdateInput>, RegExp]> = [
      [{ taskId: '../x' }, /taskId/],
      [{ windowMs: -1 }, /windowMs/],
      [{ pollsBefore: 1.5 }, /pollsBefore/],
      [{ schedule: { ...every100ms, backoffCoefficient: Number.NaN } }, /schedule\.backoffCoefficient/],
    ];
    for (const [patch, pattern] of cases) {
      const input = { taskId: '1', windowMs: 1000, pollsBefore: 0, schedule: every100ms, ...patch };
      const err = await watch(scheduled(), input).then(
        () => assert.fail('expected InvalidInput'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApplicationFailure && err.type === 'InvalidInput', String(err));
      assert.match(err.message, pattern);
    }
    assert.equal(sim.stats().requests, before);
  });
});
