/**
 * Steering a running `migrateFolders` through its Updates (pause, resume, setConcurrency, cancel), its ETA, and its
 * items read back page by page: on the real time-skipping test server (it supports Updates), with the real
 * activities against the HubSpot simulator. Time moves only with `env.sleep`, so "no new folder starts" is exact.
 * Time moves in short steps only (at most {@link STEP_MS}), each bounded in real time: one long `env.sleep` is one gRPC
 * call that stays silent while the server skips, and on a loaded machine it can stall time skipping for good (see
 * test/reliability/05-outage.test.ts); a stuck step fails the test instead of hanging it.
 * Also the default concurrency (200). What crosses continue-as-new (a pause, the folders still running) is in
 * migration-handover.test.ts, on the dev server: this server's time skipping stalls once a child outlives its parent's
 * run (temporalio/sdk-java#1540), which every continue-as-new of a migration now does.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../../src/client/read-migration-items';
import type { HubSpotSimulator } from '../../src/simulator';
import {
  cancelUpdate,
  getProgressQuery,
  migrateFolders,
  pauseUpdate,
  resumeUpdate,
  setConcurrencyUpdate,
  type MigrationProgress,
} from '../../src/workflows';
import { DEFAULT_MIGRATION_CONCURRENCY } from '../../src/workflows/migration/migration-types';
import { folderMaker, startedFolders as started, type ScriptedFolder } from '../helpers/migration-folders';
import { withTestWorker } from '../helpers/temporal-env';
import { timeSkippingWithSimulator } from '../helpers/time-skipping-with-simulator';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

const servers = timeSkippingWithSimulator();
before(async () => {
  ({ env, sim } = await servers.start());
});
after(() => servers.stop());

const fast = { initialPollInterval: '10s', maxPollInterval: '1m', earlyWindow: 0, laterPhase: 'timer' } as const;
const folders = folderMaker(() => sim, 40_000);
const startedFolders = (ids: ScriptedFolder[]): number => started(sim, ids);

/** Workflow time one `env.sleep` skips at most, in milliseconds: 5 minutes. */
const STEP_MS = 5 * 60_000;
/** Real time one step may take, in milliseconds, before the test fails on stuck time skipping instead of hanging. */
const STEP_BOUND_MS = 120_000;

/** One `env.sleep(step)`, failing when it has not returned within {@link STEP_BOUND_MS} of real time. */
async function step(duration: string | number): Promise<void> {
  let bound: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<never>((_, reject) => {
    bound = setTimeout(
      () =>
        reject(new Error(`env.sleep(${duration}) did not return within ${STEP_BOUND_MS} ms: time skipping is stuck`)),
      STEP_BOUND_MS,
    );
  });
  try {
    await Promise.race([env.sleep(duration), stuck]);
  } finally {
    clearTimeout(bound);
  }
}

/** Skips `ms` of workflow time in steps of at most {@link STEP_MS}, checking `check` after each step. */
async function skip(ms: number, check: () => void): Promise<void> {
  for (let left = ms; left > 0; left -= STEP_MS) {
    await step(Math.min(STEP_MS, left));
    check();
  }
}

/** Advances workflow time in `step`s until `check` holds on the progress (at most `steps` times). */
async function advanceUntil(
  handle: WorkflowHandle,
  check: (p: MigrationProgress) => boolean,
  by = '20s',
  steps = 200,
): Promise<MigrationProgress> {
  for (let i = 0; i < steps; i++) {
    const p = await handle.query(getProgressQuery);
    if (check(p)) return p;
    await step(by);
  }
  throw new Error('the progress never got there');
}

function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withTestWorker(env, sim.baseUrl, fn, { maxCachedWorkflows: 1000, maxConcurrentWorkflowTaskExecutions: 100 });
}

function startMigration(
  taskQueue: string,
  updates: ScriptedFolder[],
  concurrency: number,
  poll: { initialPollInterval?: string; maxPollInterval?: string } = {},
) {
  return env.client.workflow.start(migrateFolders, {
    taskQueue,
    workflowId: `control-${randomUUID()}`,
    args: [{ updates, concurrency, ...fast, ...poll }],
  });
}

describe('migrateFolders controls', () => {
  it('pause starts no new folder; setConcurrency and resume go on; the ETA comes from the durations seen', async () => {
    const updates = folders(8, 2);
    await withWorker(async (taskQueue) => {
      const handle = await startMigration(taskQueue, updates, 2);
      const first = await advanceUntil(handle, (p) => p.running === 2);
      assert.equal(first.etaMs, undefined, 'no ETA before a folder finished');
      const withEta = await advanceUntil(handle, (p) => p.done >= 2 && p.running === 2);
      assert.ok((withEta.meanFolderMs ?? 0) > 0 && (withEta.etaMs ?? 0) > 0, JSON.stringify(withEta));

      assert.deepEqual(await handle.executeUpdate(pauseUpdate), { paused: true, canceling: false, concurrency: 2 });
      const paused = await advanceUntil(handle, (p) => p.running === 0);
      assert.equal(paused.paused, true);
      assert.equal(paused.etaMs, undefined, 'no ETA while paused');
      const startedWhilePaused = startedFolders(updates);
      assert.equal(startedWhilePaused, paused.done, 'only the folders started before the pause ran');
      await skip(3600_000, () =>
        assert.equal(startedFolders(updates), startedWhilePaused, 'an hour paused: no new folder started'),
      );
      assert.equal((await handle.query(getProgressQuery)).running, 0);

      assert.deepEqual(await handle.executeUpdate(setConcurrencyUpdate, { args: [3] }), {
        paused: true,
        canceling: false,
        concurrency: 3,
      });
      await handle.executeUpdate(resumeUpdate);
      const resumed = await advanceUntil(handle, (p) => p.running === 3, '1s');
      assert.equal(resumed.concurrency, 3);
      const result = await handle.result();
      assert.equal(result.completed, 8);
      assert.equal(startedFolders(updates), 8);
    });
  });

  it('setConcurrency rejects a bad value naming the field and the value, and leaves no history', async () => {
    const updates = folders(2, 3);
    await withWorker(async (taskQueue) => {
      // Polls 1 s apart: after the test before, this file's time-skipping server has run such a wait in real time.
      const handle = await startMigration(taskQueue, updates, 1, { initialPollInterval: '1s', maxPollInterval: '1s' });
      for (const bad of [0, 501, 2.5, 'x' as unknown as number]) {
        const err = await handle.executeUpdate(setConcurrencyUpdate, { args: [bad] }).then(
          () => assert.fail(`accepted ${String(bad)}`),
          (e: unknown) => e,
        );
        assert.ok(err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure, String(err));
        assert.equal(err.cause.type, 'InvalidInput');
        assert.match(
          err.cause.message,
          new RegExp(`concurrency must be a whole number from 1 to 500, got ${JSON.stringify(bad)}`),
        );
      }
      const history = await handle.fetchHistory();
      assert.ok(
        !(history.events ?? []).some((e) => e.workflowExecutionUpdateAcceptedEventAttributes),
        'a rejected Update is not in the history',
      );
      await handle.result();
    });
  });

  it('cancel lets the running folders finish and reports the rest NOT_STARTED; pause is refused after it', async () => {
    const updates = folders(8, 3);
    await withWorker(async (taskQueue) => {
      // Polls 1 s apart, as above: the running folders finish after the cancel in about real time.
      const handle = await startMigration(taskQueue, updates, 2, { initialPollInterval: '1s', maxPollInterval: '1s' });
      await advanceUntil(handle, (p) => p.running === 2);
      assert.equal((await handle.executeUpdate(cancelUpdate)).canceling, true);
      const refused = await handle.executeUpdate(pauseUpdate).then(
        () => assert.fail('pause accepted after cancel'),
        (e: unknown) => e,
      );
      assert.ok(refused instanceof WorkflowUpdateFailedError && refused.cause instanceof ApplicationFailure);
      assert.equal(refused.cause.type, 'MigrationCanceling');
      const result = await handle.result();
      assert.deepEqual(
        [result.completed, result.notStarted, result.canceledByUser],
        [2, 6, true],
        'the 2 running folders finished, not canceled',
      );
      const report = await readMigrationItems(env.client.workflow, handle.workflowId, result);
      assert.deepEqual(
        report.items.map((i) => i.outcome),
        ['COMPLETE', 'COMPLETE', ...Array<string>(6).fill('NOT_STARTED')],
      );
      assert.equal(startedFolders(updates), 2);
    });
  });
});

describe('migrateFolders default concurrency', () => {
  it(`allows ${DEFAULT_MIGRATION_CONCURRENCY} folders at once when none is given`, async () => {
    assert.equal(DEFAULT_MIGRATION_CONCURRENCY, 200);
    // More folders than an earlier default (100) allowed at once, fewer than today's.
    const count = 120;
    // Each task answers PENDING for 3 polls, so every child is still running when the last one starts.
    const updates = folders(count, 3);
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(migrateFolders, {
        taskQueue,
        workflowId: `default-concurrency-${randomUUID()}`,
        args: [{ updates, ...fast }],
      });
      let most = 0;
      for (let i = 0; i < 200; i++) {
        const p = await handle.query(getProgressQuery);
        assert.equal(p.concurrency, DEFAULT_MIGRATION_CONCURRENCY);
        most = Math.max(most, p.running);
        if (p.done === count) break;
        await step('5s');
      }
      const result = await handle.result();
      assert.equal(result.completed, count);
      assert.equal(most, count, 'every folder ran at once, beyond the old default of 100');
      const events = (await handle.fetchHistory()).events ?? [];
      assert.ok(!events.some((e) => e.markerRecordedEventAttributes), 'no patch marker: 1.0 has one code path');
    });
  });
});
