/**
 * The hybrid poller on the real CLI dev server (real time; the early window's polls run inside an activity): the
 * early window costs a handful of history events, polls switch to durable timers after it, the new path replays
 * deterministically, and a worker killed inside the window is replaced by a retry that resumes the count from the
 * heartbeat details. A cancelled wait's poller stops within one more status request (the cancellation check).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, openCloseWatches, type ActivityDeps } from '../../src/activities';
import { HubSpotSimulator, type TaskScript } from '../../src/simulator';
import { awaitFolderUpdate } from '../../src/workflows';
import { activityTypes, eventTypes } from '../helpers/histories';
import { spawnPackageWorker } from '../helpers/processes';
import { createDevServerEnv, withTestWorker, workflowBundle } from '../helpers/temporal-env';
import { until } from '../helpers/waiting';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  [env, sim] = await Promise.all([createDevServerEnv(), Promise.resolve(new HubSpotSimulator({ rateLimit: false }))]);
  await sim.start();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

type Input = Parameters<typeof awaitFolderUpdate>[0];

function start(taskQueue: string, input: Input): Promise<WorkflowHandle<typeof awaitFolderUpdate>> {
  return env.client.workflow.start(awaitFolderUpdate, {
    taskQueue,
    workflowId: `hybrid-${randomUUID()}`,
    args: [input],
  });
}

const task = (script: TaskScript): string => sim.createTask(script);

describe('hybrid poller', () => {
  it('answers a task that finishes inside the early window in at most 15 history events, with no timer', async () => {
    const taskId = task({ pendingPolls: 2, processingPolls: 2 });
    const handle = await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, {
        taskId,
        initialPollInterval: '200ms',
        backoffCoefficient: 1.2,
        earlyWindow: '1m',
        earlyWindowHeartbeatTimeout: '20s',
      });
      assert.equal((await h.result()).polls, 5);
      return h;
    });
    const scheduled = (await handle.fetchHistory()).events?.find((e) => e.activityTaskScheduledEventAttributes);
    const heartbeatTimeout = scheduled?.activityTaskScheduledEventAttributes?.heartbeatTimeout;
    assert.equal(Number(heartbeatTimeout?.seconds), 20, 'the earlyWindowHeartbeatTimeout setting');
    assert.equal(sim.getTask(taskId)?.polls, 5);
    const types = await eventTypes(handle);
    assert.ok(types.length <= 15, `${types.length} events: ${types.join(', ')}`);
    assert.ok(!types.some((t) => t.startsWith('timer')), 'no durable timer inside the window');
    assert.deepEqual(activityTypes(await handle.fetchHistory()), ['watchFolderUpdate']);
  });

  it("with laterPhase 'timer', switches to durable timers after the window, on the same schedule, and replays", async () => {
    const taskId = task({ pendingPolls: 9, processingPolls: 0 });
    const handle = await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, {
        taskId,
        initialPollInterval: '300ms',
        maxPollInterval: '300ms',
        earlyWindow: '1s',
        laterPhase: 'timer',
      });
      assert.equal((await h.result()).polls, 10);
      return h;
    });
    assert.equal(sim.getTask(taskId)?.polls, 10, 'polls counts every status response read');
    const history = await handle.fetchHistory();
    const activities = activityTypes(history);
    assert.equal(activities[0], 'watchFolderUpdate');
    const early = 10 - (activities.length - 1);
    assert.ok(early >= 3 && early <= 5, `${early} polls inside the 1 s window`);
    assert.ok(activities.slice(1).every((a) => a === 'getFolderUpdateStatus'));
    const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes);
    assert.equal(timers.length, activities.length - 1, 'one timer before each later poll');
    for (const t of timers) {
      const d = t.timerStartedEventAttributes!.startToFireTimeout!;
      const ms = Number(d.seconds ?? 0) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
      assert.ok(ms >= 270 && ms <= 300, `timer of ${ms} ms`);
    }
    // Later polls: timer (2) + workflow task (3) + activity (3) + workflow task (3) = 11 events each at most.
    const total = history.events?.length ?? 0;
    const types = await eventTypes(handle);
    const firstTimer = types.indexOf('timerStarted');
    const laterEvents = total - firstTimer - 1; // without the closing event
    assert.ok(laterEvents / timers.length <= 11, `${laterEvents} events for ${timers.length} later polls`);
    assert.ok(!types.includes('markerRecorded'), 'no patch marker: 1.0 has one code path');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
  });

  it('keeps the count and the last status when HubSpot fails inside the window until the deadline', async () => {
    const taskId = task({ pendingPolls: 1_000_000 });
    const failure = await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, { taskId, initialPollInterval: '500ms', maxPollInterval: '500ms', timeout: '5s' });
      await until(() => (sim.getTask(taskId)?.polls ?? 0) >= 2, 'two reads', 30_000);
      sim.injectFault({ kind: 'status', status: 503 }, { count: 1_000_000, route: 'status' });
      return h.result().then(
        () => assert.fail('expected FolderUpdateTimedOut'),
        (e: unknown) => (e as { cause?: ApplicationFailure }).cause,
      );
    });
    sim.clearFaults();
    assert.ok(failure instanceof ApplicationFailure, String(failure));
    assert.equal(failure.type, 'FolderUpdateTimedOut');
    const polls = sim.getTask(taskId)?.polls ?? 0;
    assert.ok(polls >= 2);
    assert.match(failure.message, new RegExp(`after ${polls} polls`));
    assert.equal((failure.details?.[0] as { status?: string } | null)?.status, 'PENDING');
  });

  it('resumes the poll count from the heartbeat after the worker is killed inside the window', async () => {
    // Polls every 10 s; the poller heartbeats every 24 s (0.8 × the 30 s heartbeat timeout), the first at 24 s, with
    // the latest details: at 24 s the server holds "3 reads" (0, 10, 20 s). The worker dies at ~27 s, before the 4th
    // read; the retry (after the 30 s heartbeat timeout) reads the 4th, COMPLETE.
    const taskId = task({ pendingPolls: 3, processingPolls: 0 });
    const taskQueue = `hybrid-crash-${randomUUID()}`;
    const common = { address: env.address, taskQueue, hubspotBaseUrl: sim.baseUrl, token: 'sim-token' };
    const first = spawnPackageWorker(`${taskQueue}-first`, common);
    let second: ReturnType<typeof spawnPackageWorker> | undefined;
    try {
      await first.ready;
      const handle = await start(taskQueue, {
        taskId,
        initialPollInterval: '10s',
        maxPollInterval: '10s',
        earlyWindow: '5m',
        earlyWindowHeartbeatTimeout: '30s',
      });
      await until(() => (sim.getTask(taskId)?.polls ?? 0) >= 1, 'the first read', 60_000);
      const firstReadAt = Date.now();
      await until(() => (sim.getTask(taskId)?.polls ?? 0) >= 3, 'the third read', 60_000);
      await new Promise((r) => setTimeout(r, Math.max(0, firstReadAt + 27_000 - Date.now())));
      assert.equal(sim.getTask(taskId)?.polls, 3, 'killed before the fourth read');
      first.child.kill('SIGKILL');
      await first.exited;
      second = spawnPackageWorker(`${taskQueue}-second`, common);
      await second.ready;
      const result = await handle.result();
      assert.equal(sim.getTask(taskId)?.polls, 4);
      assert.equal(result.polls, 4, 'the three reads before the crash are still counted');
      const history = await handle.fetchHistory();
      const started = (history.events ?? []).find((e) => e.activityTaskStartedEventAttributes);
      assert.equal(started?.activityTaskStartedEventAttributes?.attempt, 2, 'the early window ran in a second attempt');
      assert.deepEqual(activityTypes(history), ['watchFolderUpdate']);
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
      await Promise.all([first.exited, second?.exited]);
    }
  });

  /**
   * Cancels a wait polling every 300 ms inside its early window, and counts the status requests the simulator answers
   * for the task from when the workflow is closed as cancelled until 3 s later (10 polls' worth).
   */
  async function requestsAfterCancel(deps: Partial<ActivityDeps>): Promise<{ after: number; historyGrew: boolean }> {
    const taskId = task({ pendingPolls: 1_000_000 });
    const activities = createActivities({
      baseUrl: sim.baseUrl,
      token: 'sim-token',
      requestTimeoutMs: 2000,
      maxRequestsPerSecond: Infinity,
      ...deps,
    });
    return withTestWorker(
      env,
      sim.baseUrl,
      async (tq) => {
        const every300ms = { initialPollInterval: '300ms', maxPollInterval: '300ms', backoffCoefficient: 1 };
        const h = await start(tq, { taskId, ...every300ms, earlyWindow: '2m' });
        await until(() => (sim.getTask(taskId)?.polls ?? 0) >= 3, 'three reads', 30_000);
        watchesBeforeCancel = openCloseWatches();
        await h.cancel();
        const err = await h.result().then(
          () => assert.fail('expected the wait to be cancelled'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));
        const atClose = sim.getTask(taskId)?.polls ?? 0;
        const eventsAtClose = (await h.fetchHistory()).events?.length ?? 0;
        await new Promise((r) => setTimeout(r, 3_000));
        const eventsLater = (await h.fetchHistory()).events?.length ?? 0;
        return { after: (sim.getTask(taskId)?.polls ?? 0) - atClose, historyGrew: eventsLater !== eventsAtClose };
      },
      { activities },
    );
  }

  /** Close watches open in this process just before the cancel. */
  let watchesBeforeCancel = 0;

  it('stops the early-window polling within 1 more status request once the wait is cancelled', async () => {
    const { after, historyGrew } = await requestsAfterCancel({});
    assert.ok(after <= 1, `${after} status requests after the cancellation`);
    assert.equal(watchesBeforeCancel, 1, "the default check: a long poll on the run's close event");
    assert.equal(openCloseWatches(), 0, 'closed with the poller');
    assert.equal(historyGrew, false, 'no events (and so no actions) after the cancellation');
  });

  it('(control) polls on after the cancellation without the check, until a heartbeat answer brings it', async () => {
    const { after } = await requestsAfterCancel({ cancellationCheck: false });
    assert.ok(after >= 5, `${after} status requests after the cancellation`);
  });
});
