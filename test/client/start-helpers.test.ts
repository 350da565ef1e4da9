/**
 * The client helpers start waits, folder updates and migrations the way the CLI does: a derived workflow id (a second
 * call attaches), the Web UI summary and details, the search attributes when the namespace has them (the dev server
 * with them registered) and none when it does not (the time-skipping server cannot list them), and bad input rejected
 * before any call to Temporal. A wait started with a plain `client.workflow.start` still names its task.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  executeFolderUpdateWait,
  FailureTypes,
  HUBSPOT_SEARCH_ATTRIBUTES,
  HubSpotFolderId,
  HubSpotMigrationId,
  HubSpotTaskId,
  HubSpotTaskKindKey,
  HubSpotTaskStatus,
  readMigrationItems,
  startFolderUpdate,
  startFolderUpdateWait,
  startMigration,
  startTask,
  startTaskWait,
  executeTaskWait,
} from '../../src';
import { temporalCli } from '../../src/servers/temporal-servers';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate } from '../../src/workflows';
import { createTimeSkippingEnv, withTestWorker } from '../helpers/temporal-env';

const fast = { initialPollInterval: '100ms', maxPollInterval: '200ms', earlyWindow: 0 } as const;

let dev: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
  dev = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      searchAttributes: HUBSPOT_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
    },
  });
});
after(async () => {
  await dev?.teardown();
  await sim?.stop();
});

async function currentDetails(client: Client, workflowId: string): Promise<string | undefined> {
  const meta = await client.workflow
    .getHandle(workflowId)
    .query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return meta.currentDetails;
}

describe('client helpers on a namespace with the search attributes', () => {
  it('startFolderUpdateWait derives the id, attaches on a second call, and sets summary, details and attributes', async () => {
    const taskId = sim.createTask({ pendingPolls: 3 });
    await withTestWorker(dev, sim.baseUrl, async (taskQueue) => {
      const first = await startFolderUpdateWait(dev.client, { taskId, taskQueue, ...fast });
      const second = await startFolderUpdateWait(dev.client, { taskId, taskQueue, ...fast });
      assert.equal(first.workflowId, `hubspot-folder-update-${taskId}`);
      const [a, b] = await Promise.all([first.describe(), second.describe()]);
      assert.equal(a.runId, b.runId, 'the second call attached to the running wait');
      assert.match((await a.staticSummary()) ?? '', new RegExp(`task ${taskId}`));
      assert.match((await a.staticDetails()) ?? '', /folder-update task/);
      assert.equal(a.typedSearchAttributes.get(HubSpotTaskId), taskId);
      assert.equal(a.typedSearchAttributes.get(HubSpotTaskKindKey), 'folder-update');
      const result = await executeFolderUpdateWait(dev.client, { taskId, taskQueue, ...fast });
      assert.equal(result.status, 'COMPLETE');
      assert.equal(result.taskId, taskId);
    });
  });

  it('startTaskWait waits on a CRM export as hubspot-crm-export-<id>, attaching on a second call', async () => {
    const taskId = sim.createTask({ pendingPolls: 3 }, { kind: 'crm-export' });
    await withTestWorker(dev, sim.baseUrl, async (taskQueue) => {
      const first = await startTaskWait(dev.client, { kind: 'crm-export', taskId, taskQueue, ...fast });
      const second = await startTaskWait(dev.client, { kind: 'crm-export', taskId, taskQueue, ...fast });
      assert.equal(first.workflowId, `hubspot-crm-export-${taskId}`);
      const [a, b] = await Promise.all([first.describe(), second.describe()]);
      assert.equal(a.runId, b.runId, 'the second call attached to the running wait');
      assert.equal(a.type, 'awaitHubSpotTask');
      assert.match((await a.staticSummary()) ?? '', new RegExp(`crm-export task ${taskId}`));
      assert.equal(a.typedSearchAttributes.get(HubSpotTaskId), taskId);
      assert.equal(a.typedSearchAttributes.get(HubSpotTaskKindKey), 'crm-export');
      const result = await executeTaskWait(dev.client, { kind: 'crm-export', taskId, taskQueue, ...fast });
      assert.equal(result.result, `${sim.baseUrl}/simulator/exports/${taskId}.csv`);
      const folderTask = sim.createTask();
      const folderWait = await startTaskWait(dev.client, {
        kind: 'folder-update',
        taskId: folderTask,
        taskQueue,
        ...fast,
      });
      assert.equal(folderWait.workflowId, `hubspot-folder-update-${folderTask}`);
      assert.equal((await folderWait.describe()).type, 'awaitFolderUpdate', 'a folder task keeps its own wait');
      await folderWait.result();
    });
  });

  it('startTask sets HubSpotTaskKind on the import, which passes it to its wait with the task id', async () => {
    const url = `https://assets.example.test/${randomUUID()}.png`;
    await withTestWorker(dev, sim.baseUrl, async (taskQueue) => {
      const request = { url, access: 'PRIVATE', folderId: '5' };
      const handle = await startTask(dev.client, { kind: 'file-import', request, taskQueue, ...fast });
      assert.match(handle.workflowId, /^hubspot-file-import-start-[0-9a-f]{16}$/);
      const started = await handle.describe();
      assert.equal(started.typedSearchAttributes.get(HubSpotTaskKindKey), 'file-import');
      assert.equal(started.typedSearchAttributes.get(HubSpotTaskId), undefined, 'no task id before the POST');
      const result = await handle.result();
      assert.equal(result.status, 'COMPLETE');
      const wait = await dev.client.workflow.getHandle(`hubspot-file-import-${result.taskId}`).describe();
      assert.equal(wait.type, 'awaitHubSpotTask');
      assert.equal(wait.typedSearchAttributes.get(HubSpotTaskKindKey), 'file-import');
      assert.equal(wait.typedSearchAttributes.get(HubSpotTaskId), result.taskId);
      assert.equal(wait.typedSearchAttributes.get(HubSpotTaskStatus), 'COMPLETE');
    });
  });

  it('startFolderUpdate and startMigration start once per folder or set of updates', async () => {
    const folderId = String(80_000 + Math.floor(Math.random() * 1000));
    sim.scriptFolder(folderId, { pendingPolls: 1 });
    const rows = [String(81_000 + Math.floor(Math.random() * 1000)), String(82_000 + Math.floor(Math.random() * 1000))];
    for (const id of rows) sim.scriptFolder(id, { pendingPolls: 1 });
    const updates = rows.map((id) => ({ folderId: id, name: `Renamed ${id}` }));
    await withTestWorker(dev, sim.baseUrl, async (taskQueue) => {
      const update = await startFolderUpdate(dev.client, { folderId, name: 'Helper rename', taskQueue, ...fast });
      assert.equal(update.workflowId, `hubspot-update-folder-${folderId}`);
      const described = await update.describe();
      assert.equal(described.typedSearchAttributes.get(HubSpotFolderId), folderId);
      assert.equal(described.typedSearchAttributes.get(HubSpotTaskKindKey), 'folder-update');
      assert.match((await described.staticSummary()) ?? '', new RegExp(`Folder ${folderId}`));
      assert.equal((await update.result()).status, 'COMPLETE');

      const migration = await startMigration(dev.client, { updates, taskQueue, ...fast });
      const again = await startMigration(dev.client, { updates, taskQueue, ...fast });
      assert.match(migration.workflowId, /^hubspot-folder-migration-[0-9a-f]{16}$/);
      assert.equal(again.workflowId, migration.workflowId, 'the same updates: the same migration');
      const m = await migration.describe();
      assert.equal(m.typedSearchAttributes.get(HubSpotMigrationId), migration.workflowId);
      assert.equal(m.typedSearchAttributes.get(HubSpotTaskKindKey), undefined, 'a migration is not a task');
      assert.match((await m.staticSummary()) ?? '', /Migrate 2 HubSpot folders/);
      const result = await migration.result();
      assert.equal(result.completed, 2);
      const report = await readMigrationItems(dev.client.workflow, migration.workflowId, result);
      assert.deepEqual(report.items.map((i) => i.folderId).sort(), [...rows].sort());
    });
  });

  it('a wait started with a plain client.workflow.start names its task in its current details', async () => {
    const taskId = sim.createTask({ pendingPolls: 1_000 });
    await withTestWorker(dev, sim.baseUrl, async (taskQueue) => {
      const handle = await dev.client.workflow.start(awaitFolderUpdate, {
        taskQueue,
        workflowId: `plain-${randomUUID()}`,
        args: [{ taskId, ...fast }],
      });
      // Before its first status and after it, in every phase, the details name the task.
      const seen: string[] = [];
      for (let i = 0; i < 300 && !seen.some((d) => d.includes('polls')); i++) {
        const details = await currentDetails(dev.client, handle.workflowId);
        if (details) seen.push(details);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(
        seen.some((d) => d.includes('polls')),
        `a status was read: ${seen.join(' | ')}`,
      );
      for (const details of seen) assert.match(details, new RegExp(taskId));
      await handle.terminate();
    });
  });
});

describe('client helpers without the search attributes, and bad input', () => {
  it('starts without search attributes when the namespace cannot have them, and never fails for it', async () => {
    const env = await createTimeSkippingEnv();
    try {
      const taskId = sim.createTask({ pendingPolls: 1 });
      await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
        const handle = await startFolderUpdateWait(env.client, { taskId, taskQueue, ...fast });
        assert.equal((await handle.describe()).typedSearchAttributes.get(HubSpotTaskId), undefined);
        assert.equal((await handle.result()).status, 'COMPLETE');
      });
    } finally {
      await env.teardown();
    }
  });

  it('rejects bad input naming the field and the value, before any call to Temporal', async () => {
    // A lazy connection to a closed port: any call would fail with a connection error, not InvalidInput.
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const invalid = (field: string) => (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.equal((err as { type?: string }).type, FailureTypes.InvalidInput);
      assert.match(err.message, new RegExp(field));
      return true;
    };
    await assert.rejects(startFolderUpdateWait(client, { taskId: 'a/b' }), invalid('taskId'));
    await assert.rejects(
      startFolderUpdateWait(client, { taskId: '1', maxPollInterval: 'soon' }),
      invalid('maxPollInterval'),
    );
    await assert.rejects(startFolderUpdate(client, { folderId: '12' }), invalid('name'));
    await assert.rejects(startMigration(client, { updates: [] }), invalid('updates'));
    await assert.rejects(
      startMigration(client, { updates: [{ folderId: '1', name: 'x' }], concurrency: 0 }),
      invalid('concurrency'),
    );
    await assert.rejects(
      startMigration(client, { updates: [{ folderId: '1', name: 'x' }], migrationId: 'no spaces' }),
      invalid('migrationId'),
    );
  });
});
