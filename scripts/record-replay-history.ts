/**
 * Records a workflow history that test/workflows/replay.test.ts replays: a real `awaitFolderUpdate` run on the
 * Temporal CLI dev server, with the real activities against the HubSpot simulator, through a short early window and
 * the retry phase (a failed request, a status change from PENDING to PROCESSING, then COMPLETE with errors). Writes
 * test/histories/await-folder-update-retry-phase.json, or the file named as its argument. Record a new file after a
 * deliberate, versioned change to the workflow: `npx tsx scripts/record-replay-history.ts test/histories/<name>.json`
 * (await-folder-update-heartbeat-60s.json was recorded so, with the `early-window-heartbeat-60s` patch).
 *
 * Keep the older histories as they are: test/histories/await-folder-update.json was recorded the same way before the
 * early window existed, and await-folder-update-hybrid.json (early window, a retried poll, backoff timers) before the
 * retry phase: they prove that workflows started then still replay (without the `early-window-poller` and the
 * `retry-phase-poller` patches).
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
    const taskId = sim.createTask({ pendingPolls: 4, processingPolls: 2, errors: [missingScopeTaskError(['files'])] });
    const handle = await worker.runUntil(async () => {
      const h = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue,
        workflowId: awaitWorkflowId(taskId),
        args: [
          {
            taskId,
            initialPollInterval: '1s',
            maxPollInterval: '1s',
            earlyWindow: '1500ms',
            laterPhase: 'retry',
            allowErrors: true,
          },
        ],
      });
      // A failed request inside the retry phase, once the window is over.
      while ((sim.getTask(taskId)?.polls ?? 0) < 3) await new Promise((r) => setTimeout(r, 50));
      sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
      await h.result();
      return h;
    });
    const out = process.argv[2]
      ? path.resolve(process.argv[2])
      : path.join(__dirname, '..', 'test', 'histories', 'await-folder-update-retry-phase.json');
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
