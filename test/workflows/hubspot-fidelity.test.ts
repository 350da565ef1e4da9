/**
 * HubSpot's own shapes end to end on the real time-skipping server, with the real activities against the simulator:
 * the reference page's example (test/fixtures/, served verbatim) settles each wait by its status, and a migration
 * whose tasks answer with HubSpot-shaped errors counts those folders COMPLETED_WITH_ERRORS, not FAILED.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../../src/client/read-migration-items';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { HubSpotSimulator, type StandardErrorBody } from '../../src/simulator';
import { awaitFolderUpdate, migrateFolders } from '../../src/workflows';
import { createTimeSkippingEnv, withTestWorker } from '../helpers/temporal-env';
import { workflowFailureOf } from '../helpers/failures';

const referenceExample = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'status-reference-example.json'), 'utf8'),
) as Record<string, unknown> & { errors: StandardErrorBody[] };

/**
 * The durable timer loop: the early window's polls, and the retry phase's backoffs (this server does not skip time
 * while an activity waits for its retry), would take real time on this server.
 */
const fast = { initialPollInterval: '10s', maxPollInterval: '1m', earlyWindow: 0, laterPhase: 'timer' } as const;

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTimeSkippingEnv();
});
after(() => env?.teardown());

/** Waits on task `<string>` of a simulator that answers every poll with the reference example as `status`. */
async function awaitReferenceExample(status: string, allowErrors = false): Promise<unknown> {
  const sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
  try {
    sim.createTask({ statusBody: { ...referenceExample, status } }, { taskId: '<string>' });
    return await withTestWorker(env, sim.baseUrl, (taskQueue) =>
      env.client.workflow.execute(awaitFolderUpdate, {
        taskQueue,
        workflowId: `reference-${randomUUID()}`,
        args: [{ taskId: '<string>', allowErrors, ...fast }],
      }),
    );
  } finally {
    await sim.stop();
  }
}

function assertReferenceStatus(status: unknown): void {
  const s = status as FolderUpdateStatus;
  assert.equal(s.numErrors, 123);
  assert.deepEqual(s.errors[0]?.missingScopes, ['scope1', 'scope2']);
}

describe('awaitFolderUpdate on the reference example', () => {
  it('CANCELED fails with FolderUpdateCanceled, carrying numErrors 123 and the scopes', async () => {
    const f = await workflowFailureOf(awaitReferenceExample('CANCELED'));
    assert.equal(f.type, 'FolderUpdateCanceled');
    assert.match(f.message, /canceled, with 123 errors; first: <string>: <string> \(missing scopes: scope1, scope2\)/);
    assertReferenceStatus(f.details?.[0]);
  });

  it('COMPLETE fails with FolderUpdateCompletedWithErrors', async () => {
    const f = await workflowFailureOf(awaitReferenceExample('COMPLETE'));
    assert.equal(f.type, 'FolderUpdateCompletedWithErrors');
    assertReferenceStatus(f.details?.[0]);
  });

  it('COMPLETE returns with allowErrors, with the folder', async () => {
    const result = await awaitReferenceExample('COMPLETE', true);
    assertReferenceStatus(result);
    assert.equal((result as FolderUpdateStatus).result?.parentFolderId, '<string>');
  });
});

describe('migrateFolders with HubSpot-shaped task errors', () => {
  it('counts the folders whose tasks report them COMPLETED_WITH_ERRORS, not FAILED', async () => {
    const sim = new HubSpotSimulator({ rateLimit: false, defaultScript: { pendingPolls: 1, processingPolls: 1 } });
    await sim.start();
    const error = referenceExample.errors[0] as unknown as Record<string, unknown>;
    const shapes: Array<Record<string, unknown>> = [
      error,
      { ...error, subCategory: 'FOLDER_LOCKED', context: { missingScopes: 'files.write' } },
      { ...error, links: [{ rel: 'docs' }], status: 500, id: 7, extra: { any: 'thing' } },
      { category: 'CONFLICT', message: 'A folder with that name exists', context: '{folderId=[12]}' },
    ];
    try {
      const updates = [{ folderId: '500', name: 'clean' }];
      shapes.forEach((shape, i) => {
        const folderId = String(501 + i);
        updates.push({ folderId, name: `shaped ${i}` });
        sim.scriptFolder(folderId, { errors: [shape as unknown as StandardErrorBody] });
      });
      const workflowId = `migration-${randomUUID()}`;
      const result = await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
        const ended = await env.client.workflow.execute(migrateFolders, {
          taskQueue,
          workflowId,
          args: [{ updates, concurrency: 5, ...fast }],
        });
        return readMigrationItems(env.client.workflow, workflowId, ended);
      });
      assert.deepEqual(
        result.items.map((i) => [i.folderId, i.outcome]),
        [
          ['500', 'COMPLETE'],
          ['501', 'COMPLETED_WITH_ERRORS'],
          ['502', 'COMPLETED_WITH_ERRORS'],
          ['503', 'COMPLETED_WITH_ERRORS'],
          ['504', 'COMPLETED_WITH_ERRORS'],
        ],
      );
      assert.deepEqual([result.completed, result.completedWithErrors, result.failed], [1, 4, 0]);
      assert.deepEqual(result.items[1]?.errors[0]?.missingScopes, ['scope1', 'scope2']);
      assert.deepEqual(result.items[2]?.errors[0]?.missingScopes, ['files.write', 'scope1', 'scope2']);
      assert.deepEqual(result.items[3]?.errors[0]?.extra, {
        links: [{ rel: 'docs' }],
        status: 500,
        extra: { any: 'thing' },
      });
    } finally {
      await sim.stop();
    }
  });
});
