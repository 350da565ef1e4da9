/**
 * Records a workflow history that test/workflows/replay.test.ts replays: a real `awaitFolderUpdate` run on the
 * Temporal CLI dev server, with the real activities against the HubSpot simulator, through a short early window, a
 * retried poll and backoff timers. Writes test/histories/await-folder-update-hybrid.json. Re-record after a
 * deliberate, versioned change to the workflow: `npx tsx scripts/record-replay-history.ts`.
 *
 * test/histories/await-folder-update.json was recorded the same way before the early window existed; keep it as it
 * is: it proves that workflows started then still replay (on the path without the `early-window-poller` patch).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { temporalCli } from '../src/servers/temporal-servers';
import { HubSpotSimulator, missingScopeTaskError } from '../src/simulator';
import { awaitFolderUpdate, awaitWorkflowId } from '../src/workflows';
import { createDevServerEnv, workflowBundle } from '../test/helpers/temporal-env';

async function main(): Promise<void> {
  const sim = new HubSpotSimulator();
  await sim.start();
  const env = await createDevServerEnv();
  try {
    const taskQueue = 'record-replay-history';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ baseUrl: sim.baseUrl, token: 'sim-token', maxRequestsPerSecond: Infinity }),
    });
    const taskId = sim.createTask({ pendingPolls: 6, processingPolls: 2, errors: [missingScopeTaskError(['files'])] });
    sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
    const handle = await worker.runUntil(async () => {
      const h = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue,
        workflowId: awaitWorkflowId(taskId),
        args: [
          {
            taskId,
            initialPollInterval: '100ms',
            maxPollInterval: '400ms',
            earlyWindow: '500ms',
            allowErrors: true,
            maxPollsPerRun: 100,
          },
        ],
      });
      await h.result();
      return h;
    });
    const out = path.join(__dirname, '..', 'test', 'histories', 'await-folder-update-hybrid.json');
    // Exported with the Temporal CLI, as a user would export a production history.
    const json = execFileSync(temporalCli().path, [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      '--output',
      'json',
      '--address',
      env.address,
    ]);
    fs.writeFileSync(out, json);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await env.teardown();
    await sim.stop();
  }
}

void main();
