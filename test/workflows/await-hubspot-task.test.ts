/**
 * `awaitHubSpotTask` on the real time-skipping test server, with the real activities against the HubSpot simulator:
 * each of the four kinds waited on end to end (the timer path, the early window and the retry phase), a CANCELED file
 * import, an export completing with its URL, the failures each kind keeps or names, and bad input; and the three
 * start-and-wait workflows.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import type { HubSpotTaskKind } from '../../src/common/task-kinds';
import {
  awaitHubSpotTask,
  exportCrmRecords,
  extractSourceCode,
  importFileFromUrl,
  type AwaitHubSpotTaskInput,
  type CrmExportRequest,
} from '../../src/workflows';
import { assertTypedFailure, workflowFailureOf } from '../helpers/failures';
import { withTestWorker } from '../helpers/temporal-env';
import { timeSkippingWithSimulator } from '../helpers/time-skipping-with-simulator';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

const servers = timeSkippingWithSimulator();
before(async () => {
  ({ env, sim } = await servers.start());
});
after(() => servers.stop());

/** Runs `awaitHubSpotTask` to its end on a fresh worker: the timer path unless the input says otherwise. */
function wait<K extends HubSpotTaskKind>(input: AwaitHubSpotTaskInput<K>, simulator: HubSpotSimulator = sim) {
  return withTestWorker(env, simulator.baseUrl, (taskQueue) =>
    env.client.workflow.execute(awaitHubSpotTask<K>, {
      taskQueue,
      workflowId: `wf-${randomUUID()}`,
      args: [{ earlyWindow: 0, laterPhase: 'timer', ...input }],
    }),
  );
}

describe('awaitHubSpotTask: each kind end to end', () => {
  it('waits on a folder update and returns its Folder', async () => {
    const taskId = sim.createTask({ pendingPolls: 2 });
    const result = await wait({ kind: 'folder-update', taskId });
    assert.equal(result.kind, 'folder-update');
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.polls, 4);
    assert.ok(result.result?.id);
  });

  it('waits on a file import from URL and returns the imported File', async () => {
    const request = { url: 'https://assets.example.test/brochure.pdf', access: 'PUBLIC_NOT_INDEXABLE', folderId: '77' };
    const taskId = sim.createTask({}, { kind: 'file-import', request });
    const result = await wait({ kind: 'file-import', taskId });
    assert.equal(result.polls, 3);
    assert.equal(result.result?.name, 'brochure.pdf');
    assert.equal(result.result?.parentFolderId, '77');
    assert.equal(result.result?.access, 'PUBLIC_NOT_INDEXABLE');
  });

  it('waits on a CRM export (an int64 id above 2^53) and returns its download URL', async () => {
    const taskId = sim.createTask({}, { kind: 'crm-export', request: { format: 'XLSX' } });
    assert.ok(BigInt(taskId) > BigInt(Number.MAX_SAFE_INTEGER));
    const result = await wait({ kind: 'crm-export', taskId });
    assert.equal(result.taskId, taskId, 'every digit of the int64 id is kept');
    assert.equal(result.result, `${sim.baseUrl}/simulator/exports/${taskId}.xlsx`);
  });

  it('waits on a source-code extract (an int32 id given as a number) and returns no result', async () => {
    const taskId = sim.createTask({}, { kind: 'source-code-extract' });
    const result = await wait({ kind: 'source-code-extract', taskId: Number(taskId) });
    assert.equal(result.taskId, taskId);
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.numErrors, 0);
    assert.equal(result.result, undefined);
  });

  it('continues as new with its kind and int64 id, and counts the polls of every run', async () => {
    const taskId = sim.createTask({ pendingPolls: 3, processingPolls: 2 }, { kind: 'crm-export' });
    const result = await wait({ kind: 'crm-export', taskId, maxPollsPerRun: 2 });
    assert.equal(result.polls, 6);
    assert.equal(result.taskId, taskId);
    assert.equal(result.result, `${sim.baseUrl}/simulator/exports/${taskId}.csv`);
  });

  it('waits in the early window (watchHubSpotTask) and in the retry phase (pollHubSpotTaskUntilDone)', async () => {
    const done = { pendingPolls: 0, processingPolls: 0 };
    const early = await wait({
      kind: 'crm-export',
      taskId: sim.createTask(done, { kind: 'crm-export' }),
      earlyWindow: '2m',
    });
    assert.equal(early.polls, 1);
    const retry = await wait({
      kind: 'file-import',
      taskId: sim.createTask(done, { kind: 'file-import' }),
      laterPhase: 'retry',
    });
    assert.equal(retry.polls, 1);
    assert.ok(retry.result?.id);
  });
});

describe('awaitHubSpotTask: failures per kind', () => {
  it('fails a CANCELED file import with FileImportCanceled: it must be started again', async () => {
    const taskId = sim.createTask({ outcome: 'CANCELED' }, { kind: 'file-import' });
    const f = await workflowFailureOf(wait({ kind: 'file-import', taskId }));
    assertTypedFailure(
      f,
      'FileImportCanceled',
      /File-import task \d+ was canceled, with 0 errors\. Start the import again\./,
    );
    assert.equal((f.details?.[0] as { status: string }).status, 'CANCELED');
  });

  it("keeps the folder's types where the meaning is the same: a canceled export, an export with errors", async () => {
    const canceled = sim.createTask({ outcome: 'CANCELED' }, { kind: 'crm-export' });
    const f = await workflowFailureOf(wait({ kind: 'crm-export', taskId: canceled }));
    assertTypedFailure(f, 'FolderUpdateCanceled', /CRM-export task \d+ was canceled/);
    const withErrors = sim.createTask({ errors: [missingScopeTaskError(['crm.export'])] }, { kind: 'crm-export' });
    const g = await workflowFailureOf(wait({ kind: 'crm-export', taskId: withErrors }));
    assertTypedFailure(g, 'FolderUpdateCompletedWithErrors', /CRM-export task \d+ completed with 1 error.*crm\.export/);
  });

  it('fails with HubSpotForbidden naming the missing scope when the token lacks content', async () => {
    const filesOnly = new HubSpotSimulator({ rateLimit: false, tokens: { 'sim-token': { scopes: ['files'] } } });
    await filesOnly.start();
    try {
      const taskId = filesOnly.createTask({}, { kind: 'source-code-extract' });
      const f = await workflowFailureOf(wait({ kind: 'source-code-extract', taskId }, filesOnly));
      assert.equal(f.type, 'HubSpotForbidden');
      assert.match(f.message, /content/);
    } finally {
      await filesOnly.stop();
    }
  });

  it('refuses a bad kind or a task id of the wrong type before any HTTP call, naming the field', async () => {
    const before = sim.stats().requests;
    const badKind = await workflowFailureOf(wait({ kind: 'crm-import' as HubSpotTaskKind, taskId: '1' }));
    assertTypedFailure(badKind, 'InvalidInput', /kind must be one of 'folder-update', 'file-import'/, 'kind');
    const badId = await workflowFailureOf(wait({ kind: 'source-code-extract', taskId: '2147483648' }));
    assertTypedFailure(badId, 'InvalidInput', /taskId must be an int32/, 'taskId');
    const unsafe = await workflowFailureOf(wait({ kind: 'crm-export', taskId: 2 ** 60 }));
    assertTypedFailure(unsafe, 'InvalidInput', /taskId must be an int64/, 'taskId');
    assert.equal(sim.stats().requests, before);
  });
});

describe('start-and-wait workflows', () => {
  /** Runs a start-and-wait workflow to its end on a fresh worker, on the timer path. */
  function run<A extends object, R>(workflow: (input: A) => Promise<R>, input: A): Promise<R> {
    return withTestWorker(env, sim.baseUrl, (taskQueue) =>
      env.client.workflow.execute(workflow, {
        taskQueue,
        workflowId: `wf-${randomUUID()}`,
        args: [{ earlyWindow: 0, laterPhase: 'timer', ...input }],
      }),
    );
  }

  it('importFileFromUrl starts the import, waits on it in a child, and returns the File', async () => {
    const result = await run(importFileFromUrl, {
      url: 'https://assets.example.test/files/report.csv',
      access: 'PRIVATE',
      folderPath: '/reports',
    });
    assert.equal(result.kind, 'file-import');
    assert.equal(result.result?.path, '/reports/report.csv');
    const child = await env.client.workflow.getHandle(`hubspot-file-import-${result.taskId}`).describe();
    assert.equal(child.type, 'awaitHubSpotTask');
    const body = sim.requestLog().find((e) => e.taskId === result.taskId && e.method === 'POST');
    assert.equal(body?.path, '/files/v3/files/import-from-url/async');
  });

  it('importFileFromUrl fails with FileImportCanceled when HubSpot cancels the import', async () => {
    sim.scriptKind('file-import', { outcome: 'CANCELED' });
    try {
      const f = await workflowFailureOf(
        run(importFileFromUrl, { url: 'https://assets.example.test/a.png', access: 'PRIVATE', folderId: 5 }),
      );
      assert.equal(f.type, 'FileImportCanceled');
    } finally {
      sim.scriptKind('file-import', {});
    }
  });

  it('exportCrmRecords passes the export request through and returns the download URL', async () => {
    const request = {
      exportType: 'LIST' as const,
      listId: '12',
      exportName: 'Newsletter list',
      format: 'XLS' as const,
      language: 'FR' as const,
      objectType: '0-1',
      objectProperties: ['email'],
      associatedObjectType: [],
    };
    const result = await run(exportCrmRecords, { request });
    assert.equal(result.result, `${sim.baseUrl}/simulator/exports/${result.taskId}.xls`);
  });

  it('extractSourceCode extracts { path } and returns no result', async () => {
    const result = await run(extractSourceCode, { path: '/my-theme/archive.zip' });
    assert.equal(result.kind, 'source-code-extract');
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.result, undefined);
  });

  it('refuses a bad start input before any HTTP call, naming the field', async () => {
    const before = sim.stats().requests;
    const f = await workflowFailureOf(run(importFileFromUrl, { url: 'ftp://x', access: 'PRIVATE', folderId: '1' }));
    assertTypedFailure(f, 'InvalidInput', /url must be an http or https URL/, 'url');
    const g = await workflowFailureOf(
      run(exportCrmRecords, { request: { exportType: 'LIST', exportName: 'x' } as unknown as CrmExportRequest }),
    );
    assertTypedFailure(g, 'InvalidInput', /format must be one of 'XLS', 'XLSX', 'CSV'/, 'format');
    const h = await workflowFailureOf(run(extractSourceCode, { path: ' ' }));
    assertTypedFailure(h, 'InvalidInput', /path must be a non-empty string/, 'path');
    assert.equal(sim.stats().requests, before);
  });
});
