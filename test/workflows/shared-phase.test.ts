/**
 * The shared later phase (`laterPhase: 'shared'`) on the real CLI dev server (real time): after the early window a
 * wait polls as on 'retry' until `sharedPhaseMinWaits` waits are under way on its task queue (the dev server's own
 * visibility count), then registers its task with its task queue's `watchHubSpotTasks` watcher, whose one
 * `pollWatchedTasks` activity reads every task on the wait's own schedule and signals the wait only on a status change
 * or the end. A wait's history holds no activity per poll; a lone wait never starts a watcher; a cancelled wait
 * leaves and its task is read no more; the deadline gives FolderUpdateTimedOut with the last status; another kind
 * waits the same way.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { HubSpotSimulator } from '../../src/simulator';
import { taskWatcherWorkflowId, watcherShard } from '../../src/common/task-watcher';
import { awaitFolderUpdate, awaitHubSpotTask } from '../../src/workflows';
import { SHARED_BY_DEFAULT_PATCH } from '../../src/workflows/await/task-wait';
import { activityTypes, eventTypes, patchIds } from '../helpers/histories';
import { workflowFailureOf } from '../helpers/failures';
import { createDevServerEnv, withTestWorker, workflowBundle } from '../helpers/temporal-env';

let env: TestWorkflowEnvironment;
const sim = new HubSpotSimulator({ rateLimit: false });

before(async () => {
  [env] = await Promise.all([createDevServerEnv(), sim.start()]);
});
after(async () => {
  await env?.teardown();
  await sim.stop();
});

const FAST = { initialPollInterval: '1s', backoffCoefficient: 1.5, maxPollInterval: '2s', earlyWindow: '2s' } as const;

function startWait(taskQueue: string, taskId: string, extra: object = {}, workflowId = `shared-${randomUUID()}`) {
  return env.client.workflow.start(awaitFolderUpdate, {
    taskQueue,
    workflowId,
    args: [{ taskId, ...FAST, laterPhase: 'shared', ...extra }],
  });
}

/** When the simulator answered each status read of `taskId`, in epoch milliseconds. */
function readTimes(taskId: string): number[] {
  return sim
    .requestLog()
    .filter((r) => r.taskId === taskId && r.method === 'GET')
    .map((r) => r.at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shared later phase', () => {
  it('waits past their window share one watcher, which reads on their schedule and signals only changes', async () => {
    const scripts = [
      { pendingPolls: 3, processingPolls: 6 },
      { pendingPolls: 8, processingPolls: 2 },
      { pendingPolls: 5, processingPolls: 5 },
    ];
    const taskIds = scripts.map((s) => sim.createTask(s));
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      // Three waits at once, joining at three: each counts the others through the server's visibility.
      const handles = await Promise.all(taskIds.map((id) => startWait(tq, id, { sharedPhaseMinWaits: 3 })));
      const results = await Promise.all(handles.map((h) => h.result()));
      for (const [i, result] of results.entries()) {
        const { pendingPolls, processingPolls } = scripts[i]!;
        assert.equal(result.status, 'COMPLETE');
        assert.equal(result.polls, pendingPolls + processingPolls + 1, `wait ${i}: every read counted`);
        assert.equal(sim.getTask(taskIds[i]!)?.polls, result.polls, `wait ${i}: no read beyond the count`);
        // Reads keep to the schedule: never closer than the capped interval less jitter, once past the window.
        const times = readTimes(taskIds[i]!);
        const gaps = times.slice(1).map((t, j) => t - times[j]!);
        assert.ok(
          gaps.every((g) => g >= 850),
          `wait ${i}: gaps ${gaps.join(', ')}`,
        );
      }
      for (const h of handles) {
        const history = await h.fetchHistory();
        // The window, the retry phase until the count reached three (visibility lags by a moment), the join.
        const activities = activityTypes(history);
        assert.equal(activities[0], 'watchFolderUpdate');
        assert.equal(activities.at(-1), 'joinTaskWatcher', activities.join(', '));
        const between = activities.slice(1, -1);
        assert.ok(between.length >= 1 && between.every((a) => a === 'pollFolderUpdateUntilDone'), activities.join());
        const types = await eventTypes(h);
        assert.ok(types.length <= 40, `${types.length} events: ${types.join(', ')}`);
        const signals = types.filter((t) => t === 'workflowExecutionSignaled').length;
        assert.ok(signals >= 1 && signals <= 2, `${signals} signals: one per status change after the window`);
      }
      const watcher = env.client.workflow.getHandle(taskWatcherWorkflowId(tq));
      await watcher.terminate('test over');
      const watcherHistory = await watcher.fetchHistory();
      const watcherActivities = activityTypes(watcherHistory);
      assert.ok(watcherActivities.length >= 1 && watcherActivities.every((a) => a === 'pollWatchedTasks'));
      // Both replay on today's code; RECORD_SHARED_HISTORIES=1 stores them for test/workflows/replay.test.ts.
      const waitHistory = await handles[0]!.fetchHistory();
      for (const [name, history] of [
        ['await-folder-update-shared-when-crowded.json', waitHistory],
        // watch-hubspot-tasks.json stays the watcher from before its restart-spacing patch.
        ['watch-hubspot-tasks-restart-spacing.json', watcherHistory],
      ] as const) {
        await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
        if (process.env.RECORD_SHARED_HISTORIES) {
          fs.writeFileSync(path.join(__dirname, '..', 'histories', name), `${historyToJSON(history)}\n`);
        }
      }
    });
  });

  it('a cancelled wait leaves the watcher, and its task is read no more', async () => {
    const taskId = sim.createTask({ pendingPolls: 10_000 });
    const otherId = sim.createTask({ pendingPolls: 10_000 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const handle = await startWait(tq, taskId, { sharedPhaseMinWaits: 1 });
      const other = await startWait(tq, otherId, { sharedPhaseMinWaits: 1 });
      // Past the window and read by the watcher a few times.
      const joinedAt = Date.now();
      while (readTimes(taskId).filter((t) => t > joinedAt + 3000).length < 2) await sleep(200);
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));
      const cancelledAt = Date.now();
      await sleep(12_000);
      // The poller asks every 2 s whether its watcher wants it back; a read may be in flight.
      const late = readTimes(taskId).filter((t) => t > cancelledAt + 4000);
      assert.deepEqual(late, [], 'no read of a cancelled wait 4 s after its cancellation');
      assert.ok(readTimes(otherId).filter((t) => t > cancelledAt + 4000).length >= 3, 'the other wait is still read');
      await other.cancel();
      await env.client.workflow.getHandle(taskWatcherWorkflowId(tq)).terminate('test over');
    });
  });

  it('times out at its deadline with the last status; another kind waits the same way', async () => {
    const slowId = sim.createTask({ pendingPolls: 2, processingPolls: 10_000 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const handle = await startWait(tq, slowId, { timeout: '9s', sharedPhaseMinWaits: 1 });
      const failure = await workflowFailureOf(handle.result());
      assert.equal(failure.type, 'FolderUpdateTimedOut');
      assert.equal((failure.details?.[0] as { status?: string } | undefined)?.status, 'PROCESSING');
      const crm = await env.client.workflow.start(awaitHubSpotTask, {
        taskQueue: tq,
        workflowId: `shared-${randomUUID()}`,
        args: [
          {
            kind: 'crm-export',
            taskId: sim.createTask({ pendingPolls: 4 }, { kind: 'crm-export' }),
            ...FAST,
            laterPhase: 'shared',
            sharedPhaseMinWaits: 1,
          },
        ],
      });
      const result = await crm.result();
      assert.equal(result.kind, 'crm-export');
      assert.equal(result.polls, 6);
      await env.client.workflow.getHandle(taskWatcherWorkflowId(tq)).terminate('test over');
    });
  });

  it("a lone wait polls as on 'retry': no watcher, no join, the retry phase's cost", async () => {
    const taskId = sim.createTask({ pendingPolls: 6, processingPolls: 0 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const handle = await startWait(tq, taskId);
      const result = await handle.result();
      assert.equal(result.status, 'COMPLETE');
      assert.equal(result.polls, 7);
      assert.equal(sim.getTask(taskId)?.polls, 7);
      const history = await handle.fetchHistory();
      assert.deepEqual(activityTypes(history), ['watchFolderUpdate', 'pollFolderUpdateUntilDone']);
      const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes);
      assert.equal(markers.length, 1, 'the shared-phase-when-crowded patch marker');
      await assert.rejects(env.client.workflow.getHandle(taskWatcherWorkflowId(tq)).describe(), /not found/i);
    });
  });

  it("a wait that names no later phase is 'shared': it joins once crowded, under its patch", async () => {
    const scripts = [
      { pendingPolls: 5, processingPolls: 3 },
      { pendingPolls: 6, processingPolls: 2 },
    ];
    const taskIds = scripts.map((s) => sim.createTask(s));
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const handles = await Promise.all(
        taskIds.map((taskId) =>
          env.client.workflow.start(awaitFolderUpdate, {
            taskQueue: tq,
            workflowId: `shared-default-${randomUUID()}`,
            args: [{ taskId, ...FAST, sharedPhaseMinWaits: 2 }],
          }),
        ),
      );
      const results = await Promise.all(handles.map((h) => h.result()));
      for (const [i, result] of results.entries()) {
        assert.equal(result.status, 'COMPLETE');
        assert.equal(result.polls, scripts[i]!.pendingPolls + scripts[i]!.processingPolls + 1);
        assert.equal(sim.getTask(taskIds[i]!)?.polls, result.polls, `wait ${i}: no read beyond the count`);
      }
      const history = await handles[0]!.fetchHistory();
      const activities = activityTypes(history);
      assert.equal(activities[0], 'watchFolderUpdate');
      assert.equal(activities.at(-1), 'joinTaskWatcher', activities.join(', '));
      assert.deepEqual(patchIds(history), [SHARED_BY_DEFAULT_PATCH], 'one marker, recorded after the window');
      await env.client.workflow.getHandle(taskWatcherWorkflowId(tq)).terminate('test over');
      // It replays on today's code; RECORD_SHARED_HISTORIES=1 stores it for test/workflows/replay.test.ts.
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
      if (process.env.RECORD_SHARED_HISTORIES) {
        const file = path.join(__dirname, '..', 'histories', 'await-folder-update-shared-by-default.json');
        fs.writeFileSync(file, `${historyToJSON(history)}\n`);
      }
    });
  });

  it('a wait that names no later phase and ends in its early window records no marker', async () => {
    const taskId = sim.createTask({ pendingPolls: 1, processingPolls: 0 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const handle = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue: tq,
        workflowId: `shared-default-${randomUUID()}`,
        args: [{ taskId, ...FAST }],
      });
      assert.equal((await handle.result()).polls, 2);
      const history = await handle.fetchHistory();
      assert.deepEqual(activityTypes(history), ['watchFolderUpdate']);
      assert.deepEqual(patchIds(history), []);
    });
  });

  it('a crowded task queue spreads its waits over several watchers, and a wait leaves the one it joined', async () => {
    // As if 5,000 waits ran on the queue: three watchers. One wait on each, by workflow id.
    const WAITS = 5_000;
    const ids: string[] = [];
    while (ids.length < 3) {
      const id = `shared-sharded-${randomUUID()}`;
      if (watcherShard(id, WAITS) === ids.length) ids.push(id);
    }
    const taskIds = ids.map((_, i) => sim.createTask({ pendingPolls: 4 + i, processingPolls: 0 }));
    const heldId = sim.createTask({ pendingPolls: 10_000 });
    const heldWaitId = ids[2]!.replace('shared-sharded-', 'shared-sharded-held-');
    await withTestWorker(
      env,
      sim.baseUrl,
      async (tq) => {
        const options = { sharedPhaseMinWaits: 1 };
        const handles = await Promise.all(ids.map((id, i) => startWait(tq, taskIds[i]!, options, id)));
        const shardOfHeld = watcherShard(heldWaitId, WAITS);
        const held = await startWait(tq, heldId, options, heldWaitId);
        const results = await Promise.all(handles.map((h) => h.result()));
        results.forEach((r, i) => assert.equal(r.polls, 5 + i, `wait ${i}: every read counted`));
        for (const shard of [0, 1, 2]) {
          const described = await env.client.workflow.getHandle(taskWatcherWorkflowId(tq, shard)).describe();
          assert.equal(described.type, 'watchHubSpotTasks', `watcher ${shard}`);
        }
        // The held wait leaves the watcher of its own shard when cancelled: its task is read no more.
        while (readTimes(heldId).length < 4) await sleep(200);
        await held.cancel();
        await held.result().catch(() => undefined);
        const cancelledAt = Date.now();
        await sleep(8_000);
        assert.deepEqual(
          readTimes(heldId).filter((t) => t > cancelledAt + 4000),
          [],
          `no read after the cancel (shard ${shardOfHeld})`,
        );
        for (const shard of [0, 1, 2]) {
          await env.client.workflow
            .getHandle(taskWatcherWorkflowId(tq, shard))
            .terminate('test over')
            .catch(() => undefined);
        }
      },
      { deps: { countWaits: async () => WAITS } },
    );
  });
});
