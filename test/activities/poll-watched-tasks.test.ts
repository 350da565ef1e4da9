/**
 * The shared watcher's poller (`pollWatchedTasks`) under MockActivityEnvironment, against the HubSpot simulator, on
 * injected time: it reads each task when due on its own schedule until every task has ended, keeps the poll counts
 * going from where the waits left them, resumes from its heartbeat details after a crash, stops reading at a
 * task's deadline, and rejects bad input naming the field before any HTTP call. (Its signals and the describe of its
 * watcher need the worker's client: the dev-server tests in test/workflows/shared-phase.test.ts cover them.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  type ActivityDeps,
  type PollWatchedTasksInput,
  type PollWatchedTasksResult,
  type WatchedTask,
} from '../../src/activities';
import { HubSpotSimulator } from '../../src/simulator';
import { applicationFailureOf } from '../helpers/failures';

let sim: HubSpotSimulator;
before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(() => sim.stop());

const schedule = { initialPollIntervalMs: 1000, maxPollIntervalMs: 4000, backoffCoefficient: 2 };

/** A virtual clock that only the poller's sleeps move; every sleep recorded. */
function virtualTime(startMs: number): { deps: Pick<ActivityDeps, 'now' | 'sleep' | 'random'>; sleeps: number[] } {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    deps: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += Math.max(0, ms);
      },
      random: () => 0,
    },
  };
}

function task(taskId: string, over: Partial<WatchedTask> = {}): WatchedTask {
  return {
    waitWorkflowId: `wait-${taskId}`,
    kind: 'folder-update',
    taskId,
    schedule,
    polls: 10,
    lastStatus: 'PENDING',
    lastNumErrors: 0,
    nextPollAtMs: 1_000_000,
    deadlineMs: 10_000_000,
    ...over,
  };
}

function poll(
  env: MockActivityEnvironment,
  input: PollWatchedTasksInput,
  deps: Pick<ActivityDeps, 'now' | 'sleep' | 'random'>,
): Promise<PollWatchedTasksResult> {
  const activities = createActivities({
    baseUrl: sim.baseUrl,
    token: 'sim-token',
    maxRequestsPerSecond: Infinity,
    ...deps,
  });
  return env.run(activities.pollWatchedTasks, input);
}

describe('pollWatchedTasks', () => {
  it('reads each task when due on its schedule, the counts going on, until every task has ended', async () => {
    const a = sim.createTask({ pendingPolls: 2, processingPolls: 1 });
    const b = sim.createTask({ pendingPolls: 1, processingPolls: 0 });
    const time = virtualTime(1_000_000);
    const result = await poll(
      new MockActivityEnvironment(),
      { tasks: [task(a), task(b, { nextPollAtMs: 1_002_000, polls: 3 })] },
      time.deps,
    );
    assert.deepEqual(
      result.tasks.map((t) => [t.polls, t.lastStatus, t.ended]),
      [
        [14, 'COMPLETE', true],
        [5, 'COMPLETE', true],
      ],
    );
    assert.equal(sim.getTask(a)?.polls, 4);
    assert.equal(sim.getTask(b)?.polls, 2);
    // a's reads after the 10 polls before: 4 s apart (the schedule's cap from poll 11 on), at +0 to +12 s; b's at +2 s, +6 s.
    assert.equal(
      time.sleeps.reduce((s, ms) => s + ms, 0),
      12_000,
    );
  });

  it('resumes a crashed attempt from its heartbeat details, and stops reading at a deadline', async () => {
    const a = sim.createTask({ pendingPolls: 2, processingPolls: 0 });
    const late = sim.createTask({ pendingPolls: 1000 });
    const env = new MockActivityEnvironment({
      heartbeatDetails: {
        polls: [20, 5],
        status: ['PENDING', 'PENDING'],
        errors: [0, 0],
        next: [1_000_000, 1_000_000],
        ended: [0, 0],
      },
    });
    const time = virtualTime(1_000_000);
    const result = await poll(env, { tasks: [task(a), task(late, { deadlineMs: 1_009_000 })] }, time.deps);
    assert.deepEqual(
      result.tasks.map((t) => [t.polls, t.ended]),
      [
        [23, true],
        [8, true],
      ],
      'counts from the heartbeat (20 and 5), not the input (10)',
    );
    assert.equal(sim.getTask(late)?.polls, 3, 'reads at +0, +4 s, +8 s, none at or past the 9 s deadline');
  });

  it('rejects bad input naming the field, before any HTTP call', async () => {
    const before = sim.requestLog().length;
    const time = virtualTime(0);
    const failure = await applicationFailureOf(
      poll(new MockActivityEnvironment(), { tasks: [task('123', { nextPollAtMs: Number.NaN })] }, time.deps),
    );
    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /tasks\[0\]\.nextPollAtMs/);
    const kind = await applicationFailureOf(
      poll(new MockActivityEnvironment(), { tasks: [task('123', { kind: 'nope' as never })] }, time.deps),
    );
    assert.match(kind.message, /tasks\[0\]\.kind/);
    assert.equal(sim.requestLog().length, before);
  });
});
