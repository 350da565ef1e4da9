/**
 * Cluster tier 1: the public contract on the production-shaped cluster (`npm run cluster:up`: PostgreSQL, the four
 * services as separate processes, SQL visibility). Three package worker processes; waits started with
 * `startFolderUpdateWait`, in the early window and in the retry phase; a 300-folder migration started with
 * `startMigration`, read with `readMigrationItems`; the CLI's `list --status` and `count` on SQL visibility, which is
 * eventually consistent.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../helpers/processes';
import { until } from '../helpers/waiting';
import {
  ClusterStack,
  executionsRunTwice,
  rssMb,
  startScriptedMigration,
  startWaits,
  tallyMigration,
  tallyWaits,
} from './cluster-stack';

const TASK_QUEUE = `cluster-01-${randomUUID().slice(0, 8)}`;
const WAITS = 20;
const FOLDERS = 300;
const FAST = { initialPollInterval: '500ms', maxPollInterval: '2s', backoffCoefficient: 1.5, timeout: '1h' };

const RESULTS_DIR = path.join(ROOT, '.scratch', 'cluster', 'results');

let stack: ClusterStack | undefined;

before(async () => {
  stack = await ClusterStack.open();
  for (let i = 0; i < 3; i++) await stack.startWorker(TASK_QUEUE);
});

after(async () => {
  await stack?.close();
});

describe('cluster: waits and a migration through the public contract', () => {
  it(
    `${WAITS} waits in the early window and ${WAITS} in the retry phase end as scripted`,
    { timeout: 300_000 },
    async () => {
      assert.ok(stack);
      const early = await startWaits(stack, TASK_QUEUE, WAITS, 4_000, FAST);
      const retry = await startWaits(stack, TASK_QUEUE, WAITS, 4_000, { ...FAST, earlyWindow: 0 });
      const [e, r] = await Promise.all([tallyWaits(stack, early, 120_000), tallyWaits(stack, retry, 120_000)]);
      assert.deepEqual(e.wrong, []);
      assert.deepEqual(r.wrong, []);
      assert.equal(e.correct, WAITS);
      assert.equal(r.correct, WAITS);
      // The retry-phase waits polled through activity retries: one pollFolderUpdateUntilDone, several attempts.
      const history = await retry.handles[0]!.fetchHistory();
      const types = (history.events ?? [])
        .map((ev) => ev.activityTaskScheduledEventAttributes?.activityType?.name)
        .filter((t): t is string => t !== undefined);
      assert.ok(types.includes('pollFolderUpdateUntilDone'), `retry-phase activities: ${types.join(', ')}`);
    },
  );

  it(
    `a ${FOLDERS}-folder migration with 3 workers; list --status and count on SQL visibility`,
    { timeout: 600_000 },
    async () => {
      assert.ok(stack);
      const run = await startScriptedMigration(stack, TASK_QUEUE, `cluster-01-migration-${randomUUID().slice(0, 8)}`, {
        count: FOLDERS,
        firstFolderId: 910_000,
        taskMs: 6_000,
        concurrency: 50,
        ...FAST,
        // The retry phase reports each new status (PENDING → PROCESSING) at once; the early window only at its end.
        earlyWindow: 0,
      });

      // While it runs: some waits PROCESSING, listed and counted by their search attributes.
      let listed = 0;
      await until(
        async () => {
          const out = await stack!.cli(['list', '--status', 'PROCESSING', '--migration', run.migrationId, '--json']);
          listed = (JSON.parse(out) as { workflows: unknown[] }).workflows.length;
          return listed > 0;
        },
        'a PROCESSING wait in `list --status PROCESSING`',
        120_000,
      );

      const t = await tallyMigration(stack, run, 500_000);
      assert.ok(t.ended, 'the migration ended');
      assert.deepEqual(t.wrong, []);
      assert.deepEqual(t.duplicatePosts, []);
      assert.equal(t.correct, FOLDERS);

      // After it: every wait of the migration counted, by its last status (visibility catches up).
      const canceled = run.folders.filter((f) => f.planned === 'FolderUpdateCanceled').length;
      await until(
        async () =>
          (await stack!.cli(['count', '--migration', run.migrationId])).trim() === String(FOLDERS) &&
          (await stack!.cli(['count', '--status', 'CANCELED', '--migration', run.migrationId])).trim() ===
            String(canceled) &&
          (await stack!.cli(['count', '--status', 'COMPLETE', '--migration', run.migrationId])).trim() ===
            String(FOLDERS - canceled),
        'count by status to match the report',
        60_000,
      );
      const { twice } = await executionsRunTwice(stack, TASK_QUEUE);
      assert.deepEqual(twice, [], 'no workflow id ran twice');

      // The Web UI summary of a folder's wait, through the cluster's frontend.
      const folder = run.folders[0]!.folderId;
      const waitId = (
        JSON.parse(await stack.cli(['list', '--migration', run.migrationId, '--limit', '1000', '--json'])) as {
          workflows: Array<{ folderId: string; workflowId: string }>;
        }
      ).workflows.find((w) => w.folderId === folder)?.workflowId;
      assert.ok(waitId, `the wait of folder ${folder} is listed`);
      const summary = await (await stack.client.workflow.getHandle(waitId).describe()).staticSummary();
      assert.match(summary ?? '', new RegExp(`^Wait on HubSpot task \\d+ \\(folder ${folder}\\)$`));

      // Memory of each process of the cluster after the run, in MB.
      const memory = Object.fromEntries(Object.entries(stack.state.pids).map(([name, pid]) => [name, rssMb(pid)]));
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, 'memory.json'), `${JSON.stringify({ rssMb: memory }, null, 2)}\n`);
      process.stderr.write(
        `[cluster-01] ${listed} PROCESSING listed mid-run; ${FOLDERS} folders as scripted; RSS MB ${JSON.stringify(memory)}\n`,
      );
    },
  );
});
