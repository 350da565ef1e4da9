/**
 * The early-window poller (`watchFolderUpdate`) under MockActivityEnvironment, against the HubSpot simulator: it polls
 * on the schedule until terminal or the window ends, heartbeats its progress, resumes from heartbeat details, and
 * stops at once when cancelled. The clock, the sleep and the jitter are injected through the deps, so that the tests
 * assert exact delays and exact poll counts; the cancellation test runs on the real sleep.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  type ActivityDeps,
  type WatchFolderUpdateInput,
  type WatchFolderUpdateResult,
  type WatchProgress,
  watchHeartbeatEveryMs,
} from '../../src/activities';
import { HubSpotSimulator } from '../../src/simulator';

let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(() => sim.stop());

/** A fixed 100 ms cadence. */
const every100ms = { initialPollIntervalMs: 100, maxPollIntervalMs: 100, backoffCoefficient: 1 };

/**
 * Injected time: `now()` reads a virtual clock that only the poller's sleeps move, each sleep is recorded (in ms) and
 * returns at once, and `onSleep` runs after the n-th one (1-based). Jitter is `random()` = 0 unless given.
 */
class VirtualTime {
  nowMs = Date.now();
  readonly sleeps: number[] = [];
  onSleep: (n: number) => void = () => {};
  constructor(readonly jitter = 0) {}
  deps(): Pick<ActivityDeps, 'now' | 'sleep' | 'random'> {
    return {
      now: () => this.nowMs,
      sleep: async (ms) => {
        this.sleeps.push(ms);
        this.nowMs += Math.max(0, ms);
        this.onSleep(this.sleeps.length);
      },
      random: () => this.jitter,
    };
  }
}

/** Runs `watchFolderUpdate` in `env`, built on `time` (the real clock and sleep when absent) and `extra` deps. */
function watch(
  env: MockActivityEnvironment,
  input: WatchFolderUpdateInput,
  time?: VirtualTime,
  extra: Partial<ActivityDeps> = {},
): Promise<WatchFolderUpdateResult> {
  const { watchFolderUpdate } = createActivities({
    baseUrl: sim.baseUrl,
    token: 'sim-token',
    requestTimeoutMs: 2000,
    ...time?.deps(),
    ...extra,
  });
  return env.run(watchFolderUpdate, input) as Promise<WatchFolderUpdateResult>;
}

/** An activity environment whose activity was scheduled `agoMs` before `time`'s now (the mock's default is 1970). */
function scheduled(
  time: { nowMs: number },
  agoMs = 0,
  info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {},
) {
  return new MockActivityEnvironment({ scheduledTimestampMs: time.nowMs - agoMs, ...info });
}

/**
 * The environment of a second attempt, scheduled when the window started, whose crashed first attempt heartbeated
 * `polls` reads, the last one `polledAgoMs` before `time`'s now.
 */
function retryOfCrashedAttempt(
  time: VirtualTime,
  taskId: string,
  status: 'PENDING' | 'PROCESSING',
  p: { polls: number; windowAgoMs: number; polledAgoMs: number },
): MockActivityEnvironment {
  const heartbeatDetails: WatchProgress = {
    polls: p.polls,
    windowStartedAtMs: time.nowMs - p.windowAgoMs,
    lastStatus: { taskId, status, numErrors: 0, errors: [], links: {} },
    lastPolledAtMs: time.nowMs - p.polledAgoMs,
  };
  return scheduled(time, p.windowAgoMs, { attempt: 2, heartbeatDetails });
}

/** The real clock, for {@link scheduled}. */
const realClock = {
  get nowMs() {
    return Date.now();
  },
};

describe('watchFolderUpdate', () => {
  it('polls on the schedule until the task is terminal, with no heartbeat within the first interval', async () => {
    const taskId = sim.createTask({ pendingPolls: 2, processingPolls: 2 });
    const time = new VirtualTime();
    const env = scheduled(time, 0, { heartbeatTimeoutMs: 30_000 });
    const beats: WatchProgress[] = [];
    env.on('heartbeat', (d: WatchProgress) => beats.push(structuredClone(d)));
    const result = await watch(env, { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms }, time);
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 5);
    assert.equal(sim.getTask(taskId)?.polls, 5);
    // Four sleeps of 100 ms, one after each non-terminal read.
    assert.deepEqual(time.sleeps, [100, 100, 100, 100]);
    // Done within 0.8 × the heartbeat timeout of the start: no heartbeat (each is a Temporal Cloud action).
    assert.deepEqual(beats, []);
  });

  it('heartbeats the latest progress once per 0.8 × the heartbeat timeout, the first one after that long', async () => {
    assert.equal(watchHeartbeatEveryMs(60_000), 48_000);
    assert.equal(watchHeartbeatEveryMs(600_000), 60_000, 'at most once a minute, as the worker throttles them');
    assert.equal(watchHeartbeatEveryMs(undefined), 60_000);
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled(realClock, 0, { heartbeatTimeoutMs: 1_000 });
    const startedAt = Date.now();
    const beats: { atMs: number; polls: number }[] = [];
    env.on('heartbeat', (d: WatchProgress) => beats.push({ atMs: Date.now() - startedAt, polls: d.polls }));
    // The real clock and sleep: reads every 100 ms for 2 s, heartbeats every 800 ms.
    const result = await watch(env, { taskId, windowMs: 2_000, pollsBefore: 0, schedule: every100ms });
    assert.ok(beats.length >= 1 && beats.length <= 2, `heartbeats at ${JSON.stringify(beats)}`);
    assert.ok((beats[0]?.atMs ?? 0) >= 750, 'none before one interval');
    assert.ok((beats[0]?.polls ?? 0) >= 2, 'the first carries the reads so far');
    assert.ok(beats.every((b, i) => i === 0 || b.polls >= (beats[i - 1]?.polls ?? 0)));
    assert.ok(result.polls > (beats.at(-1)?.polls ?? 0));
  });

  it('grows the waits by the coefficient from the polls before it, jitter from the injected random only shortening them', async () => {
    const taskId = sim.createTask({ pendingPolls: 3, processingPolls: 2 });
    const time = new VirtualTime(0.5);
    const schedule = { initialPollIntervalMs: 100, maxPollIntervalMs: 1000, backoffCoefficient: 2 };
    const result = await watch(scheduled(time), { taskId, windowMs: 60_000, pollsBefore: 2, schedule }, time);
    assert.equal(result.polls, 6);
    // The waits after overall reads 3 to 7: 100 × 2^2, 2^3, then capped at 1000 ms; each 5% shorter (0.1 × 0.5).
    assert.deepEqual(time.sleeps, [380, 760, 950, 950, 950]);
  });

  it('closes the window with a poll at its end, then returns the last non-terminal status', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const time = new VirtualTime();
    const started = time.nowMs;
    const result = await watch(scheduled(time), { taskId, windowMs: 350, pollsBefore: 0, schedule: every100ms }, time);
    assert.equal(result.status.status, 'PENDING');
    // Reads at 0, 100, 200 and 300 ms, and the last wait cut short to the window's end at 350 ms.
    assert.deepEqual(time.sleeps, [100, 100, 100, 50]);
    assert.equal(result.polls, 5);
    assert.equal(sim.getTask(taskId)?.polls, 5);
    assert.equal(time.nowMs - started, 350, "it returns right after the poll at the window's end");
  });

  it('counts the window from when the activity was scheduled: a long wait for a worker slot leaves one poll', async () => {
    const taskId = sim.createTask({ pendingPolls: 10 });
    const time = new VirtualTime();
    const result = await watch(
      scheduled(time, 90_000),
      { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms },
      time,
    );
    assert.equal(result.polls, 1);
    assert.deepEqual(time.sleeps, []);
  });

  it('treats a schedule time ahead of its clock as now', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 2 });
    const time = new VirtualTime();
    const result = await watch(
      scheduled(time, -3_600_000),
      { taskId, windowMs: 5_000, pollsBefore: 0, schedule: every100ms },
      time,
    );
    assert.equal(result.polls, 3);
    assert.deepEqual(time.sleeps, [100, 100]);
  });

  it('polls exactly once with a window of 0', async () => {
    const taskId = sim.createTask({ pendingPolls: 10 });
    const time = new VirtualTime();
    const result = await watch(scheduled(time), { taskId, windowMs: 0, pollsBefore: 7, schedule: every100ms }, time);
    assert.equal(result.polls, 1);
    assert.equal(sim.getTask(taskId)?.polls, 1);
    assert.deepEqual(time.sleeps, []);
  });

  it('resumes the count and the window from the heartbeat details of a crashed attempt', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 1 });
    const time = new VirtualTime();
    const env = retryOfCrashedAttempt(time, taskId, 'PROCESSING', { polls: 6, windowAgoMs: 5_000, polledAgoMs: 30 });
    const result = await watch(env, { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms }, time);
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 6 + 2, 'six reads before the crash, two after');
    assert.equal(sim.getTask(taskId)?.polls, 2);
    // What was left of the crashed attempt's 100 ms wait, then one wait between its own two reads.
    assert.deepEqual(time.sleeps, [70, 100]);
  });

  it('polls at once on a retry that resumes after the window is over, and ends the window with that poll', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const time = new VirtualTime();
    const env = retryOfCrashedAttempt(time, taskId, 'PENDING', { polls: 3, windowAgoMs: 60_000, polledAgoMs: 20_000 });
    const result = await watch(env, { taskId, windowMs: 30_000, pollsBefore: 0, schedule: every100ms }, time);
    assert.equal(result.polls, 4);
    assert.equal(sim.getTask(taskId)?.polls, 1);
    assert.deepEqual(time.sleeps, []);
  });

  it('ignores heartbeat details that are not its own', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0 });
    const time = new VirtualTime();
    const env = scheduled(time, 0, { heartbeatDetails: { polls: 'many' } });
    const result = await watch(env, { taskId, windowMs: 1000, pollsBefore: 0, schedule: every100ms }, time);
    assert.equal(result.polls, 1);
  });

  it('stops at once when cancelled while sleeping (the real sleep)', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled(realClock);
    const slow = { initialPollIntervalMs: 60_000, maxPollIntervalMs: 60_000, backoffCoefficient: 1 };
    // Cancelled once the first read is in (not after a fixed delay: under load the first read can take longer).
    let cancelledAt = 0;
    const cancelAfterFirstRead = setInterval(() => {
      if ((sim.getTask(taskId)?.polls ?? 0) < 1) return;
      clearInterval(cancelAfterFirstRead);
      cancelledAt = Date.now();
      env.cancel('CANCELLED');
    }, 20);
    const err = await watch(env, { taskId, windowMs: 600_000, pollsBefore: 0, schedule: slow }).then(
      () => assert.fail('expected cancellation'),
      (e: unknown) => e,
    );
    clearInterval(cancelAfterFirstRead);
    assert.ok(err instanceof CancelledFailure, `got ${String(err)}`);
    assert.ok(cancelledAt > 0 && Date.now() - cancelledAt < 2000, 'stopped within 2 s of the cancel, not at 60 s');
    assert.equal(sim.getTask(taskId)?.polls, 1);
  });

  /**
   * A fetch whose answer is held `holdMs` after HubSpot (the simulator) served it, `onServed` called meanwhile: a
   * request that the signal aborts during the hold is lost although HubSpot counted it, as on a real network.
   */
  function heldFetch(holdMs: number, onServed: () => void): typeof fetch {
    return async (url, init) => {
      const served = await fetch(url, init);
      const text = await served.text();
      onServed();
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      init?.signal?.throwIfAborted();
      return new Response(text, { status: served.status, headers: served.headers });
    };
  }

  it('lets a read in flight finish when its worker shuts down, and closes the window with it', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled(realClock);
    const every50ms = { initialPollIntervalMs: 50, maxPollIntervalMs: 50, backoffCoefficient: 1 };
    let served = 0;
    const fetch = heldFetch(100, () => {
      if (++served === 3) env.cancel('WORKER_SHUTDOWN');
    });
    const input = { taskId, windowMs: 600_000, pollsBefore: 0, schedule: every50ms };
    const result = await watch(env, input, undefined, { fetch });
    // The third read was let finish and counted: the workflow polls on elsewhere without reading it again.
    assert.equal(result.status.status, 'PENDING');
    assert.equal(result.polls, 3);
    assert.equal(sim.getTask(taskId)?.polls, 3);
  });

  it('closes the window at once with the reads so far when its worker shuts down while it sleeps', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled(realClock);
    const slow = { initialPollIntervalMs: 60_000, maxPollIntervalMs: 60_000, backoffCoefficient: 1 };
    const fetch = heldFetch(0, () => setTimeout(() => env.cancel('WORKER_SHUTDOWN'), 50));
    const startedAt = Date.now();
    const result = await watch(env, { taskId, windowMs: 600_000, pollsBefore: 0, schedule: slow }, undefined, {
      fetch,
    });
    assert.ok(Date.now() - startedAt < 2000, 'closed within 2 s of the shutdown, not at 60 s');
    assert.equal(result.polls, 1);
    assert.equal(sim.getTask(taskId)?.polls, 1);
  });

  it('aborts a read in flight when the wait is cancelled (not a shutdown)', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const env = scheduled(realClock);
    const fetch = heldFetch(200, () => env.cancel('CANCELLED'));
    const err = await watch(env, { taskId, windowMs: 600_000, pollsBefore: 0, schedule: every100ms }, undefined, {
      fetch,
    }).then(
      () => assert.fail('expected cancellation'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CancelledFailure, `got ${String(err)}`);
    assert.equal(sim.getTask(taskId)?.polls, 1);
  });

  it('stops before the next read once the cancellation check says the wait is over, as a benign failure', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const time = new VirtualTime();
    let checks = 0;
    const cancellationCheck = async () => ++checks === 3;
    const input = { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms };
    const err = await watch(scheduled(time), input, time, { cancellationCheck }).then(
      () => assert.fail('expected the poller to stop'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplicationFailure, `got ${String(err)}`);
    assert.equal(err.type, 'FolderUpdateWaitCancelled');
    assert.equal(err.nonRetryable, true);
    assert.equal(err.category, 'BENIGN');
    // The first read is not checked; the third check stops the poller before a fourth read.
    assert.equal(checks, 3);
    assert.equal(sim.getTask(taskId)?.polls, 3);
  });

  it('polls on when the cancellation check fails (server unreachable, no permission)', async () => {
    const taskId = sim.createTask({ pendingPolls: 4, processingPolls: 0 });
    const time = new VirtualTime();
    let checks = 0;
    const cancellationCheck = async () => {
      checks++;
      throw new Error('describe refused');
    };
    const input = { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms };
    const result = await watch(scheduled(time), input, time, { cancellationCheck });
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 5);
    assert.equal(checks, 4);
  });

  it('ends the window on a transient failure after a read, returning the last status and the count', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const time = new VirtualTime();
    time.onSleep = (n) => {
      if (n === 2) sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
    };
    const slow = { initialPollIntervalMs: 300, maxPollIntervalMs: 300, backoffCoefficient: 1 };
    const result = await watch(scheduled(time), { taskId, windowMs: 60_000, pollsBefore: 0, schedule: slow }, time);
    assert.equal(result.status.status, 'PENDING');
    assert.equal(result.polls, 2);
    assert.equal(result.retryAfterMs, undefined);
  });

  it('hands a 429 that ends the window over with its wait', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const time = new VirtualTime();
    time.onSleep = (n) => {
      if (n === 1) sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 7 }, { route: 'status' });
    };
    const slow = { initialPollIntervalMs: 300, maxPollIntervalMs: 300, backoffCoefficient: 1 };
    const result = await watch(scheduled(time), { taskId, windowMs: 60_000, pollsBefore: 0, schedule: slow }, time);
    assert.equal(result.polls, 1);
    assert.equal(result.retryAfterMs, 7000);
  });

  it('fails the attempt on a transient failure before any read, and at once on a permanent one', async () => {
    const taskId = sim.createTask({ pendingPolls: 1000 });
    const time = new VirtualTime();
    sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
    const transient = await watch(
      scheduled(time),
      { taskId, windowMs: 60_000, pollsBefore: 0, schedule: every100ms },
      time,
    ).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(transient instanceof ApplicationFailure && transient.type === 'HubSpotServerError', String(transient));
    assert.equal(transient.nonRetryable, false);
    const missing = await watch(
      scheduled(time),
      { taskId: '404404404', windowMs: 60_000, pollsBefore: 0, schedule: every100ms },
      time,
    ).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(missing instanceof ApplicationFailure && missing.type === 'FolderUpdateTaskNotFound', String(missing));
    assert.deepEqual(time.sleeps, []);
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
      const err = await watch(scheduled(realClock), input).then(
        () => assert.fail('expected InvalidInput'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApplicationFailure && err.type === 'InvalidInput', String(err));
      assert.match(err.message, pattern);
    }
    assert.equal(sim.stats().requests, before);
  });
});
