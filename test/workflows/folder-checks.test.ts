/**
 * The folder checks of `updateFolderAndWait` and `migrateFolders` on the real time-skipping test server, with the real
 * activities against the HubSpot simulator: read first (ALREADY_DONE, no POST), verify after COMPLETE (MISMATCH),
 * FolderNotFound, before/after in the items, a retry's link to the migration it retries, and the plan workflow.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../../src/client/read-migration-items';
import type { HubSpotSimulator } from '../../src/simulator';
import { migrateFolders, planFolderMigration, updateFolderAndWait } from '../../src/workflows';
import { withTestWorker } from '../helpers/temporal-env';
import { timeSkippingWithSimulator } from '../helpers/time-skipping-with-simulator';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

const servers = timeSkippingWithSimulator({ implicitFolders: false });
before(async () => {
  ({ env, sim } = await servers.start());
  sim.seedFolder({ id: '100', name: 'marketing' });
  sim.seedFolder({ id: '101', name: 'drafts', parentFolderId: '100' });
  sim.seedFolder({ id: '102', name: 'done-already', parentFolderId: '100' });
  sim.seedFolder({ id: '103', name: 'stubborn', parentFolderId: '100' });
  sim.seedFolder({ id: '200', name: 'archive' });
  sim.seedFolder({ id: '300', name: 'plan' });
  sim.seedFolder({ id: '301', name: 'inside', parentFolderId: '300' });
  sim.scriptFolder('103', { leaveFolderUnchanged: true });
});
after(() => servers.stop());

/** Timer waits, no early window or retry phase: their waits would take real time on this server. */
const fast = { initialPollInterval: '10s', maxPollInterval: '1m', earlyWindow: 0, laterPhase: 'timer' } as const;
const posts = (folderId: string): number =>
  sim.requestLog().filter((e) => e.method === 'POST' && e.taskId && sim.getTask(e.taskId)?.folderId === folderId)
    .length;

describe('folder checks', () => {
  it('migrates with ALREADY_DONE, MISMATCH, FAILED FolderNotFound and a verified move, before and after kept', async () => {
    const workflowId = `migration-${randomUUID()}`;
    const result = await withTestWorker(env, sim.baseUrl, async (tq) => {
      const handle = await env.client.workflow.start(migrateFolders, {
        taskQueue: tq,
        workflowId,
        args: [
          {
            updates: [
              { folderId: '101', name: 'drafts-2024', parentFolderId: '200' },
              { folderId: '102', name: 'done-already', parentFolderId: '100' },
              { folderId: '103', name: 'renamed' },
              { folderId: '999', name: 'ghost' },
            ],
            retryOf: 'hubspot-folder-migration-earlier',
            ...fast,
          },
        ],
      });
      return readMigrationItems(env.client.workflow, workflowId, await handle.result());
    });
    const [moved, already, mismatch, missing] = result.items;
    assert.equal(moved?.outcome, 'COMPLETE');
    assert.deepEqual(moved?.before, { name: 'drafts', parentFolderId: '100', path: '/marketing/drafts' });
    assert.deepEqual(moved?.after, { name: 'drafts-2024', parentFolderId: '200', path: '/archive/drafts-2024' });
    assert.equal(already?.outcome, 'ALREADY_DONE');
    assert.equal(already?.taskId, undefined);
    assert.equal(posts('102'), 0, 'no POST for a folder already in its target state');
    assert.equal(mismatch?.outcome, 'MISMATCH');
    assert.ok(mismatch?.taskId);
    assert.deepEqual(mismatch?.mismatches, [
      'name: expected "renamed", found "stubborn"',
      'path: expected "/marketing/renamed", found "/marketing/stubborn"',
    ]);
    assert.equal(mismatch?.before?.name, 'stubborn');
    assert.equal(mismatch?.after?.name, 'stubborn');
    assert.equal(missing?.outcome, 'FAILED');
    assert.equal(missing?.failureType, 'FolderNotFound');
    assert.equal(posts('999'), 0);
    assert.deepEqual([result.completed, result.alreadyDone, result.mismatched, result.failed], [1, 1, 1, 1]);
    assert.equal(result.retryOf, 'hubspot-folder-migration-earlier');
  });

  it('updateFolderAndWait returns ALREADY_DONE without a POST for a folder already in its target state', async () => {
    const result = await withTestWorker(env, sim.baseUrl, (tq) =>
      env.client.workflow.execute(updateFolderAndWait, {
        taskQueue: tq,
        workflowId: `update-${randomUUID()}`,
        args: [{ folderId: '200', name: 'archive', ...fast }],
      }),
    );
    assert.equal(result.status, 'ALREADY_DONE');
    assert.equal(posts('200'), 0);
  });

  it('plans a migration without changing anything', async () => {
    const before = sim.stats().byRoute.start;
    const plan = await withTestWorker(env, sim.baseUrl, (tq) =>
      env.client.workflow.execute(planFolderMigration, {
        taskQueue: tq,
        workflowId: `plan-${randomUUID()}`,
        args: [
          {
            updates: [
              { folderId: '300', parentFolderId: '301' },
              { folderId: '998', name: 'x' },
              { folderId: '200', name: 'archive' },
            ],
          },
        ],
      }),
    );
    assert.equal(plan.clean, false);
    assert.deepEqual(
      plan.rows.map((r) => [r.folderId, r.flags]),
      [
        ['300', ['OWN_SUBTREE']],
        ['998', ['NOT_FOUND']],
        ['200', ['NO_OP']],
      ],
    );
    assert.equal(sim.stats().byRoute.start, before, 'no POST');
  });
});
