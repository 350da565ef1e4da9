/**
 * What a `migrateFolders` run hands over at continue-as-new (`migration-children-report`): the folder updates still
 * running, which report to the next run by signal, and the pause. On the real dev server in real time (the
 * time-skipping server stalls once a child outlives its parent's run, temporalio/sdk-java#1540), with the real
 * activities against the HubSpot simulator.
 *
 * - a real continue-as-new after 500 children, paused: the next run takes the running ones over, counts them against
 *   the concurrency, starts nothing while paused and goes on after `resume`;
 * - runs started from a crafted continuation, as the run before would have left them: a taken-over folder settles
 *   from its report, one whose child is gone ends `FolderUpdateLost`, and cancelling the workflow cancels both the
 *   children it started and those it took over.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../../src/client/read-migration-items';
import { HubSpotSimulator } from '../../src/simulator';
import {
  getProgressQuery,
  migrateFolders,
  pauseUpdate,
  resumeUpdate,
  updateFolderAndWait,
  type MigrateFoldersInput,
  type MigrationProgress,
} from '../../src/workflows';
import { MAX_CHILDREN_PER_RUN } from '../../src/workflows/migration/migration-types';
import { folderWorkflowId } from '../../src/workflows/migration/migration-children';
import { continuedAsNewInputs, eventsPerRun } from '../helpers/histories';
import { folderMaker, startedFolders as started, type ScriptedFolder } from '../helpers/migration-folders';
import { createDevServerEnv, withTestWorker } from '../helpers/temporal-env';
import { until } from '../helpers/waiting';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  env = await createDevServerEnv();
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

const quick = { initialPollInterval: '200ms', maxPollInterval: '1s', earlyWindow: 0, laterPhase: 'timer' } as const;
type Folder = ScriptedFolder;
const folders = folderMaker(() => sim, 50_000);
const startedFolders = (ids: Folder[]): number => started(sim, ids);

function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withTestWorker(env, sim.baseUrl, fn, { maxCachedWorkflows: 1000, maxConcurrentWorkflowTaskExecutions: 100 });
}

function progressOf(handle: WorkflowHandle): Promise<MigrationProgress> {
  return handle.query(getProgressQuery);
}

describe('migrateFolders across continue-as-new', () => {
  it('hands its running folders to the next run, which keeps the pause and counts them against the concurrency', async () => {
    // The last 110 folders take 40 polls (about 40 s): the 100 running when the first run starts its 500th child hold
    // every slot, so the next run, which takes them over, cannot start another folder before the pause lands.
    const updates = [...folders(MAX_CHILDREN_PER_RUN - 100, 0), ...folders(110, 40)];
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(migrateFolders, {
        taskQueue,
        workflowId: `handover-${randomUUID()}`,
        args: [{ updates, concurrency: 100, ...quick }],
      });
      // The first run continues as new once its 500th child has started. Pause the next run, so that the Update cannot
      // meet the first run's close (under load, one sent at that moment failed with "Workflow Update failed").
      await until(
        async () => (await handle.describe()).runId !== handle.firstExecutionRunId,
        'continue-as-new',
        300_000,
      );
      await handle.executeUpdate(pauseUpdate);
      const takenOver = await progressOf(handle);
      assert.equal(takenOver.paused, true);
      assert.equal(takenOver.done + takenOver.running, MAX_CHILDREN_PER_RUN, 'the next run took the running ones over');
      assert.ok(takenOver.running > 0, `folders still running at the hand-over: ${takenOver.running}`);
      const [carried] = (await continuedAsNewInputs(env.client, handle)) as MigrateFoldersInput[];
      const handedOver = carried?.continuation?.running?.length ?? 0;
      assert.ok(handedOver >= takenOver.running, `the continuation carried ${handedOver} running folders`);
      // They finish and report to the new run, which stays paused.
      await until(async () => (await progressOf(handle)).running === 0, 'the taken-over folders', 120_000);
      await new Promise((r) => setTimeout(r, 3000));
      const paused = await progressOf(handle);
      assert.deepEqual([paused.paused, paused.done, paused.running], [true, MAX_CHILDREN_PER_RUN, 0]);
      assert.equal(startedFolders(updates), MAX_CHILDREN_PER_RUN, 'nothing started in the new run while paused');
      await handle.executeUpdate(resumeUpdate);
      const result = await handle.result();
      assert.equal(result.completed, MAX_CHILDREN_PER_RUN + 10);
      assert.equal(result.runIds.length, 2);
      const runs = await eventsPerRun(env.client, handle);
      assert.ok(runs[0] !== undefined && runs[0] < 4096, `a run of 500 children stays under 4,096 events: ${runs[0]}`);
      const report = await readMigrationItems(env.client.workflow, handle.workflowId, result);
      assert.deepEqual(
        report.items.map((i) => i.folderId),
        updates.map((u) => u.folderId),
        'each folder reported once, in input order',
      );
    });
  });
});

describe('migrateFolders taking over the folders of the run before', () => {
  /** A run as continue-as-new starts it: `running` were started by the run before, `queued` wait their turn. */
  function startTakeOver(taskQueue: string, running: Folder[], queued: Folder[], extra: Partial<MigrateFoldersInput>) {
    const now = Date.now();
    const input: MigrateFoldersInput = {
      updates: [],
      concurrency: 2,
      ...quick,
      ...extra,
      continuation: {
        total: running.length + queued.length,
        queue: queued.map((update, i) => ({ index: running.length + i, update })),
        running: running.map((update, index) => ({ index, update, startedAtMs: now })),
        counts: {
          completed: 0,
          completedWithErrors: 0,
          canceled: 0,
          failed: 0,
          alreadyDone: 0,
          mismatched: 0,
          notStarted: 0,
        },
        priorRunIds: [],
        paused: false,
        durations: { count: 0, totalMs: 0 },
      },
    };
    return env.client.workflow.start(migrateFolders, {
      taskQueue,
      workflowId: `take-over-${randomUUID()}`,
      args: [input],
    });
  }

  /** The child the run before started for row `index`: it reports to the migration by signal. */
  function startReportingChild(taskQueue: string, migrationId: string, update: Folder, index: number) {
    return env.client.workflow.start(updateFolderAndWait, {
      taskQueue,
      workflowId: folderWorkflowId(migrationId, update.folderId),
      args: [{ ...update, ...quick, report: { migrationId, index } }],
    });
  }

  it('settles a taken-over folder from its report, counts it against the concurrency, and finds a lost one', async () => {
    const [reporting, lost, queued] = folders(3, 2) as [Folder, Folder, Folder];
    await withWorker(async (taskQueue) => {
      const handle = await startTakeOver(taskQueue, [reporting, lost], [queued], { lostFolderCheck: '5s' });
      const first = await progressOf(handle);
      assert.deepEqual([first.running, first.done], [2, 0], 'both taken-over folders count as running');
      assert.equal(startedFolders([queued]), 0, 'the queued folder waits for a slot');
      await startReportingChild(taskQueue, handle.workflowId, reporting, 0);
      const result = await handle.result();
      assert.deepEqual([result.completed, result.failed], [2, 1], JSON.stringify(result));
      const report = await readMigrationItems(env.client.workflow, handle.workflowId, result);
      assert.deepEqual(
        report.items.map((i) => [i.folderId, i.outcome, i.failureType]),
        [
          [reporting.folderId, 'COMPLETE', undefined],
          [lost.folderId, 'FAILED', 'FolderUpdateLost'],
          [queued.folderId, 'COMPLETE', undefined],
        ],
      );
      assert.match(report.items[1]?.message ?? '', /closed without reporting its outcome/);
      const events = (await handle.fetchHistory()).events ?? [];
      const timer = events.find((e) => e.timerStartedEventAttributes)?.timerStartedEventAttributes;
      assert.equal(Number(timer?.startToFireTimeout?.seconds), 5, 'the first check comes after lostFolderCheck');
      const pings = events.filter((e) => e.signalExternalWorkflowExecutionFailedEventAttributes);
      assert.equal(pings.length, 1, 'one failed ping: the lost folder');
    });
  });

  it('cancelling the workflow cancels its folders, those it took over included', async () => {
    const [takenOver, own] = folders(2, 1000) as [Folder, Folder];
    await withWorker(async (taskQueue) => {
      const handle = await startTakeOver(taskQueue, [takenOver], [own], {});
      const children = [
        await startReportingChild(taskQueue, handle.workflowId, takenOver, 0),
        env.client.workflow.getHandle(folderWorkflowId(handle.workflowId, own.folderId)),
      ];
      await until(async () => startedFolders([takenOver, own]) === 2, 'both folders to start', 60_000);
      await handle.cancel();
      const err = await handle.result().then(
        () => assert.fail('the migration completed'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure, String(err));
      for (const child of children) {
        const childErr = await child.result().then(
          () => assert.fail(`${child.workflowId} completed`),
          (e: unknown) => e,
        );
        assert.ok(childErr instanceof WorkflowFailedError, String(childErr));
        assert.equal((await child.describe()).status.name, 'CANCELLED', child.workflowId);
      }
    });
  });
});
