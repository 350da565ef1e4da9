/**
 * Determinism guard: histories exported (with the Temporal CLI) from real `awaitFolderUpdate` runs on the dev server
 * replay against today's workflow code without a nondeterminism error. Recorded by scripts/record-replay-history.ts:
 *
 * - await-folder-update.json: recorded before the early window existed (a retried poll, backoff timers, a COMPLETE
 *   with errors); it replays on the path without the `early-window-poller` patch;
 * - await-folder-update-hybrid.json: the early window (with a retried attempt), then backoff timers, recorded before
 *   the retry phase; it replays on the timer path, without the `retry-phase-poller` patch;
 * - await-folder-update-retry-phase.json: the early window, then the retry phase (a failed request, PENDING to
 *   PROCESSING, COMPLETE with errors): two `pollFolderUpdateUntilDone` activities and no timer; like the hybrid one,
 *   its early window was scheduled with the 30 s heartbeat timeout, before the `early-window-heartbeat-60s` patch;
 * - await-folder-update-heartbeat-60s.json: the same wait with that patch, its window scheduled with 60 s;
 * - migrate-folders-default-concurrency.json: 8 folders and a duplicate row at the default concurrency while it was 5
 *   (5 children start in the first workflow task), before the control Updates;
 * - migrate-folders-budget-bound.json.gz: the first run of a 260-folder migration at the default concurrency while it
 *   was 100 and a run held 250 children (100 start in the first workflow task; it continues as new after 250), before
 *   the `budget-saturating-migration` patch;
 * - migrate-folders-saturating.json.gz: the first run of a 510-folder migration at the default concurrency of 200
 *   with 500 children a run (`budget-saturating-migration`), which waited for all 500 before it continued as new,
 *   before the `migration-children-report` patch (children that report by signal, no drain);
 * - migrate-folders.json and update-folder-and-wait.json (scripts/record-migration-history.ts): a three-folder
 *   migration and one of its folders, recorded before the folder read and the verify step (`read-folder-first`).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import {
  EARLY_WINDOW_HEARTBEAT_PATCH,
  EARLY_WINDOW_PATCH,
  REPORTING_CHILDREN_PATCH,
  RETRY_PHASE_PATCH,
  SATURATING_MIGRATION_PATCH,
} from '../../src/workflows';
import { POLL_DEFAULTS } from '../../src/workflows/poll-options';
import { patchIds } from '../helpers/histories';
import { workflowBundle } from '../helpers/temporal-env';

function loadHistory(name: string) {
  const file = path.join(__dirname, '..', 'histories', name);
  const bytes = fs.readFileSync(file);
  return historyFromJSON(JSON.parse((name.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8')));
}

function has(history: ReturnType<typeof loadHistory>, type: string, code: number): boolean {
  return (history.events ?? []).some((e) => String(e.eventType).includes(type) || e.eventType === code);
}

/** The workflow input its first event carries. */
function inputOf(history: ReturnType<typeof loadHistory>): Record<string, unknown> {
  const data = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
  assert.ok(data, 'the history carries its input');
  return JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
}

/** Activity types the history scheduled, in order. */
function activityTypesOf(history: ReturnType<typeof loadHistory>): string[] {
  return (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

/** Children the first workflow task started: the concurrency the migration ran at. */
function childrenStartedInFirstTask(events: NonNullable<ReturnType<typeof loadHistory>['events']>): number {
  const firstTask = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
  const firstChildStarted = events.findIndex((e) => e.childWorkflowExecutionStartedEventAttributes);
  return events.slice(firstTask, firstChildStarted).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
    .length;
}

/** The heartbeat timeout the early-window activity (`watchFolderUpdate`) was scheduled with, in seconds. */
function windowHeartbeatTimeoutS(history: ReturnType<typeof loadHistory>): number {
  const watch = (history.events ?? []).find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'watchFolderUpdate',
  );
  return Number(watch?.activityTaskScheduledEventAttributes?.heartbeatTimeout?.seconds);
}

describe('replay', () => {
  it('replays the awaitFolderUpdate history recorded before the early window', async () => {
    const history = loadHistory('await-folder-update.json');
    assert.ok(history.events && history.events.length > 20, 'a real multi-poll history');
    assert.ok(has(history, 'TIMER_STARTED', 17), 'it contains backoff timers');
    assert.ok(!has(history, 'MARKER_RECORDED', 25), 'it predates the patch');
    assert.equal(inputOf(history).laterPhase, undefined, 'its input resolves to the default later phase');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });

  it("replays timer-path histories whose input has no laterPhase under the default 'retry' (no retry-phase marker)", async () => {
    // A wait recorded before the retry phase resolves to 'retry' now; its history has no `retry-phase-poller` marker,
    // so `patched` is false on replay and it takes the timer path it was recorded on.
    assert.equal(POLL_DEFAULTS.laterPhase, 'retry');
    for (const name of ['await-folder-update.json', 'await-folder-update-hybrid.json']) {
      const history = loadHistory(name);
      assert.equal(inputOf(history).laterPhase, undefined, name);
      assert.ok(has(history, 'TIMER_STARTED', 17), `${name} polls on timers`);
      assert.ok(!activityTypesOf(history).includes('pollFolderUpdateUntilDone'), `${name} has no retry phase`);
      assert.ok(!patchIds(history).includes(RETRY_PHASE_PATCH), `${name} has no retry-phase marker`);
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
    }
  });

  it('replays the hybrid awaitFolderUpdate history', async () => {
    const history = loadHistory('await-folder-update-hybrid.json');
    assert.ok(has(history, 'MARKER_RECORDED', 25), 'it has the early-window patch marker');
    assert.ok(has(history, 'TIMER_STARTED', 17), 'and backoff timers after the window');
    const activities = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
    assert.equal(activities.find(Boolean), 'watchFolderUpdate');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });

  it('replays the retry-phase awaitFolderUpdate history', async () => {
    const history = loadHistory('await-folder-update-retry-phase.json');
    const activities = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
    assert.deepEqual(activities.filter(Boolean), [
      'watchFolderUpdate',
      'pollFolderUpdateUntilDone',
      'pollFolderUpdateUntilDone',
    ]);
    assert.ok(!has(history, 'TIMER_STARTED', 17), 'no timer');
    assert.ok(patchIds(history).includes(RETRY_PHASE_PATCH), 'the retry-phase marker');
    assert.equal(windowHeartbeatTimeoutS(history), 30, 'scheduled before the 60 s default');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });

  it('replays the awaitFolderUpdate history recorded with the 60 s early-window heartbeat timeout', async () => {
    const history = loadHistory('await-folder-update-heartbeat-60s.json');
    assert.equal(windowHeartbeatTimeoutS(history), 60);
    assert.deepEqual(
      [...patchIds(history)].sort(),
      [EARLY_WINDOW_HEARTBEAT_PATCH, EARLY_WINDOW_PATCH, RETRY_PHASE_PATCH].sort(),
      'the early-window, 60 s heartbeat and retry-phase patches',
    );
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });

  it('replays the migrateFolders and updateFolderAndWait histories recorded before the folder read', async () => {
    const recorded = {
      'migrate-folders.json': 'hubspot-folder-migration-record',
      'update-folder-and-wait.json': 'hubspot-folder-migration-record/folder-71001',
    };
    for (const [name, workflowId] of Object.entries(recorded)) {
      const history = loadHistory(name);
      const activities = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
      assert.ok(!activities.includes('getFolder'), `${name} predates the folder read`);
      assert.ok(has(history, 'START_CHILD_WORKFLOW_EXECUTION_INITIATED', 29), `${name} starts children`);
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
    }
  });

  it('replays the migrateFolders history recorded at the old default concurrency of 5', async () => {
    const history = loadHistory('migrate-folders-default-concurrency.json');
    const events = history.events ?? [];
    assert.equal(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length, 8);
    const startedInFirstTask = childrenStartedInFirstTask(events);
    assert.equal(startedInFirstTask, 5, 'at the old default concurrency of 5');
    const id = 'hubspot-folder-migration-record-default-concurrency';
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, id);
  });

  it('replays the first run of a migration at the default of 100 that continued as new after 250 children', async () => {
    const history = loadHistory('migrate-folders-budget-bound.json.gz');
    const events = history.events ?? [];
    assert.equal(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length, 250);
    assert.ok(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes, 'the run ends in continue-as-new');
    const startedInFirstTask = childrenStartedInFirstTask(events);
    assert.equal(startedInFirstTask, 100, 'at the default concurrency of 100');
    const id = 'hubspot-folder-migration-record-budget-bound';
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, id);
  });

  it('replays the first run of a migration at the default of 200 that drained its 500 children before continuing as new', async () => {
    const history = loadHistory('migrate-folders-saturating.json.gz');
    const events = history.events ?? [];
    assert.equal(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length, 500);
    assert.equal(events.filter((e) => e.childWorkflowExecutionCompletedEventAttributes).length, 500, 'it drained');
    assert.ok(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes, 'the run ends in continue-as-new');
    assert.equal(childrenStartedInFirstTask(events), 200, 'at the default concurrency of 200');
    assert.deepEqual(patchIds(history), [SATURATING_MIGRATION_PATCH], `no ${REPORTING_CHILDREN_PATCH} marker`);
    const id = 'hubspot-folder-migration-record-saturating';
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, id);
  });
});
