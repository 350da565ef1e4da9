/**
 * Records the `awaitFolderUpdate` histories that test/workflows/replay.test.ts replays: real runs on the Temporal CLI
 * dev server, with the real activities against the HubSpot simulator.
 *
 * - `npx tsx scripts/record-replay-history.ts`: test/histories/await-folder-update-retry-phase.json, a default wait
 *   (`laterPhase: 'retry'`) through a short early window and the retry phase (a failed request, a status change from
 *   PENDING to PROCESSING, then COMPLETE with errors);
 * - `npx tsx scripts/record-replay-history.ts timer`: test/histories/await-folder-update-timer.json, the first run of
 *   a `laterPhase: 'timer'` wait (no early window) that polls on durable timers and continues as new after 3 polls.
 *
 * Re-record only into new files after a deliberate, versioned (`patched`) change: the committed copies prove that
 * workflows started before it still replay.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { temporalCli } from '../src/servers/temporal-servers';
import { HubSpotSimulator, missingScopeTaskError } from '../src/simulator';
import { awaitFolderUpdate } from '../src/workflows';
import { awaitWorkflowId } from '../src/workflows/workflow-ids';
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
    const timer = process.argv[2] === 'timer';
    const taskId = timer
      ? sim.createTask({ pendingPolls: 4, processingPolls: 2 })
      : sim.createTask({ pendingPolls: 4, processingPolls: 2, errors: [missingScopeTaskError(['files'])] });
    const handle = await worker.runUntil(async () => {
      const h = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue,
        workflowId: awaitWorkflowId(taskId),
        args: [
          timer
            ? {
                taskId,
                initialPollInterval: '1s',
                maxPollInterval: '1s',
                earlyWindow: 0,
                laterPhase: 'timer',
                maxPollsPerRun: 3,
              }
            : { taskId, initialPollInterval: '1s', maxPollInterval: '1s', earlyWindow: '1500ms', allowErrors: true },
        ],
      });
      if (!timer) {
        // A failed request inside the retry phase, once the window is over.
        while ((sim.getTask(taskId)?.polls ?? 0) < 3) await new Promise((r) => setTimeout(r, 50));
        sim.injectFault({ kind: 'status', status: 503 }, { route: 'status' });
      }
      await h.result();
      return h;
    });
    const out = path.join(
      __dirname,
      '..',
      'test',
      'histories',
      timer ? 'await-folder-update-timer.json' : 'await-folder-update-retry-phase.json',
    );
    // Exported with the Temporal CLI, as a user would export a production history.
    const json = execFileSync(temporalCli().path, [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      '--run-id',
      handle.firstExecutionRunId,
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
