/**
 * The retry phase on the real CLI dev server (real time; the server schedules the retries): after the early window
 * the polls are the attempts of one `pollFolderUpdateUntilDone` activity, spaced by our own schedule's
 * `nextRetryDelay` (the first delay spent without a request), with no timer and a few history events in all; a 429's
 * wait is honoured and not counted as a poll; a typed failure stops at once; the deadline gives FolderUpdateTimedOut
 * with the last status; a cancellation ends it at once; the new path replays deterministically.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate } from '../../src/workflows';
import { activityTypes, eventTypes, patchIds } from '../helpers/histories';
import { workflowFailureOf } from '../helpers/failures';
import { createDevServerEnv, withTestWorker, workflowBundle } from '../helpers/temporal-env';
import { until } from '../helpers/waiting';

let env: TestWorkflowEnvironment;
const sim = new HubSpotSimulator({ rateLimit: false });

before(async () => {
  [env] = await Promise.all([createDevServerEnv(), sim.start()]);
});
after(async () => {
  await env?.teardown();
  await sim.stop();
});

type Input = Parameters<typeof awaitFolderUpdate>[0];

function start(taskQueue: string, input: Input): Promise<WorkflowHandle<typeof awaitFolderUpdate>> {
  return env.client.workflow.start(awaitFolderUpdate, {
    taskQueue,
    workflowId: `retry-${randomUUID()}`,
    args: [{ laterPhase: 'retry', ...input }],
  });
}

/** When the simulator answered each status read of `taskId` (200s only), in epoch milliseconds. */
function readTimes(taskId: string): number[] {
  return sim
    .requestLog()
    .filter((r) => r.taskId === taskId && r.status === 200 && r.method === 'GET')
    .map((r) => r.at);
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('retry phase', () => {
  it('polls after the window as retries on our schedule, the first delays without a request, in few events', async () => {
    const taskId = sim.createTask({ pendingPolls: 4, processingPolls: 4 });
    const schedule = { initialPollInterval: '1s', backoffCoefficient: 1.5, maxPollInterval: '2500ms' } as const;
    const handle = await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, { taskId, ...schedule, earlyWindow: '2s' });
      assert.equal((await h.result()).polls, 9);
      return h;
    });
    assert.equal(sim.getTask(taskId)?.polls, 9, 'polls counts the status reads, no more');
    const history = await handle.fetchHistory();
    // The window, then one activity per status seen after it: PENDING until PROCESSING, PROCESSING until COMPLETE.
    const activities = activityTypes(history);
    assert.deepEqual(activities, ['watchFolderUpdate', 'pollFolderUpdateUntilDone', 'pollFolderUpdateUntilDone']);
    const types = await eventTypes(handle);
    assert.ok(!types.includes('timerStarted') && !types.includes('workflowExecutionContinuedAsNew'), types.join());
    assert.ok(types.length <= 40, `${types.length} events: ${types.join(', ')}`);
    // Each retry-phase activity's attempt 1 spends the delay without a request; every other attempt is one read.
    const attempts = (history.events ?? [])
      .map((e) => e.activityTaskStartedEventAttributes?.attempt)
      .filter((a): a is number => typeof a === 'number');
    const early = 9 - attempts.slice(1).reduce((sum, a) => sum + a - 1, 0);
    assert.ok(early >= 2 && early <= 4, `${early} reads in the 2 s window (attempts ${attempts.join(', ')})`);
    // Each wait after the window is at least the schedule's (less 10% jitter): 1 s × 1.5^n up to 2.5 s; the retry
    // policy's own 1 s interval would break the later ones.
    const expected = [1000, 1500, 2250, 2500, 2500, 2500, 2500, 2500].slice(early - 1);
    const phaseGaps = gaps(readTimes(taskId)).slice(early - 1);
    assert.equal(phaseGaps.length, expected.length);
    phaseGaps.forEach((gap, i) => {
      assert.ok(gap >= expected[i]! * 0.9 - 30, `wait ${early + i}: ${gap} ms, the schedule's ${expected[i]} ms`);
    });
    assert.deepEqual(patchIds(history), [], 'no patch marker: 1.0 has one code path');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
  });

  it("honours a 429's wait mid-phase, without counting it as a poll", async () => {
    const taskId = sim.createTask({ pendingPolls: 5, processingPolls: 0 });
    const every1s = { initialPollInterval: '1s', maxPollInterval: '1s', backoffCoefficient: 1 } as const;
    const result = await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, { taskId, ...every1s, earlyWindow: 0 });
      await until(() => (sim.getTask(taskId)?.polls ?? 0) >= 2, 'two reads', 30_000);
      sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 2 }, { route: 'status' });
      return h.result();
    });
    assert.equal(result.polls, 6);
    assert.equal(sim.getTask(taskId)?.polls, 6);
    const longest = Math.max(...gaps(readTimes(taskId)));
    assert.ok(longest >= 2000, `the 429's 2 s wait is honoured (longest gap ${longest} ms)`);
  });

  it('stops at once on a typed HubSpot failure, with its type', async () => {
    const failure = await withTestWorker(env, sim.baseUrl, (tq) =>
      workflowFailureOf(start(tq, { taskId: '404404404', earlyWindow: 0 }).then((h) => h.result())),
    );
    assert.equal(failure.type, 'FolderUpdateTaskNotFound');
  });

  it('fails at the deadline with FolderUpdateTimedOut, the last status and the count of reads', async () => {
    const taskId = sim.createTask({ pendingPolls: 1_000_000 });
    const every1s = { initialPollInterval: '1s', maxPollInterval: '1s', backoffCoefficient: 1 } as const;
    const failure = await withTestWorker(env, sim.baseUrl, (tq) =>
      workflowFailureOf(start(tq, { taskId, ...every1s, earlyWindow: 0, timeout: '5s' }).then((h) => h.result())),
    );
    assert.equal(failure.type, 'FolderUpdateTimedOut');
    assert.equal((failure.details?.[0] as { status?: string } | null)?.status, 'PENDING');
    const reads = sim.getTask(taskId)?.polls ?? 0;
    const times = readTimes(taskId);
    assert.ok(reads >= 4 && reads <= 7, `${reads} reads in 5 s, every second: ${gaps(times).join(', ')}`);
    assert.ok(times.at(-1)! - times[0]! <= 5000 + 1500, 'none after the deadline');
    assert.match(failure.message, new RegExp(`after ${reads} polls`));
  });

  it('ends at once when cancelled between attempts, with no more reads', async () => {
    const taskId = sim.createTask({ pendingPolls: 1_000_000 });
    const every3s = { initialPollInterval: '3s', maxPollInterval: '3s', backoffCoefficient: 1 } as const;
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, { taskId, ...every3s, earlyWindow: 0 });
      await until(() => (sim.getTask(taskId)?.polls ?? 0) >= 1, 'the first read', 30_000);
      await h.cancel();
      const err = await h.result().then(
        () => assert.fail('expected the wait to be cancelled'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));
      await new Promise((r) => setTimeout(r, 3_500));
    });
    assert.equal(sim.getTask(taskId)?.polls, 1, 'the pending retry was cancelled, not run');
  });
});
