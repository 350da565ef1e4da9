/**
 * `npm start`: the demo on the embedded default. No HubSpot account needed: a local HubSpot simulator, the
 * project-installed Temporal dev server (SQLite under `.temporal/`) and an in-process worker. It renames and moves a
 * handful of folders, waits on each update with `awaitFolderUpdate`, and prints the outcomes.
 */
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities } from './activities';
import type { FolderUpdateStatus } from './common/folder-update-status';
import { startDevServer } from './embedded/dev-server';
import { DEFAULT_SIMULATOR_TOKEN, HubSpotSimulator, missingScopeTaskError } from './simulator';
import { createHubSpotWorker } from './worker';
import { awaitFolderUpdate, getStatusQuery } from './workflows';

const TASK_QUEUE = 'hubspot-files-demo';

/** The demo's folder updates; two are scripted to end badly, as real ones sometimes do. */
const UPDATES = [
  { folderId: '1001', name: 'Invoices 2025' },
  { folderId: '1002', name: 'Contracts', parentFolderId: '2000' },
  { folderId: '1003', parentFolderId: '2000' },
  { folderId: '1004', name: 'Brand assets' },
  { folderId: '1005', name: 'Press kit' },
  { folderId: '1006', name: 'Old campaigns', parentFolderId: '2001' },
] as const;

interface Row {
  folderId: string;
  taskId: string;
  outcome: string;
  polls: number;
  detail: string;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const sim = new HubSpotSimulator({
    defaultScript: { pendingMs: 1000, processingMs: 2500, pendingPolls: 0, processingPolls: 0 },
  });
  sim.scriptFolder('1004', {
    pendingMs: 1000,
    processingMs: 2000,
    pendingPolls: 0,
    processingPolls: 0,
    errors: [missingScopeTaskError(['files.ui_hidden.read'])],
  });
  sim.scriptFolder('1006', { pendingMs: 3000, pendingPolls: 0, processingPolls: 0, outcome: 'CANCELED' });
  await sim.start();
  log(`HubSpot simulator: ${sim.baseUrl}`);
  const server = await startDevServer();
  log(`Temporal dev server: ${server.address} (data in ${server.dbFile})`);
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  try {
    const hubspot = { baseUrl: sim.baseUrl, token: DEFAULT_SIMULATOR_TOKEN };
    const worker = await createHubSpotWorker({
      connection: nativeConnection,
      taskQueue: TASK_QUEUE,
      hubspot,
      maxRequestsPerSecond: 20,
    });
    const client = new Client({ connection });
    const rows = await worker.runUntil(async () => {
      const { startFolderUpdate } = createActivities(hubspot);
      const started = await Promise.all(UPDATES.map(async (u) => ({ ...u, ...(await startFolderUpdate(u)) })));
      const handles = await Promise.all(
        started.map((s) =>
          client.workflow.start(awaitFolderUpdate, {
            taskQueue: TASK_QUEUE,
            workflowId: `hubspot-folder-update-${s.taskId}`,
            args: [{ taskId: s.taskId, initialPollInterval: '500ms', maxPollInterval: '2s', timeout: '5m' }],
          }),
        ),
      );
      log(`Started ${handles.length} folder updates; waiting on them durably:`);
      const ticker = setInterval(() => {
        void Promise.all(handles.map((h) => h.query(getStatusQuery).catch(() => undefined))).then((all) => {
          const line = all.map((p, i) => `${started[i]!.folderId}:${p?.lastStatus?.status ?? '…'}`).join('  ');
          log(`  ${line}`);
        });
      }, 1000);
      try {
        return await Promise.all(handles.map((h, i) => settle(h.result(), started[i]!.folderId, started[i]!.taskId)));
      } finally {
        clearInterval(ticker);
      }
    });
    printTable(rows);
    log(`\nTemporal Web UI: ${server.uiUrl} (histories of workflows hubspot-folder-update-<taskId>)`);
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
    await sim.stop();
  }
}

async function settle(
  result: Promise<{ polls: number; numErrors: number }>,
  folderId: string,
  taskId: string,
): Promise<Row> {
  try {
    const r = await result;
    return { folderId, taskId, outcome: 'COMPLETE', polls: r.polls, detail: `${r.numErrors} errors` };
  } catch (err) {
    const failure =
      err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure ? err.cause : undefined;
    const last = failure?.details?.[0] as FolderUpdateStatus | undefined;
    const scopes = last?.errors.flatMap((e) => e.missingScopes) ?? [];
    return {
      folderId,
      taskId,
      outcome: failure?.type ?? String(err),
      polls: 0,
      detail: `${last?.numErrors ?? 0} errors${scopes.length ? `; missing scopes: ${scopes.join(', ')}` : ''}`,
    };
  }
}

function printTable(rows: Row[]): void {
  const header: Row = { folderId: 'folder', taskId: 'task', outcome: 'outcome', polls: 0, detail: 'details' };
  const cells = (r: Row): string[] => [
    r.folderId,
    r.taskId,
    r.outcome,
    r === header ? 'polls' : String(r.polls || '-'),
    r.detail,
  ];
  const all = [header, ...rows].map(cells);
  const widths = all[0]!.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  process.stdout.write('\n');
  for (const r of all)
    process.stdout.write(
      `${r
        .map((v, c) => v.padEnd(widths[c]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  const ok = rows.filter((r) => r.outcome === 'COMPLETE').length;
  process.stdout.write(`\n${ok} of ${rows.length} folder updates completed; ${rows.length - ok} need attention.\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
