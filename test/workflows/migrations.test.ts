/**
 * `updateFolderAndWait` and `migrateFolders` on the real time-skipping test server, with the real activities against
 * the HubSpot simulator.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../../src/client/read-migration-items';
import { missingScopeTaskError, type HubSpotSimulator } from '../../src/simulator';
import {
  getProgressQuery,
  getStatusQuery,
  migrateFolders,
  updateFolderAndWait,
  type MigrationProgress,
} from '../../src/workflows';
import { awaitWorkflowId } from '../../src/workflows/workflow-ids';
import { withTestWorker } from '../helpers/temporal-env';
import { timeSkippingWithSimulator } from '../helpers/time-skipping-with-simulator';
import { workflowFailureOf } from '../helpers/failures';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

const servers = timeSkippingWithSimulator({ defaultScript: { pendingPolls: 1, processingPolls: 1 } });
before(async () => {
  ({ env, sim } = await servers.start());
});
after(() => servers.stop());
beforeEach(() => sim.clearFaults());

function withWorker<T>(
  fn: (taskQueue: string) => Promise<T>,
  extra: { maxConcurrentWorkflowTaskExecutions?: number } = {},
): Promise<T> {
  return withTestWorker(env, sim.baseUrl, fn, { maxCachedWorkflows: 1000, ...extra });
}

/** Short waits on the durable timer loop (the early window's and the retry phase's waits would take real time here). */
const fast = { initialPollInterval: '10s', maxPollInterval: '1m', earlyWindow: 0, laterPhase: 'timer' } as const;
let folderSeq = 10_000;
const nextFolder = (): string => String(folderSeq++);

describe('updateFolderAndWait', () => {
  it('starts the update, waits in a queryable awaitFolderUpdate child, and returns its result with the folderId', async () => {
    const folderId = nextFolder();
    const { result, childProgress } = await withWorker(async (tq) => {
      const result = await env.client.workflow.execute(updateFolderAndWait, {
        taskQueue: tq,
        workflowId: `update-${randomUUID()}`,
        args: [{ folderId, name: 'Renamed', parentFolderId: 77, ...fast }],
      });
      assert.ok(result.status === 'COMPLETE');
      const child = env.client.workflow.getHandle(awaitWorkflowId(result.taskId));
      return { result, childProgress: await child.query(getStatusQuery) };
    });
    assert.equal(result.folderId, folderId);
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.result?.name, 'Renamed');
    assert.equal(result.result?.parentFolderId, '77');
    assert.equal(childProgress.polls, result.polls);
    assert.equal(sim.getFolder(folderId)?.name, 'Renamed');
  });

  it('passes the child failure through with its type and details', async () => {
    const folderId = nextFolder();
    sim.scriptFolder(folderId, { outcome: 'CANCELED', errors: [missingScopeTaskError(['files'])] });
    const f = await workflowFailureOf(
      withWorker((tq) =>
        env.client.workflow.execute(updateFolderAndWait, {
          taskQueue: tq,
          workflowId: `update-${randomUUID()}`,
          args: [{ folderId, name: 'x', ...fast }],
        }),
      ),
    );
    assert.equal(f.type, 'FolderUpdateCanceled');
    assert.deepEqual((f.details?.[0] as { errors: Array<{ missingScopes: string[] }> }).errors[0]?.missingScopes, [
      'files',
    ]);
  });

  it('fails with InvalidInput before any HTTP call for a bad row', async () => {
    const before = sim.stats().requests;
    const f = await workflowFailureOf(
      withWorker((tq) =>
        env.client.workflow.execute(updateFolderAndWait, {
          taskQueue: tq,
          workflowId: `update-${randomUUID()}`,
          args: [{ folderId: '1' }],
        }),
      ),
    );
    assert.equal(f.type, 'InvalidInput');
    assert.match(f.message, /must set name or parentFolderId/);
    assert.equal(sim.stats().requests, before);
  });

  it('retries a failing start at most 5 times, then fails with the HubSpot failure type', async () => {
    const folderId = nextFolder();
    const postsBefore = sim.stats().byRoute.start;
    sim.injectFault({ kind: 'status', status: 503 }, { count: 100, route: 'start' });
    const f = await workflowFailureOf(
      withWorker((tq) =>
        env.client.workflow.execute(updateFolderAndWait, {
          taskQueue: tq,
          workflowId: `update-${randomUUID()}`,
          args: [{ folderId, name: 'x' }],
        }),
      ),
    );
    assert.equal(f.type, 'HubSpotServerError');
    assert.equal(sim.stats().byRoute.start - postsBefore, 5);
  });

  it('fails with HubSpotForbidden at once when the start is refused', async () => {
    const folderId = nextFolder();
    sim.injectFault(
      {
        kind: 'status',
        status: 403,
        body: {
          status: 'error',
          category: 'MISSING_SCOPES',
          message: 'no',
          errors: [{ message: 'x', context: { requiredGranularScopes: ['files'] } }],
        },
      },
      { route: 'start' },
    );
    const f = await workflowFailureOf(
      withWorker((tq) =>
        env.client.workflow.execute(updateFolderAndWait, {
          taskQueue: tq,
          workflowId: `update-${randomUUID()}`,
          args: [{ folderId, name: 'x' }],
        }),
      ),
    );
    assert.equal(f.type, 'HubSpotForbidden');
  });
});

describe('migrateFolders', () => {
  it('migrates 200 folders with mixed outcomes, invalid rows included, and reports each once in input order', async () => {
    const updates: Array<Record<string, unknown>> = [];
    const expected = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      const folderId = nextFolder();
      updates.push({ folderId, name: `Folder ${i}` });
      if (i % 20 === 3) {
        sim.scriptFolder(folderId, { errors: [missingScopeTaskError(['files.ui_hidden.read'])] });
        expected.set(folderId, 'COMPLETED_WITH_ERRORS');
      } else if (i % 25 === 7) {
        sim.scriptFolder(folderId, { outcome: 'CANCELED' });
        expected.set(folderId, 'CANCELED');
      } else {
        expected.set(folderId, 'COMPLETE');
      }
    }
    const dup = String(updates[10]!.folderId);
    updates.push({ folderId: dup, name: 'again' }, { name: 'no id' }, { folderId: nextFolder() });

    const { result, progress } = await withWorker(async (tq) => {
      const handle = await env.client.workflow.start(migrateFolders, {
        taskQueue: tq,
        workflowId: `migration-${randomUUID()}`,
        args: [{ updates: updates as never, concurrency: 20, ...fast }],
      });
      const result = await readMigrationItems(env.client.workflow, handle.workflowId, await handle.result());
      return { result, progress: await handle.query(getProgressQuery) };
    });

    assert.equal(result.total, 203);
    assert.equal(result.runIds.length, 1);
    assert.equal(result.items.length, 203);
    assert.deepEqual(
      result.items.slice(0, 200).map((i) => [i.folderId, i.outcome]),
      [...expected.entries()],
    );
    const counts = {
      COMPLETE: 0,
      COMPLETED_WITH_ERRORS: 0,
      CANCELED: 0,
      FAILED: 0,
      ALREADY_DONE: 0,
      MISMATCH: 0,
      NOT_STARTED: 0,
    };
    for (const i of result.items) counts[i.outcome]++;
    assert.deepEqual(
      [result.completed, result.completedWithErrors, result.canceled, result.failed],
      [counts.COMPLETE, counts.COMPLETED_WITH_ERRORS, counts.CANCELED, counts.FAILED],
    );
    assert.equal(result.completedWithErrors, 10);
    assert.equal(result.canceled, 8);
    assert.equal(result.failed, 3);
    const withErrors = result.items.find((i) => i.outcome === 'COMPLETED_WITH_ERRORS')!;
    assert.equal(withErrors.numErrors, 1);
    assert.deepEqual(withErrors.errors[0]?.missingScopes, ['files.ui_hidden.read']);
    assert.equal(withErrors.failureType, 'FolderUpdateCompletedWithErrors');
    assert.ok(withErrors.taskId);
    const [dupItem, noId, noChange] = result.items.slice(200);
    assert.equal(dupItem?.failureType, 'InvalidInput');
    assert.match(dupItem?.message ?? '', /Row 201: folderId \d+ is a duplicate of row 11/);
    assert.match(noId?.message ?? '', /Row 202: .*folderId must be a non-empty string/);
    assert.match(noChange?.message ?? '', /Row 203: .*must set name or parentFolderId/);
    assert.ok(
      result.items.every((i) => i.outcome === 'FAILED' || i.taskId),
      'every started item has its task id',
    );
    assert.deepEqual(progress, {
      total: 203,
      completed: result.completed,
      completedWithErrors: 10,
      canceled: 8,
      failed: 3,
      alreadyDone: 0,
      mismatched: 0,
      notStarted: 0,
      running: 0,
      done: 203,
      paused: false,
      canceling: false,
      concurrency: 20,
      etaMs: 0,
      meanFolderMs: progress.meanFolderMs ?? -1,
    } satisfies MigrationProgress);
    assert.ok((progress.meanFolderMs ?? 0) > 0, 'a mean folder duration in workflow time');
  });

  it('fails at once with InvalidInput for an empty list, a non-list and a bad concurrency', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ updates: [] }, /updates must hold at least one folder update/],
      [{ updates: 'folders.csv' }, /updates must be an array/],
      [
        { updates: [{ folderId: '1', name: 'a' }], concurrency: 0 },
        /concurrency must be a whole number from 1 to 500, got 0/,
      ],
      [
        { updates: [{ folderId: '1', name: 'a' }], initialPollInterval: '0s' },
        /initialPollInterval must be a positive duration/,
      ],
    ];
    for (const [input, message] of cases) {
      const f = await workflowFailureOf(
        withWorker((tq) =>
          env.client.workflow.execute(migrateFolders, {
            taskQueue: tq,
            workflowId: `migration-${randomUUID()}`,
            args: [input as never],
          }),
        ),
      );
      assert.equal(f.type, 'InvalidInput');
      assert.match(f.message, message);
    }
  });

  it('reports progress while it runs, with running bounded by the concurrency', async () => {
    const updates = Array.from({ length: 12 }, () => ({ folderId: nextFolder(), name: 'n' }));
    for (const u of updates) sim.scriptFolder(u.folderId, { pendingPolls: 3 });
    const seen: MigrationProgress[] = [];
    await withWorker(async (tq) => {
      const handle = await env.client.workflow.start(migrateFolders, {
        taskQueue: tq,
        workflowId: `migration-${randomUUID()}`,
        // Short intervals: the queries below keep the time-skipping server busy, so this wait runs in near real time.
        args: [{ updates, concurrency: 3, ...fast, initialPollInterval: '1s', maxPollInterval: '2s' }],
      });
      const result = handle.result();
      let finished = false;
      void result.finally(() => (finished = true));
      while (!finished) {
        seen.push(await handle.query(getProgressQuery));
        await new Promise((r) => setTimeout(r, 100));
      }
      await result;
    });
    assert.ok(seen.length > 0);
    assert.ok(seen.every((p) => p.running <= 3 && p.total === 12 && p.done + p.running <= 12));
    assert.ok(
      seen.some((p) => p.running === 3),
      'three folders ran at once at some point',
    );
  });
});
