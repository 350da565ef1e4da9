/**
 * `migrateFolders` within Temporal's limits, on the real dev server.
 *
 * History: every run stays under 4,096 events (where Temporal suggests continuing as new) because the workflow
 * continues as new every `MAX_CHILDREN_PER_RUN` (500) children. A run's size depends on that constant, not on the migration's length, so three runs (the second one both
 * continued and continuing) prove it for any length.
 *
 * Payloads: the dev server is started with Temporal's payload limit lowered from 2 MiB to 128 KiB
 * (`limit.blobSize.error`, warn at 64 KiB): a migration whose items weigh more than the limit (folders with 20 long
 * errors each, 10% of them, as in the 10,000-folder shape) still completes, continues as new, returns a small result,
 * and its items come back whole, page by page. Carrying the items through continue-as-new or in the result, as before,
 * would exceed the limit.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../../src/client/read-migration-items';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import { MAX_CHILDREN_PER_RUN, MAX_ERRORS_PER_ITEM, migrateFolders } from '../../src/workflows';
import { utf8Length } from '../../src/workflows/migration-items-page';
import { eventsPerRun } from '../helpers/histories';
import { createDevServerEnv, withTestWorker } from '../helpers/temporal-env';

const LIMIT_BYTES = 128 * 1024;
let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  env = await createDevServerEnv(undefined, [
    '--dynamic-config-value',
    `limit.blobSize.error=${LIMIT_BYTES}`,
    '--dynamic-config-value',
    `limit.blobSize.warn=${LIMIT_BYTES / 2}`,
  ]);
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

describe('migrateFolders within Temporal limits', () => {
  it(`stays under a ${LIMIT_BYTES / 1024} KiB payload limit while the items weigh more, and under 4,096 events a run`, async () => {
    const count = MAX_CHILDREN_PER_RUN * 2 + 30;
    const error = { ...missingScopeTaskError(['files']), message: `Missing scope. ${'x'.repeat(600)}` };
    const updates = Array.from({ length: count }, (_, i) => {
      const folderId = String(60_000 + i);
      const errors = i % 10 === 0 ? Array.from({ length: MAX_ERRORS_PER_ITEM }, () => error) : [];
      sim.scriptFolder(folderId, { pendingPolls: 0, processingPolls: 0, errors });
      return { folderId, name: `n${i}` };
    });
    // The lowered limit is in force: an input over it is refused.
    const heavy = Array.from({ length: 800 }, (_, i) => ({ folderId: String(i + 1), name: 'n'.repeat(200) }));
    await assert.rejects(
      env.client.workflow.start(migrateFolders, {
        taskQueue: 'none',
        workflowId: randomUUID(),
        args: [{ updates: heavy }],
      }),
      (e: unknown) => e instanceof Error && /exceeds|size|limit/i.test(`${String(e.cause)}`),
    );
    const workflowId = `bounded-${randomUUID()}`;
    const { result, report, runs } = await withTestWorker(
      env,
      sim.baseUrl,
      async (taskQueue) => {
        const handle = await env.client.workflow.start(migrateFolders, {
          taskQueue,
          workflowId,
          args: [{ updates, concurrency: 100, allowErrors: true, initialPollInterval: '200ms', earlyWindow: 0 }],
        });
        const result = await handle.result();
        const report = await readMigrationItems(env.client.workflow, workflowId, result, { maxBytes: 32 * 1024 });
        return { result, report, runs: await eventsPerRun(env.client, handle) };
      },
      { maxCachedWorkflows: 1000, maxConcurrentWorkflowTaskExecutions: 100 },
    );
    const withErrors = Math.ceil(count / 10);
    assert.deepEqual([result.completed, result.completedWithErrors], [count - withErrors, withErrors]);
    assert.equal(runs.length, Math.ceil(count / MAX_CHILDREN_PER_RUN), `a run every ${MAX_CHILDREN_PER_RUN} children`);
    assert.equal(result.runIds.length, runs.length, 'the result names every run');
    const longest = Math.max(...runs);
    assert.ok(longest < 4096, `every run stays under 4,096 events; the longest had ${longest}`);
    assert.ok(utf8Length(JSON.stringify(result)) < 1024, 'the result is counts and run ids');
    const itemsBytes = utf8Length(JSON.stringify(report.items));
    assert.ok(itemsBytes > LIMIT_BYTES * 2, `the items weigh ${itemsBytes} bytes, more than the limit`);
    assert.deepEqual(
      report.items.map((i) => i.folderId),
      updates.map((u) => u.folderId),
    );
    assert.equal(report.items[0]?.errors.length, MAX_ERRORS_PER_ITEM, 'every error kept, read page by page');
  });
});
