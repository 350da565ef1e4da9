/**
 * The default concurrency of `migrateFolders` (100, behind the `budget-bound-concurrency` patch), on the real
 * time-skipping test server with the real activities against the HubSpot simulator. (That a migration recorded at the
 * old default of 5 still replays is in replay.test.ts.)
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HubSpotSimulator } from '../../src/simulator';
import {
  BUDGET_BOUND_CONCURRENCY_PATCH,
  DEFAULT_MIGRATION_CONCURRENCY,
  getProgressQuery,
  migrateFolders,
} from '../../src/workflows';
import { createTimeSkippingEnv, withTestWorker } from '../helpers/temporal-env';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  env = await createTimeSkippingEnv();
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

describe('migrateFolders default concurrency', () => {
  it(`runs ${DEFAULT_MIGRATION_CONCURRENCY} folders at once when none is given, behind its patch`, async () => {
    assert.equal(DEFAULT_MIGRATION_CONCURRENCY, 100);
    const count = DEFAULT_MIGRATION_CONCURRENCY + 10;
    const updates = Array.from({ length: count }, (_, i) => {
      const folderId = String(80_000 + i);
      // Each task answers PENDING for 3 polls, so the first children are still running when the rest queue.
      sim.scriptFolder(folderId, { pendingPolls: 3, processingPolls: 0 });
      return { folderId, name: `d${i}` };
    });
    const opts = { maxCachedWorkflows: 1000, maxConcurrentWorkflowTaskExecutions: 100 };
    await withTestWorker(
      env,
      sim.baseUrl,
      async (taskQueue) => {
        const handle = await env.client.workflow.start(migrateFolders, {
          taskQueue,
          workflowId: `default-concurrency-${randomUUID()}`,
          args: [{ updates, initialPollInterval: '10s', maxPollInterval: '1m', earlyWindow: 0 }],
        });
        let most = 0;
        for (let i = 0; i < 200; i++) {
          const p = await handle.query(getProgressQuery);
          assert.equal(p.concurrency, DEFAULT_MIGRATION_CONCURRENCY);
          most = Math.max(most, p.running);
          if (p.done === count) break;
          await env.sleep('5s');
        }
        const result = await handle.result();
        assert.equal(result.completed, count);
        assert.equal(most, DEFAULT_MIGRATION_CONCURRENCY, 'the default number of folders ran at once, no more');
        const events = (await handle.fetchHistory()).events ?? [];
        const patches = events.flatMap((e) =>
          Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) =>
            (p.payloads ?? []).map((x) => Buffer.from(x.data ?? new Uint8Array()).toString('utf8')),
          ),
        );
        assert.ok(
          patches.some((p) => p.includes(BUDGET_BOUND_CONCURRENCY_PATCH)),
          `the history records the patch; markers: ${patches.join(', ')}`,
        );
      },
      opts,
    );
  });
});
