/**
 * What Temporal users see, on the dev server with the package's search attributes registered: the static summaries
 * and details of a migration's children read back with describe(), the current details of a wait, and `list` /
 * `count` finding the PROCESSING waits of a migration through visibility queries.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/cli-io';
import {
  HUBSPOT_SEARCH_ATTRIBUTES,
  HubSpotFolderId,
  HubSpotMigrationId,
  HubSpotTaskId,
  HubSpotTaskKindKey,
  HubSpotTaskStatus,
  hubspotSearchAttributes,
} from '../../src/common/search-attributes';
import { temporalCli } from '../../src/servers/temporal-servers';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate, migrateFolders } from '../../src/workflows';
import { startFolderUpdateWait, startTaskWait } from '../../src';
import { withTestWorker } from '../helpers/temporal-env';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      searchAttributes: HUBSPOT_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
    },
  });
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

/** Runs the CLI in-process as a client of the test server; returns its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default' },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: process.cwd(),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Polls `check` until it returns a value (visibility is eventually consistent), for up to 30 s. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function currentDetails(handle: WorkflowHandle): Promise<string | undefined> {
  const meta = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return meta.currentDetails;
}

describe('visibility on the dev server', () => {
  it('gives a migration summaries and details, lists its PROCESSING waits, and counts them', async () => {
    const folders = ['7001', '7002', '7003'];
    for (const id of folders) sim.scriptFolder(id, { pendingPolls: 1, processingPolls: 100_000 });
    const migrationId = `visibility-migration-${randomUUID()}`;
    await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
      const migration = await env.client.workflow.start(migrateFolders, {
        taskQueue,
        workflowId: migrationId,
        args: [
          {
            updates: folders.map((folderId) => ({ folderId, name: `Archive ${folderId}` })),
            earlyWindow: 0,
            laterPhase: 'retry',
            initialPollInterval: '200ms',
            maxPollInterval: '500ms',
          },
        ],
        typedSearchAttributes: hubspotSearchAttributes({ migrationId }),
      });

      const listed = await eventually(async () => {
        const r = await cli(['list', '--status', 'PROCESSING', '--migration', migrationId, '--json']);
        assert.equal(r.code, 0, r.stderr);
        const { workflows } = JSON.parse(r.stdout) as { workflows: Array<Record<string, string>> };
        return workflows.length === folders.length ? workflows : undefined;
      }, 'three PROCESSING waits in the list');
      assert.deepEqual(listed.map((w) => w.folderId).sort(), folders);
      for (const w of listed) {
        assert.equal(w.taskStatus, 'PROCESSING');
        assert.equal(w.migrationId, migrationId);
        assert.equal(w.workflowId, `hubspot-folder-update-${w.taskId}`);
      }
      const counted = await cli(['count', '--status', 'PROCESSING', '--migration', migrationId]);
      assert.equal(counted.stdout.trim(), '3');
      const none = await cli(['count', '--status', 'COMPLETE', '--migration', migrationId]);
      assert.equal(none.stdout.trim(), '0');

      // The folder child: summary and details name the folder and its new name.
      const folderChild = env.client.workflow.getHandle(`${migrationId}/folder-7001`);
      const folderDesc = await folderChild.describe();
      assert.equal(await folderDesc.staticSummary(), "Folder 7001 → 'Archive 7001'");
      assert.match((await folderDesc.staticDetails()) ?? '', /\| new name \| Archive 7001 \|/);
      assert.equal(folderDesc.typedSearchAttributes.get(HubSpotMigrationId), migrationId);

      // The wait: summary names the task and folder, details hold the inputs, current details the last status.
      const wait = listed.find((w) => w.folderId === '7001') as Record<string, string>;
      const waitHandle = env.client.workflow.getHandle(wait.workflowId as string);
      const waitDesc = await waitHandle.describe();
      assert.equal(await waitDesc.staticSummary(), `Wait on HubSpot task ${wait.taskId} (folder 7001)`);
      assert.match((await waitDesc.staticDetails()) ?? '', new RegExp(`\\| task id \\| ${wait.taskId} \\|`));
      assert.equal(waitDesc.typedSearchAttributes.get(HubSpotTaskId), wait.taskId);
      assert.equal(waitDesc.typedSearchAttributes.get(HubSpotFolderId), '7001');
      assert.equal(waitDesc.typedSearchAttributes.get(HubSpotTaskKindKey), undefined, "a migration's waits: as before");
      assert.match(
        (await currentDetails(waitHandle)) ?? '',
        /^\*\*PROCESSING\*\* · task \S+ · \d+ polls · last polled at /,
      );
      assert.match((await currentDetails(migration)) ?? '', /\*\*0 of 3 done\*\* .* 3 running/);

      // The retry-phase poll activity carries a summary too; there is no timer between its polls.
      const history = await waitHandle.fetchHistory();
      const summaries = (history.events ?? [])
        .map((e) => e.userMetadata?.summary?.data)
        .filter((d): d is Uint8Array => d instanceof Uint8Array)
        .map((d) => JSON.parse(Buffer.from(d).toString()) as string);
      assert.ok(
        summaries.some((s) => s.startsWith(`Poll HubSpot task ${wait.taskId} (poll `)),
        summaries.join('\n'),
      );
      assert.ok(!summaries.some((s) => s.startsWith('Next poll of task')), summaries.join('\n'));

      await migration.terminate('test done');
      for (const w of listed)
        await env.client.workflow
          .getHandle(w.workflowId as string)
          .terminate('test done')
          .catch(() => undefined);
    });
  });

  it('upserts HubSpotTaskStatus only on changes, and ends on the terminal status', async () => {
    const taskId = sim.createTask({ pendingPolls: 2, processingPolls: 3 });
    await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
      const handle = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue,
        workflowId: `visibility-wait-${randomUUID()}`,
        args: [{ taskId, earlyWindow: 0, initialPollInterval: '100ms', maxPollInterval: '100ms' }],
        typedSearchAttributes: hubspotSearchAttributes({ taskId, status: 'PENDING' }),
      });
      const result = await handle.result();
      assert.equal(result.status, 'COMPLETE');
      const upserted = (await handle.fetchHistory()).events
        ?.map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {})
        .filter((fields) => HubSpotTaskStatus.name in fields)
        .map((fields) => JSON.parse(Buffer.from(fields[HubSpotTaskStatus.name]?.data ?? []).toString()) as string);
      assert.deepEqual(upserted, ['PROCESSING', 'COMPLETE'], 'one upsert per change, not per poll');
      assert.equal((await handle.describe()).typedSearchAttributes.get(HubSpotTaskStatus), 'COMPLETE');
    });
  });

  it('list --kind finds the waits of one kind by HubSpotTaskKind, which the helpers set at start', async () => {
    const exportTask = sim.createTask({ pendingPolls: 1, processingPolls: 100_000 }, { kind: 'crm-export' });
    const folderTask = sim.createTask({ pendingPolls: 1, processingPolls: 100_000 });
    await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
      const fast = { taskQueue, earlyWindow: 0, initialPollInterval: '200ms', maxPollInterval: '500ms' } as const;
      const exportWait = await startTaskWait(env.client, { kind: 'crm-export', taskId: exportTask, ...fast });
      const folderWait = await startFolderUpdateWait(env.client, { taskId: folderTask, ...fast });
      const listed = await eventually(async () => {
        const r = await cli(['list', '--kind', 'crm-export', '--status', 'PROCESSING', '--json']);
        assert.equal(r.code, 0, r.stderr);
        const { workflows } = JSON.parse(r.stdout) as { workflows: Array<Record<string, string>> };
        return workflows.some((w) => w.taskId === exportTask) ? workflows : undefined;
      }, 'the CRM-export wait in list --kind crm-export');
      assert.ok(
        listed.every((w) => w.kind === 'crm-export'),
        JSON.stringify(listed),
      );
      assert.ok(!listed.some((w) => w.taskId === folderTask), 'not the folder wait');
      const folders = await eventually(async () => {
        const r = await cli(['list', '--kind', 'folder-update', '--status', 'PROCESSING', '--json']);
        const { workflows } = JSON.parse(r.stdout) as { workflows: Array<Record<string, string>> };
        return workflows.some((w) => w.taskId === folderTask) ? workflows : undefined;
      }, 'the folder wait in list --kind folder-update');
      assert.ok(!folders.some((w) => w.taskId === exportTask), 'not the export wait');
      const bad = await cli(['list', '--kind', 'folder']);
      assert.equal(bad.code, 2);
      assert.match(
        bad.stderr,
        /--kind must be one of folder-update, file-import, crm-export, source-code-extract, got "folder"/,
      );
      await Promise.all([exportWait.terminate('test done'), folderWait.terminate('test done')]);
    });
  });
});
