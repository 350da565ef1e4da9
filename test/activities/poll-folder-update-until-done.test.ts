/**
 * The retry-phase poller (`pollFolderUpdateUntilDone`) under MockActivityEnvironment, against the HubSpot simulator:
 * one read per attempt; not yet done is a benign, retryable `FolderUpdatePending` whose `nextRetryDelay` is the
 * schedule's; a skipped first read; transient failures keep their type with the schedule's delay (a 429's wait at
 * least) and are counted as non-reads; typed failures pass through; the deadline makes it non-retryable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  RETRY_PHASE_DEADLINE_MARGIN_MS,
  type PollUntilDoneInput,
  type PollUntilDoneResult,
  type RetryPhaseProgress,
} from '../../src/activities';
import { HubSpotSimulator } from '../../src/simulator';

const sim = new HubSpotSimulator({ rateLimit: false });
before(() => sim.start());
after(() => sim.stop());

const schedule = { initialPollIntervalMs: 1000, maxPollIntervalMs: 8000, backoffCoefficient: 2 };
const HOUR = 3_600_000;

type Info = ConstructorParameters<typeof MockActivityEnvironment>[0];

/** An attempt `attempt` of an activity scheduled now with a schedule-to-close of `scheduleToCloseMs` (default 1 h). */
function attemptEnv(attempt: number, info: Info = {}, scheduleToCloseMs = HOUR): MockActivityEnvironment {
  const now = Date.now();
  return new MockActivityEnvironment({
    attempt,
    scheduledTimestampMs: now,
    currentAttemptScheduledTimestampMs: now,
    scheduleToCloseTimeoutMs: scheduleToCloseMs,
    ...info,
  });
}

function poll(
  env: MockActivityEnvironment,
  input: Partial<PollUntilDoneInput> & { taskId: string },
  countWaits?: () => Promise<number>,
) {
  const { pollFolderUpdateUntilDone } = createActivities({
    baseUrl: sim.baseUrl,
    token: 'sim-token',
    requestTimeoutMs: 2000,
    random: () => 0,
    ...(countWaits ? { countWaits } : {}),
  });
  // The workflow's last status is PENDING unless the test says otherwise: the same status read again is not done.
  const lastStatus = { taskId: input.taskId, status: 'PENDING' as const, numErrors: 0, errors: [] };
  const full: PollUntilDoneInput = { schedule, pollsBefore: 0, maxDelayMs: 600_000, lastStatus, ...input };
  return env.run(pollFolderUpdateUntilDone, full) as Promise<PollUntilDoneResult>;
}

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApplicationFailure, `got ${String(err)}`);
  return err;
}

describe('pollFolderUpdateUntilDone', () => {
  it('fails a not-yet-done read with a benign, retryable FolderUpdatePending on the schedule, with the progress', async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    // Attempt 3 after 2 reads of its own and 4 before the phase: the 7th read overall waits 1 s × 2^6, capped at 8 s.
    const err = await failure(poll(attemptEnv(3), { taskId, pollsBefore: 4 }));
    assert.equal(err.type, 'FolderUpdatePending');
    assert.equal(err.category, 'BENIGN');
    assert.equal(err.nonRetryable, false);
    assert.equal(err.nextRetryDelay, 8000);
    const progress = err.details?.[0] as RetryPhaseProgress;
    assert.equal(progress.polls, 7);
    assert.equal(progress.nonReads, 0);
    assert.equal(progress.lastStatus?.status, 'PENDING');
    assert.equal(sim.getTask(taskId)?.polls, 1, 'one read per attempt');

    const early = await failure(poll(attemptEnv(1), { taskId }));
    assert.equal(early.nextRetryDelay, 1000, 'the first read waits initialPollInterval');
  });

  it('returns a terminal status with the reads of all its attempts', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0 });
    // Attempt 6: attempt 1 skipped its read, one transient failure (recorded as 2 non-reads), 3 reads, then this one.
    const env = attemptEnv(6, { heartbeatDetails: { polls: 9, nonReads: 2 } });
    const result = await poll(env, { taskId, pollsBefore: 6, firstDelayMs: 5000 });
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 4);
  });

  it('returns a status other than the last one (or the first status read), so the workflow records the change', async () => {
    const taskId = sim.createTask({ pendingPolls: 1, processingPolls: 100 });
    const first = await poll(attemptEnv(1), { taskId, lastStatus: undefined });
    assert.deepEqual([first.status.status, first.polls], ['PENDING', 1]);
    const changed = await poll(attemptEnv(1), { taskId, pollsBefore: 1 });
    assert.deepEqual([changed.status.status, changed.polls], ['PROCESSING', 1]);
  });

  it('spends attempt 1 on the first delay without any request', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 100 });
    const before = sim.stats().requests;
    const lastStatus = { taskId, status: 'PROCESSING' as const, numErrors: 0, errors: [] };
    const err = await failure(poll(attemptEnv(1), { taskId, pollsBefore: 12, firstDelayMs: 7000, lastStatus }));
    assert.equal(err.type, 'FolderUpdatePending');
    assert.equal(err.nextRetryDelay, 7000);
    assert.deepEqual(err.details?.[0], { polls: 12, nonReads: 1, lastStatus });
    assert.equal(sim.stats().requests, before);
    // Attempt 2 reads, and counts attempt 1 as no read.
    const second = await failure(poll(attemptEnv(2), { taskId, pollsBefore: 12, firstDelayMs: 7000, lastStatus }));
    assert.equal((second.details?.[0] as RetryPhaseProgress).polls, 13);
  });

  it("keeps a 5xx's type on the schedule and a 429's wait, each counted as a non-read in the heartbeat", async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
    const env = attemptEnv(2);
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const err = await failure(poll(env, { taskId }));
    assert.equal(err.type, 'HubSpotServerError');
    assert.equal(err.nonRetryable, false);
    assert.equal(err.nextRetryDelay, 1000, 'after one read (attempt 1), the wait after the first read');
    assert.equal((err.details?.[0] as { httpStatus: number }).httpStatus, 503, "details[0] stays HubSpot's");
    const counts = (p: unknown) => ({
      polls: (p as RetryPhaseProgress).polls,
      nonReads: (p as RetryPhaseProgress).nonReads,
    });
    assert.deepEqual(counts(err.details?.[1]), { polls: 1, nonReads: 1 });
    assert.deepEqual(beats.map(counts), [{ polls: 1, nonReads: 1 }]);

    sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 30 }, { route: 'status' });
    const limited = await failure(poll(attemptEnv(3, { heartbeatDetails: { polls: 1, nonReads: 1 } }), { taskId }));
    assert.equal(limited.type, 'HubSpotRateLimited');
    assert.equal(limited.nextRetryDelay, 30_000);
    assert.deepEqual(counts(limited.details?.[1]), { polls: 1, nonReads: 2 });
  });

  it('cuts a wait to maxDelayMs, the retry policy cap', async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 3600 }, { route: 'status' });
    const err = await failure(poll(attemptEnv(2), { taskId, maxDelayMs: 90_000 }));
    assert.equal(err.nextRetryDelay, 90_000);
  });

  it('passes typed failures through, non-retryable, at once', async () => {
    const err = await failure(poll(attemptEnv(2), { taskId: '404404404' }));
    assert.equal(err.type, 'FolderUpdateTaskNotFound');
    assert.equal(err.nonRetryable, true);
  });

  it('cuts the last wait to end just before the deadline, and is non-retryable at the deadline', async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    // The deadline is 4 s away: the schedule-to-close less the margin the workflow adds.
    const near = await failure(poll(attemptEnv(5, {}, 4000 + RETRY_PHASE_DEADLINE_MARGIN_MS), { taskId }));
    const delay = near.nextRetryDelay as number;
    assert.ok(delay <= 4000 && delay > 3000, `delay ${delay}, not the schedule's 8 s`);
    const now = Date.now();
    // Scheduled an hour ago with a one-hour schedule-to-close: the deadline has come.
    const env = attemptEnv(9, { scheduledTimestampMs: now - HOUR, currentAttemptScheduledTimestampMs: now });
    const last = await failure(poll(env, { taskId }));
    assert.equal(last.type, 'FolderUpdatePending');
    assert.equal(last.nonRetryable, true);
    assert.match(last.message, /deadline has come/);
    assert.equal((last.details?.[0] as RetryPhaseProgress).lastStatus?.status, 'PENDING');
  });

  it('rejects bad input naming the field, before any HTTP call', async () => {
    const before = sim.stats().requests;
    const cases: Array<[Partial<PollUntilDoneInput> & { taskId: string }, RegExp]> = [
      [{ taskId: '../x' }, /taskId/],
      [{ taskId: '1', pollsBefore: -1 }, /pollsBefore/],
      [{ taskId: '1', firstDelayMs: Number.NaN }, /firstDelayMs/],
      [{ taskId: '1', maxDelayMs: 0 }, /maxDelayMs/],
      [{ taskId: '1', sharedPhaseMinWaits: 0 }, /sharedPhaseMinWaits/],
      [{ taskId: '1', schedule: { ...schedule, maxPollIntervalMs: -1 } }, /schedule\.maxPollIntervalMs/],
    ];
    for (const [input, pattern] of cases) {
      const err = await failure(poll(attemptEnv(1), input));
      assert.equal(err.type, 'InvalidInput');
      assert.match(err.message, pattern);
    }
    assert.equal(sim.stats().requests, before);
  });
});

describe("pollFolderUpdateUntilDone on a 'shared' wait (sharedPhaseMinWaits)", () => {
  /** A wait count that answers `n` and records each call. */
  function counting(n: number | Error) {
    const calls: number[] = [];
    const count = async () => {
      calls.push(Date.now());
      if (n instanceof Error) throw n;
      return n;
    };
    return { count, calls };
  }

  it('retries while fewer waits are under way, and hands a not-done read over once enough are', async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    const few = counting(9);
    const err = await failure(poll(attemptEnv(3), { taskId, pollsBefore: 4, sharedPhaseMinWaits: 10 }, few.count));
    assert.equal(err.type, 'FolderUpdatePending');
    assert.equal(err.nextRetryDelay, 8000);
    assert.equal(few.calls.length, 1, 'one count an attempt');

    const many = counting(10);
    const joined = await poll(attemptEnv(3), { taskId, pollsBefore: 4, sharedPhaseMinWaits: 10 }, many.count);
    assert.deepEqual(
      [joined.status.status, joined.polls, joined.crowded],
      ['PENDING', 3, true],
      'the reads of attempts 1 to 3',
    );
    assert.equal(sim.getTask(taskId)?.polls, 2, 'each attempt read once');
  });

  it('hands over on attempt 1 without any request when the first read is skipped', async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    const before = sim.stats().requests;
    const lastStatus = { taskId, status: 'PENDING' as const, numErrors: 0, errors: [] };
    const input = { taskId, pollsBefore: 20, firstDelayMs: 60_000, lastStatus, sharedPhaseMinWaits: 3 };
    const joined = await poll(attemptEnv(1), input, counting(3).count);
    assert.deepEqual(joined, { status: lastStatus, polls: 0, crowded: true });
    assert.equal(sim.stats().requests, before);
    // sharedPhaseMinWaits 1 joins without counting.
    const alone = counting(0);
    const atOnce = await poll(attemptEnv(1), { ...input, sharedPhaseMinWaits: 1 }, alone.count);
    assert.equal(atOnce.crowded, true);
    assert.equal(alone.calls.length, 0);
  });

  it("polls on as on 'retry' when the count fails, when the option is absent, and at the deadline", async () => {
    const taskId = sim.createTask({ pendingPolls: 100 });
    const failing = counting(new Error('count unavailable'));
    const err = await failure(poll(attemptEnv(2), { taskId, sharedPhaseMinWaits: 10 }, failing.count));
    assert.equal(err.type, 'FolderUpdatePending');
    assert.equal(err.nonRetryable, false);
    assert.equal(failing.calls.length, 1);

    const unused = counting(1_000);
    await failure(poll(attemptEnv(2), { taskId }, unused.count));
    assert.equal(unused.calls.length, 0, "a 'retry' wait never counts");

    const now = Date.now();
    const env = attemptEnv(9, { scheduledTimestampMs: now - HOUR, currentAttemptScheduledTimestampMs: now });
    const last = await failure(poll(env, { taskId, sharedPhaseMinWaits: 1 }, unused.count));
    assert.equal(last.nonRetryable, true, 'at the deadline the wait times out; it does not join');
  });
});
