/**
 * Records the migration histories that test/workflows/replay.test.ts replays, on the Temporal CLI dev server with the
 * real activities against the HubSpot simulator:
 *
 * - `npx tsx scripts/record-migration-history.ts`: test/histories/migrate-folders.json, a `migrateFolders` run of
 *   three folders (one COMPLETE, one COMPLETE with errors under `allowErrors`, one CANCELED), and
 *   test/histories/update-folder-and-wait.json, the `updateFolderAndWait` child of its first folder (the folder read,
 *   the POST, the `awaitFolderUpdate` grandchild, verify);
 * - `npx tsx scripts/record-migration-history.ts handover`: test/histories/migrate-folders-handover.json.gz, the first
 *   run of a 510-folder migration at the default concurrency: it starts 500 children and continues as new while some
 *   still run (the next run takes them over).
 *
 * Re-record only into new files after a deliberate, versioned (`patched`) change: the committed copies prove that
 * workflows started before it still replay.
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

const HANDOVER_ID = 'hubspot-folder-migration-record-handover';

/** 510 folders at the default concurrency: the first run starts 500 children and continues as new with some running. */
async function recordHandover(sim: HubSpotSimulator, worker: Worker, env: Env): Promise<void> {
  const updates = Array.from({ length: 510 }, (_, i) => ({ folderId: String(74000 + i), name: `Renamed ${i}` }));
  for (const { folderId } of updates) sim.scriptFolder(folderId, { pendingPolls: 2, processingPolls: 1 });
  const handle = await env.client.workflow.start(migrateFolders, {
    taskQueue: 'record-migration-history',
    workflowId: HANDOVER_ID,
    args: [{ updates, initialPollInterval: '200ms', maxPollInterval: '400ms', earlyWindow: 0 }],
  });
  await worker.runUntil(handle.result());
  exportHistory(env.address, HANDOVER_ID, 'migrate-folders-handover.json.gz', handle.firstExecutionRunId);
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
    if (process.argv[2] === 'handover') return await recordHandover(sim, worker, env);
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
