/**
 * Records the migration histories that test/workflows/replay.test.ts replays: a real `migrateFolders` run of three
 * folders (one COMPLETE, one COMPLETE with errors under `allowErrors`, one CANCELED) and the `updateFolderAndWait`
 * child of its first folder, on the Temporal CLI dev server with the real activities against the HubSpot simulator.
 * Writes test/histories/migrate-folders.json and test/histories/update-folder-and-wait.json.
 *
 * The committed copies were recorded before the folder read (ALREADY_DONE) and the verify step existed: keep them, they
 * prove that migrations started then still replay. Re-record only into new files: `npx tsx scripts/record-migration-history.ts`.
 *
 * `npx tsx scripts/record-migration-history.ts default-concurrency` records only
 * test/histories/migrate-folders-default-concurrency.json: 8 folders and a duplicate row at the default concurrency,
 * recorded while that default was 5 and before the control Updates (pause, resume, setConcurrency, cancel).
 *
 * `npx tsx scripts/record-migration-history.ts budget-bound` records only
 * test/histories/migrate-folders-budget-bound.json.gz: the first run of a 260-folder migration at the default
 * concurrency while it was 100 and a run held 250 children (before the `budget-saturating-migration` patch).
 *
 * `npx tsx scripts/record-migration-history.ts saturating` records only
 * test/histories/migrate-folders-saturating.json.gz: the first run of a 510-folder migration at the default
 * concurrency of 200 with 500 children a run (the `budget-saturating-migration` patch), which waited for every child
 * of the run before it continued as new (before the `migration-children-report` patch).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { temporalCli } from '../src/servers/temporal-servers';
import { HubSpotSimulator, missingScopeTaskError } from '../src/simulator';
import { migrateFolders } from '../src/workflows';
import { createDevServerEnv, workflowBundle } from '../test/helpers/temporal-env';

const MIGRATION_ID = 'hubspot-folder-migration-record';

function exportHistory(address: string, workflowId: string, file: string, runId?: string): void {
  // Exported with the Temporal CLI, as a user would export a production history.
  const json = execFileSync(
    temporalCli().path,
    [
      ...['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', address],
      ...(runId ? ['--run-id', runId] : []),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const out = path.join(__dirname, '..', 'test', 'histories', file);
  fs.writeFileSync(out, file.endsWith('.gz') ? zlib.gzipSync(json) : json);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

const DEFAULT_CONCURRENCY_ID = 'hubspot-folder-migration-record-default-concurrency';

/** 8 folders (one with errors) and a duplicate row, at the default concurrency. */
async function recordDefaultConcurrency(sim: HubSpotSimulator, worker: Worker, env: Env): Promise<void> {
  sim.scriptFolder('72003', { pendingPolls: 1, processingPolls: 2, errors: [missingScopeTaskError(['files'])] });
  const updates = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ folderId: String(72000 + n), name: `Renamed ${n}` }));
  updates.push({ folderId: '72001', name: 'Duplicate row' });
  await worker.runUntil(
    env.client.workflow.execute(migrateFolders, {
      taskQueue: 'record-migration-history',
      workflowId: DEFAULT_CONCURRENCY_ID,
      args: [{ updates, initialPollInterval: '100ms', maxPollInterval: '400ms', earlyWindow: 0, allowErrors: true }],
    }),
  );
  exportHistory(env.address, DEFAULT_CONCURRENCY_ID, 'migrate-folders-default-concurrency.json');
}

const BUDGET_BOUND_ID = 'hubspot-folder-migration-record-budget-bound';

/**
 * 260 folders at the default concurrency while it was 100 (the `budget-bound-concurrency` patch) and a run held
 * 250 children: the first run starts 250 children, drains and continues as new. Only that first run is kept (gzipped).
 */
async function recordBudgetBound(sim: HubSpotSimulator, worker: Worker, env: Env): Promise<void> {
  const updates = Array.from({ length: 260 }, (_, i) => ({ folderId: String(73000 + i), name: `Renamed ${i}` }));
  for (const { folderId } of updates) sim.scriptFolder(folderId, { pendingPolls: 1, processingPolls: 0 });
  const handle = await env.client.workflow.start(migrateFolders, {
    taskQueue: 'record-migration-history',
    workflowId: BUDGET_BOUND_ID,
    args: [{ updates, initialPollInterval: '100ms', maxPollInterval: '400ms', earlyWindow: 0 }],
  });
  await worker.runUntil(handle.result());
  exportHistory(env.address, BUDGET_BOUND_ID, 'migrate-folders-budget-bound.json.gz', handle.firstExecutionRunId);
}

const SATURATING_ID = 'hubspot-folder-migration-record-saturating';

/** 510 folders at the default concurrency of 200: the first run starts 500 children, drains and continues as new. */
async function recordSaturating(sim: HubSpotSimulator, worker: Worker, env: Env): Promise<void> {
  const updates = Array.from({ length: 510 }, (_, i) => ({ folderId: String(74000 + i), name: `Renamed ${i}` }));
  for (const { folderId } of updates) sim.scriptFolder(folderId, { pendingPolls: 1, processingPolls: 0 });
  const handle = await env.client.workflow.start(migrateFolders, {
    taskQueue: 'record-migration-history',
    workflowId: SATURATING_ID,
    args: [{ updates, initialPollInterval: '100ms', maxPollInterval: '400ms', earlyWindow: 0 }],
  });
  await worker.runUntil(handle.result());
  exportHistory(env.address, SATURATING_ID, 'migrate-folders-saturating.json.gz', handle.firstExecutionRunId);
}

type Env = Awaited<ReturnType<typeof createDevServerEnv>>;

async function main(): Promise<void> {
  const sim = new HubSpotSimulator();
  await sim.start();
  const env = await createDevServerEnv();
  try {
    const taskQueue = 'record-migration-history';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ baseUrl: sim.baseUrl, token: 'sim-token', maxRequestsPerSecond: Infinity }),
    });
    if (process.argv[2] === 'default-concurrency') return await recordDefaultConcurrency(sim, worker, env);
    if (process.argv[2] === 'budget-bound') return await recordBudgetBound(sim, worker, env);
    if (process.argv[2] === 'saturating') return await recordSaturating(sim, worker, env);
    sim.scriptFolder('71001', { pendingPolls: 2, processingPolls: 1 });
    sim.scriptFolder('71002', { pendingPolls: 1, processingPolls: 1, errors: [missingScopeTaskError(['files'])] });
    sim.scriptFolder('71003', { pendingPolls: 1, processingPolls: 1, outcome: 'CANCELED' });
    await worker.runUntil(
      env.client.workflow.execute(migrateFolders, {
        taskQueue,
        workflowId: MIGRATION_ID,
        args: [
          {
            updates: [
              { folderId: '71001', name: 'Renamed', parentFolderId: '71000' },
              { folderId: '71002', name: 'Scoped' },
              { folderId: '71003', name: 'Canceled' },
            ],
            concurrency: 2,
            initialPollInterval: '100ms',
            maxPollInterval: '200ms',
            earlyWindow: '300ms',
            allowErrors: true,
          },
        ],
      }),
    );
    exportHistory(env.address, MIGRATION_ID, 'migrate-folders.json');
    exportHistory(env.address, `${MIGRATION_ID}/folder-71001`, 'update-folder-and-wait.json');
  } finally {
    await env.teardown();
    await sim.stop();
  }
}

void main();
