/**
 * `importFilesFromUrls` on the real time-skipping test server, with the real activities against the HubSpot
 * simulator: a batch with a bad import among good ones (per-import outcomes, read back with `readFileImportItems`), a
 * batch HubSpot cancels, pause and resume through the migration's Updates, and bad input refused before any call to
 * Temporal.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readFileImportItems, startFileImports } from '../../src';
import type { HubSpotSimulator } from '../../src/simulator';
import { getProgressQuery, pauseUpdate, resumeUpdate } from '../../src/workflows';
import { withTestWorker } from '../helpers/temporal-env';
import { timeSkippingWithSimulator } from '../helpers/time-skipping-with-simulator';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

const servers = timeSkippingWithSimulator();
before(async () => {
  ({ env, sim } = await servers.start());
});
after(() => servers.stop());

const fast = { earlyWindow: 0, laterPhase: 'timer', initialPollInterval: '1s', maxPollInterval: '1s' } as const;

/** `n` imports of distinct URLs into folder 9. */
function imports(n: number): Array<{ url: string; access: 'PRIVATE'; folderId: string }> {
  const run = randomUUID();
  return Array.from({ length: n }, (_, i) => ({
    url: `https://assets.example.test/${run}/f${i}.png`,
    access: 'PRIVATE',
    folderId: '9',
  }));
}

/** The import POSTs the simulator has seen (the tests run one at a time: compare with a count taken before). */
function importPosts(): number {
  return sim.requestLog().filter((e) => e.method === 'POST' && e.path === '/files/v3/files/import-from-url/async')
    .length;
}

describe('importFilesFromUrls', () => {
  it('imports each URL in a child, keeps going past a bad one, and reports per import', async () => {
    const good = imports(3);
    const batch = [
      good[0],
      { url: 'ftp://assets.example.test/x.png', access: 'PRIVATE', folderId: '9' },
      ...good.slice(1),
    ];
    const posts = importPosts();
    await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
      const handle = await startFileImports(env.client, {
        imports: batch as never,
        concurrency: 2,
        taskQueue,
        ...fast,
      });
      assert.match(handle.workflowId, /^hubspot-file-imports-[0-9a-f]{16}$/);
      const result = await handle.result();
      assert.equal(result.total, 4);
      assert.equal(result.completed, 3);
      assert.equal(result.failed, 1);
      assert.equal(result.canceledByUser, false);
      const items = await readFileImportItems(env.client.workflow, handle.workflowId, result);
      assert.deepEqual(
        items.map((i) => [i.index, i.outcome]),
        [
          [0, 'COMPLETE'],
          [1, 'FAILED'],
          [2, 'COMPLETE'],
          [3, 'COMPLETE'],
        ],
      );
      assert.equal(items[1]?.failureType, 'InvalidInput');
      assert.match(items[1]?.message ?? '', /imports\[1\].*url.*ftp:\/\/assets\.example\.test\/x\.png/);
      for (const [i, name] of [
        [0, 'f0.png'],
        [2, 'f1.png'],
        [3, 'f2.png'],
      ] as const) {
        assert.ok(items[i]?.fileId, `import ${i} has its file id`);
        assert.ok(items[i]?.path?.endsWith(`/${name}`), `import ${i} is ${name}: ${items[i]?.path}`);
        const child = await env.client.workflow.getHandle(`${handle.workflowId}/import-${i}`).describe();
        assert.equal(child.type, 'importFileFromUrl');
      }
      assert.equal(importPosts() - posts, 3, 'one POST per good import, none for the bad one');
    });
  });

  it('reports imports HubSpot cancels as CANCELED (FileImportCanceled), without failing the batch', async () => {
    sim.scriptKind('file-import', { outcome: 'CANCELED' });
    try {
      await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
        const handle = await startFileImports(env.client, { imports: imports(2), taskQueue, ...fast });
        const result = await handle.result();
        assert.equal(result.canceled, 2);
        const items = await readFileImportItems(env.client.workflow, handle.workflowId, result);
        assert.deepEqual(
          items.map((i) => [i.outcome, i.failureType]),
          [
            ['CANCELED', 'FileImportCanceled'],
            ['CANCELED', 'FileImportCanceled'],
          ],
        );
        assert.ok(
          items.every((i) => i.taskId),
          'the canceled tasks are named',
        );
      });
    } finally {
      sim.scriptKind('file-import', {});
    }
  });

  it('pauses (no new import starts) and resumes, with the migration Updates', async () => {
    sim.scriptKind('file-import', { pendingPolls: 3 });
    const batch = imports(3);
    const posts = importPosts();
    try {
      await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
        const handle = await startFileImports(env.client, { imports: batch, concurrency: 1, taskQueue, ...fast });
        const paused = await handle.executeUpdate(pauseUpdate);
        assert.equal(paused.paused, true);
        await env.sleep('5m');
        const p = await handle.query(getProgressQuery);
        assert.equal(p.paused, true);
        assert.equal(p.running, 0, 'the running import finished; no other started');
        assert.equal(p.done, 1);
        assert.equal(importPosts() - posts, 1);
        await handle.executeUpdate(resumeUpdate);
        const result = await handle.result();
        assert.equal(result.completed, 3);
        assert.equal(importPosts() - posts, 3);
      });
    } finally {
      sim.scriptKind('file-import', {});
    }
  });

  it('refuses bad input naming the field and the value, before any call to Temporal', async () => {
    const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const invalid = (field: string) => (err: unknown) =>
      err instanceof ApplicationFailure && err.type === 'InvalidInput' && err.message.includes(field);
    await assert.rejects(startFileImports(client, { imports: [] }), invalid('imports'));
    await assert.rejects(startFileImports(client, { imports: imports(501) }), invalid('501 imports'));
    await assert.rejects(startFileImports(client, { imports: imports(1), concurrency: 0 }), invalid('concurrency'));
    await assert.rejects(startFileImports(client, { imports: imports(1), batchId: 'a b' }), invalid('batchId'));
  });
});
