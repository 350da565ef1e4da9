/**
 * Determinism guard: histories exported (with the Temporal CLI) from real runs of the 1.0 workflows on the dev server
 * replay against today's workflow code without a nondeterminism error. From 1.0 on, a change to a workflow's commands
 * goes behind `patched()` and these histories stay as they are (CONTRIBUTING.md). Recorded by
 * scripts/record-replay-history.ts and scripts/record-migration-history.ts:
 *
 * - await-folder-update-retry-phase.json: a default wait: the early window, then the retry phase (a failed request,
 *   PENDING to PROCESSING, COMPLETE with errors under `allowErrors`);
 * - await-folder-update-timer.json: the first run of a `laterPhase: 'timer'` wait that continues as new after 3 polls;
 * - migrate-folders.json and update-folder-and-wait.json: a three-folder migration and one of its folders (the folder
 *   read, the POST, the `awaitFolderUpdate` child, verify);
 * - migrate-folders-handover.json.gz: the first run of a 510-folder migration at the default concurrency, which starts
 *   500 children and continues as new while some of them still run;
 * - await-folder-update-shared.json and watch-hubspot-tasks.json (issue 23): a `laterPhase: 'shared'` wait (the early
 *   window, the join, the watcher's status signals) and its task queue's watcher (joins, poller restarts), recorded by
 *   test/workflows/shared-phase.test.ts with RECORD_SHARED_HISTORIES=1. The wait was recorded before the
 *   `shared-phase-when-crowded` patch, so it replays on the path it ran (the join right after the window);
 * - await-folder-update-shared-when-crowded.json: a 'shared' wait since that patch (the window, the retry phase until
 *   the task queue held `sharedPhaseMinWaits` waits, the join), recorded the same way;
 * - await-folder-update-shared-by-default.json: a wait that names no later phase, since the `shared-phase-by-default`
 *   patch made 'shared' the default (the window, then the marker, the retry phase until crowded, the join), recorded
 *   the same way. await-folder-update-retry-phase.json, a default wait from before it, still replays on 'retry';
 * - watch-hubspot-tasks-restart-spacing.json: a watcher since the `watcher-restart-spacing` patch (a join restarts
 *   its poller at most every 10 s), recorded the same way; watch-hubspot-tasks.json is one from before it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DEFAULT_MIGRATION_CONCURRENCY, MAX_CHILDREN_PER_RUN } from '../../src/workflows/migration/migration-types';
import { SHARED_BY_DEFAULT_PATCH, SHARED_PHASE_WHEN_CROWDED_PATCH } from '../../src/workflows/await/task-wait';
import { WATCHER_RESTART_SPACING_PATCH } from '../../src/workflows/watcher/watch-hubspot-tasks';
import { patchIds } from '../helpers/histories';
import { workflowBundle } from '../helpers/temporal-env';

type History = ReturnType<typeof historyFromJSON>;

function loadHistory(name: string): History {
  const file = path.join(__dirname, '..', 'histories', name);
  const bytes = fs.readFileSync(file);
  return historyFromJSON(JSON.parse((name.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8')));
}

function count(history: History, has: (e: NonNullable<History['events']>[number]) => unknown): number {
  return (history.events ?? []).filter(has).length;
}

/** Activity types the history scheduled, in order. */
function activityTypesOf(history: History): string[] {
  return (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

/** Replays `history` on today's code; it must carry exactly the patch markers `patches` (none: the 1.0 path). */
async function replay(history: History, workflowId?: string, patches: string[] = []): Promise<void> {
  assert.deepEqual(patchIds(history), patches, patches.length ? 'its patch markers' : 'recorded on the 1.0 path');
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
}

describe('replay of the 1.0 histories', () => {
  it('replays a default wait: the early window, then the retry phase', async () => {
    const history = loadHistory('await-folder-update-retry-phase.json');
    assert.deepEqual(activityTypesOf(history), [
      'watchFolderUpdate',
      'pollFolderUpdateUntilDone',
      'pollFolderUpdateUntilDone',
    ]);
    assert.equal(
      count(history, (e) => e.timerStartedEventAttributes),
      0,
      'no timer',
    );
    await replay(history);
  });

  it("replays a laterPhase: 'timer' wait that continues as new", async () => {
    const history = loadHistory('await-folder-update-timer.json');
    assert.deepEqual(activityTypesOf(history), Array<string>(3).fill('getFolderUpdateStatus'));
    assert.ok(count(history, (e) => e.timerStartedEventAttributes) >= 2, 'it polls on durable timers');
    assert.ok(history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes, 'it continues as new');
    await replay(history);
  });

  it('replays updateFolderAndWait: read, POST, wait in a child, verify', async () => {
    const history = loadHistory('update-folder-and-wait.json');
    assert.deepEqual(activityTypesOf(history), ['getFolder', 'startFolderUpdateUnlessDone', 'getFolder', 'getFolder']);
    assert.equal(
      count(history, (e) => e.startChildWorkflowExecutionInitiatedEventAttributes),
      1,
    );
    await replay(history, 'hubspot-folder-migration-record/folder-71001');
  });

  it('replays a three-folder migration whose children report by signal', async () => {
    const history = loadHistory('migrate-folders.json');
    assert.equal(
      count(history, (e) => e.startChildWorkflowExecutionInitiatedEventAttributes),
      3,
    );
    assert.equal(
      count(history, (e) => e.workflowExecutionSignaledEventAttributes),
      3,
      'one report a folder',
    );
    await replay(history, 'hubspot-folder-migration-record');
  });

  it('replays the first run of a migration that continues as new with children still running', async () => {
    const history = loadHistory('migrate-folders-handover.json.gz');
    const started = count(history, (e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
    const closed = count(history, (e) => e.childWorkflowExecutionCompletedEventAttributes);
    assert.equal(started, MAX_CHILDREN_PER_RUN);
    assert.ok(closed < started, `${started - closed} children still running at the hand-over`);
    assert.ok(
      history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes,
      'the run ends in continue-as-new',
    );
    const firstTask = (history.events ?? []).findIndex((e) => e.workflowTaskCompletedEventAttributes);
    const firstChild = (history.events ?? []).findIndex((e) => e.childWorkflowExecutionStartedEventAttributes);
    const inFirstTask = (history.events ?? [])
      .slice(firstTask, firstChild)
      .filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;
    assert.equal(inFirstTask, DEFAULT_MIGRATION_CONCURRENCY, 'at the default concurrency');
    await replay(history, 'hubspot-folder-migration-record-handover');
  });

  it("replays a laterPhase: 'shared' wait and its watcher", async () => {
    const wait = loadHistory('await-folder-update-shared.json');
    assert.deepEqual(activityTypesOf(wait), ['watchFolderUpdate', 'joinTaskWatcher']);
    assert.ok(count(wait, (e) => e.workflowExecutionSignaledEventAttributes) >= 1, 'the watcher signals the end');
    await replay(wait);
    const watcher = loadHistory('watch-hubspot-tasks.json');
    assert.ok(count(watcher, (e) => e.workflowExecutionSignaledEventAttributes) >= 3, 'three waits joined');
    assert.ok(activityTypesOf(watcher).every((a) => a === 'pollWatchedTasks'));
    assert.ok(count(watcher, (e) => e.activityTaskCancelRequestedEventAttributes) >= 1, 'a join restarted the poller');
    await replay(watcher);
  });

  it("replays a 'shared' wait that polled on the retry phase until its task queue was crowded", async () => {
    const wait = loadHistory('await-folder-update-shared-when-crowded.json');
    const activities = activityTypesOf(wait);
    assert.equal(activities[0], 'watchFolderUpdate');
    assert.equal(activities.at(-1), 'joinTaskWatcher');
    assert.ok(activities.includes('pollFolderUpdateUntilDone'), activities.join(', '));
    await replay(wait, undefined, [SHARED_PHASE_WHEN_CROWDED_PATCH]);
  });

  it("replays a wait that names no later phase, since 'shared' became the default", async () => {
    const wait = loadHistory('await-folder-update-shared-by-default.json');
    const activities = activityTypesOf(wait);
    assert.equal(activities[0], 'watchFolderUpdate');
    assert.equal(activities.at(-1), 'joinTaskWatcher');
    const started = wait.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    const input = JSON.parse(Buffer.from(started ?? []).toString('utf8')) as { laterPhase?: string };
    assert.equal(input.laterPhase, undefined, 'its input names no later phase');
    await replay(wait, undefined, [SHARED_BY_DEFAULT_PATCH]);
  });

  it('replays a watcher since joins restart its poller at most every 10 s', async () => {
    const watcher = loadHistory('watch-hubspot-tasks-restart-spacing.json');
    assert.ok(count(watcher, (e) => e.workflowExecutionSignaledEventAttributes) >= 3, 'three waits joined');
    assert.ok(activityTypesOf(watcher).every((a) => a === 'pollWatchedTasks'));
    await replay(watcher, undefined, [WATCHER_RESTART_SPACING_PATCH]);
  });
});
