/**
 * `migrateFolders` within Temporal's limits, on the real dev server.
 *
 * History: a run stops starting children once Temporal suggests continuing as new (`continueAsNewSuggested`), and
 * continues as new once its last child has started: the next run takes over the children still running, which report
 * to it by signal (`migration-children-report`), so no run waits for its children. The dev server here suggests it
 * at 500 events (Temporal's default is 4,096), so a migration of 530 folders takes at least three runs (the middle
 * ones both continued and continuing): a run's size depends on the suggestion and the concurrency, not on the
 * migration's length. (At 800 events a run started about 265 children, so 530 folders sometimes fit in two runs.) The other bound, `MAX_CHILDREN_PER_RUN` (500) children a run under the default suggestion, is
 * tested in migration-handover.test.ts (a paused migration across continue-as-new).
 *
 * Payloads: the dev server is started with Temporal's payload limit lowered from 2 MiB to 128 KiB
 * (`limit.blobSize.error`, warn at 64 KiB): a migration whose items weigh more than the limit (folders with 20 long
 * errors each, 10% of them, as in the 10,000-folder shape) still completes, continues as new, returns a small result,
 * and its items come back whole, page by page. Carrying the items through continue-as-new or in the result, as before,
 * would exceed the limit.
 *
 * Load: the run takes what the machine gives it. Its worker's HubSpot requests may take {@link REQUEST_TIMEOUT_MS} (the
 * other tests' 2 s failed a folder read once on a loaded machine), and nothing else here has a deadline but the test
 * runner's.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import { readMigrationItems } from '../../src/client/read-migration-items';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import { migrateFolders, type MigrateFoldersInput } from '../../src/workflows';
import { MAX_CHILDREN_PER_RUN } from '../../src/workflows/migration/migration-types';
import { MAX_ERRORS_PER_ITEM } from '../../src/workflows/folder-update/folder-update-types';
import { utf8Length } from '../../src/workflows/migration/migration-items-page';
import { continuedAsNewInputs, eventsPerRun } from '../helpers/histories';
import { startedFolders } from '../helpers/migration-folders';
import { createDevServerEnv, withTestWorker } from '../helpers/temporal-env';

const LIMIT_BYTES = 128 * 1024;
/** Events at which this dev server suggests continuing as new. */
const SUGGEST_AT_EVENTS = 500;
/** The concurrency of the test's migration. */
const CONCURRENCY = 100;
/**
 * Most events a run adds once the suggestion is seen: per child in flight, its start (initiated, started) when the
 * last workflow task before the suggestion started it, its report or its completion and a workflow task (3 events).
 * Without the hand-over, the run would add these for every child it drains.
 */
const DRAIN_EVENTS = 6 * CONCURRENCY + 10;
/** How long one HubSpot request of the worker may take, in milliseconds: 30 s, generous for a loaded machine. */
const REQUEST_TIMEOUT_MS = 30_000;
let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  env = await createDevServerEnv(undefined, [
    '--dynamic-config-value',
    `limit.blobSize.error=${LIMIT_BYTES}`,
    '--dynamic-config-value',
    `limit.blobSize.warn=${LIMIT_BYTES / 2}`,
    '--dynamic-config-value',
    `limit.historyCount.suggestContinueAsNew=${SUGGEST_AT_EVENTS}`,
  ]);
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

describe('migrateFolders within Temporal limits', () => {
  it(`stays under a ${LIMIT_BYTES / 1024} KiB payload limit while the items weigh more, and continues as new when Temporal suggests it`, async () => {
    const count = 530;
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
    const { result, report, runs, handedOver } = await withTestWorker(
      env,
      sim.baseUrl,
      async (taskQueue) => {
        const handle = await env.client.workflow.start(migrateFolders, {
          taskQueue,
          workflowId,
          args: [
            { updates, concurrency: CONCURRENCY, allowErrors: true, initialPollInterval: '200ms', earlyWindow: 0 },
          ],
        });
        const result = await handle.result();
        const report = await readMigrationItems(env.client.workflow, workflowId, result, { maxBytes: 32 * 1024 });
        const inputs = (await continuedAsNewInputs(env.client, handle)) as MigrateFoldersInput[];
        const handedOver = inputs.map((input) => input.continuation?.running?.length ?? 0);
        return { result, report, runs: await eventsPerRun(env.client, handle), handedOver };
      },
      {
        maxCachedWorkflows: 1000,
        maxConcurrentWorkflowTaskExecutions: 100,
        activities: createActivities({
          baseUrl: sim.baseUrl,
          token: 'sim-token',
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          maxRequestsPerSecond: Infinity,
        }),
      },
    );
    const withErrors = Math.ceil(count / 10);
    assert.deepEqual([result.completed, result.completedWithErrors], [count - withErrors, withErrors]);
    assert.ok(runs.length >= 3, `three runs or more, each ended at the suggestion; runs of ${runs.join(', ')} events`);
    assert.ok(count < MAX_CHILDREN_PER_RUN * 2, 'under 1,000 folders a third run comes only from the suggestion');
    assert.equal(result.runIds.length, runs.length, 'the result names every run');
    assert.ok(
      handedOver.length > 0 && handedOver.every((n) => n > 0 && n <= CONCURRENCY),
      `every continue-as-new hands its running folders over to the next run: ${handedOver.join(', ')}`,
    );
    assert.equal(startedFolders(sim, updates), count, 'every folder started');
    const longest = Math.max(...runs);
    const bound = SUGGEST_AT_EVENTS + DRAIN_EVENTS;
    assert.ok(longest < bound, `every run stays under ${bound} events; the longest had ${longest}`);
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
