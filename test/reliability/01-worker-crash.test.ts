/**
 * Reliability scenario 1: worker crash. 500 `awaitFolderUpdate` workflows are in their poll loop (their tasks PENDING
 * or PROCESSING at HubSpot, some polls in flight) when the only worker process is SIGKILLed. A new worker starts a few
 * seconds later, and every workflow must end with the outcome the simulator scripted for its task: none stuck, none
 * lost, none run twice.
 *
 * The tasks take ten minutes of HubSpot time, so none can end before the crash however slow this machine is; while the
 * worker is down, the simulator's clock jumps those ten minutes (HubSpot keeps working during the outage), so the time
 * to recover measures the recovery, not the script.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { HubSpotSimulator, missingScopeTaskError, type TaskScript } from '../../src/simulator';
import { awaitFolderUpdate } from '../../src/workflows';
import {
  endingOf,
  PersistentTemporal,
  recordFigures,
  RELIABILITY_TOKEN,
  spawnWorker,
  tempDir,
  until,
  type Ending,
  type WorkerProcess,
} from './harness';

const SCENARIO = '1. Worker crash';
const TASK_QUEUE = 'reliability-01-worker-crash';
const COUNT = 500;
/** HubSpot time a task takes (in PENDING or in PROCESSING); the simulator's clock jumps it during the outage. */
const TASK_MS = 10 * 60_000;
/** Status polls the simulator holds open when the worker dies, so that some activities die mid-request. */
const HELD_POLLS = 20;
const DOWN_MS = 3_000;
const POLL_OPTIONS = { initialPollInterval: '1s', maxPollInterval: '4s', backoffCoefficient: 2, timeout: '1h' };
const ENDING_TIMEOUT_MS = 150_000;

type Expected = 'COMPLETE' | 'FolderUpdateCompletedWithErrors' | 'FolderUpdateCanceled';

/**
 * Task i's script: 80% COMPLETE, 10% COMPLETE with errors, 10% CANCELED. Even tasks stay PENDING and odd ones
 * PROCESSING for {@link TASK_MS}; each needs 0 to 2 polls in PROCESSING before it ends.
 */
function planTask(i: number): { script: TaskScript; expected: Expected } {
  const expected: Expected =
    i % 10 === 3 ? 'FolderUpdateCompletedWithErrors' : i % 10 === 7 ? 'FolderUpdateCanceled' : 'COMPLETE';
  const heldPending = i % 2 === 0;
  const script: TaskScript = {
    pendingPolls: 1,
    pendingMs: heldPending ? TASK_MS : 0,
    processingMs: heldPending ? 0 : TASK_MS,
    processingPolls: heldPending ? i % 3 : 1 + (i % 3 === 0 ? 1 : 0),
    outcome: expected === 'FolderUpdateCanceled' ? 'CANCELED' : 'COMPLETE',
    errors: expected === 'FolderUpdateCompletedWithErrors' ? [missingScopeTaskError(['files'])] : [],
  };
  return { script, expected };
}

/** Whether a workflow's ending is the one scripted for its task. */
function endedAsScripted(ending: Ending | 'stuck', expected: Expected, taskId: string, folderId: string): boolean {
  if (ending === 'stuck') return false;
  if (expected !== 'COMPLETE') return !ending.ok && ending.type === expected && ending.message.includes(taskId);
  if (!ending.ok) return false;
  const value = ending.value as { taskId?: string; status?: string; numErrors?: number; result?: { id?: string } };
  return (
    value.taskId === taskId && value.status === 'COMPLETE' && value.numErrors === 0 && value.result?.id === folderId
  );
}

async function startedWorker(worker: WorkerProcess): Promise<void> {
  await Promise.race([
    worker.ready,
    worker.exited.then((code) => {
      throw new Error(`the worker exited with code ${code} before it ran:\n${worker.output()}`);
    }),
  ]);
}

/** Every execution on the task queue, once none is running: runs per workflow id and the last close time. */
async function executionsOn(
  client: Client,
  taskQueue: string,
): Promise<Map<string, { runs: number; closedAt: number }>> {
  const byId = new Map<string, { runs: number; closedAt: number }>();
  await until(
    async () => {
      byId.clear();
      let running = 0;
      for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
        if (!execution.closeTime) running++;
        const seen = byId.get(execution.workflowId);
        const closedAt = execution.closeTime?.getTime() ?? Infinity;
        byId.set(execution.workflowId, {
          runs: (seen?.runs ?? 0) + 1,
          closedAt: Math.max(seen?.closedAt ?? 0, closedAt),
        });
      }
      return running === 0;
    },
    'no running execution in the visibility store',
    60_000,
  ).catch(() => undefined);
  return byId;
}

const clock = { shiftMs: 0, now: (): number => Date.now() + clock.shiftMs };
let dataDir: string | undefined;
let temporal: PersistentTemporal | undefined;
let sim: HubSpotSimulator | undefined;
let connection: { client: Client; close: () => Promise<void> } | undefined;
const workers: WorkerProcess[] = [];

before(async () => {
  dataDir = tempDir('thf-rel-01-');
  temporal = new PersistentTemporal(dataDir);
  await temporal.start();
  sim = new HubSpotSimulator({ tokens: { [RELIABILITY_TOKEN]: {} }, rateLimit: false, now: clock.now });
  await sim.start();
  connection = await temporal.client();
});

after(async () => {
  for (const worker of workers) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await connection?.close();
  await temporal?.stop();
  await sim?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(SCENARIO, () => {
  it(
    `${COUNT} polling workflows survive a SIGKILL of their worker and end as scripted`,
    { timeout: 300_000 },
    async () => {
      assert.ok(temporal && sim && connection);
      const { client } = connection;
      const hubspot = sim;
      const settings = { address: temporal.address, taskQueue: TASK_QUEUE, hubspotBaseUrl: hubspot.baseUrl };
      const first = spawnWorker({ ...settings, token: RELIABILITY_TOKEN });
      workers.push(first);
      await startedWorker(first);

      const plans = Array.from({ length: COUNT }, (_, i) => {
        const { script, expected } = planTask(i);
        const taskId = hubspot.createTask(script);
        return { taskId, folderId: hubspot.getTask(taskId)!.folderId, expected };
      });
      const startedAt = Date.now();
      const handles: WorkflowHandle[] = [];
      for (let i = 0; i < COUNT; i += 50) {
        const batch = plans.slice(i, i + 50).map(({ taskId }) =>
          client.workflow.start(awaitFolderUpdate, {
            taskQueue: TASK_QUEUE,
            workflowId: `hubspot-folder-update-${taskId}`,
            args: [{ taskId, ...POLL_OPTIONS }],
          }),
        );
        handles.push(...(await Promise.all(batch)));
      }
      const startMs = Date.now() - startedAt;

      // Mid-poll: every workflow has polled, and some polls are in flight when the worker dies.
      await until(
        () => plans.every(({ taskId }) => hubspot.getTask(taskId)!.polls >= 1),
        'a poll of every task',
        150_000,
      );
      const allPolledMs = Date.now() - startedAt;
      hubspot.injectFault({ kind: 'delay', ms: 5_000 }, { count: HELD_POLLS, route: 'status' });
      await until(() => (hubspot.stats().faultsInjected.delay ?? 0) >= HELD_POLLS, 'polls held in flight', 30_000);
      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      await first.exited;
      assert.equal(first.child.signalCode, 'SIGKILL');

      const atCrash = plans.map(({ taskId }) => hubspot.getTask(taskId)!.status);
      const pendingAtCrash = atCrash.filter((s) => s === 'PENDING').length;
      const processingAtCrash = atCrash.filter((s) => s === 'PROCESSING').length;
      assert.equal(pendingAtCrash + processingAtCrash, COUNT, 'no task ended before the crash');
      assert.ok(pendingAtCrash > 0 && processingAtCrash > 0, 'the crash finds tasks both PENDING and PROCESSING');

      // HubSpot keeps working while the worker is down: its tasks are done waiting when the new worker comes.
      clock.shiftMs = TASK_MS;
      await new Promise((r) => setTimeout(r, DOWN_MS));
      const restartedAt = Date.now();
      const second = spawnWorker({ ...settings, token: RELIABILITY_TOKEN });
      workers.push(second);
      await startedWorker(second);

      const endings = await Promise.all(handles.map((handle) => endingOf(handle, ENDING_TIMEOUT_MS)));

      // One execution per workflow id means nothing was lost or started twice.
      const executions = await executionsOn(client, TASK_QUEUE);
      const lastClose = Math.max(...[...executions.values()].map((e) => e.closedAt));
      const log = hubspot.requestLog();
      const firstPollAfterRestart = new Map<string, number>();
      for (const entry of log) {
        const at = entry.at - TASK_MS;
        if (entry.taskId !== undefined && at >= restartedAt && !firstPollAfterRestart.has(entry.taskId)) {
          firstPollAfterRestart.set(entry.taskId, at);
        }
      }
      const allPollingAgainMs = Math.max(...firstPollAfterRestart.values()) - restartedAt;

      const correct = plans.filter(({ taskId, folderId, expected }, i) => {
        const scripted =
          hubspot.getTask(taskId)!.status === (expected === 'FolderUpdateCanceled' ? 'CANCELED' : 'COMPLETE');
        return scripted && endedAsScripted(endings[i]!, expected, taskId, folderId);
      }).length;
      const stuck = endings.filter((e) => e === 'stuck').length;
      const wrong = COUNT - correct - stuck;
      const duplicated = [...executions.values()].reduce((sum, e) => sum + e.runs - 1, 0);
      const lost = plans.filter(({ taskId }) => !executions.has(`hubspot-folder-update-${taskId}`)).length;

      recordFigures({
        scenario: SCENARIO,
        started: COUNT,
        completedCorrectly: correct,
        lost,
        duplicated,
        stuck,
        recoveryMs: Number.isFinite(lastClose) ? lastClose - restartedAt : undefined,
        notes:
          `SIGKILL with ${pendingAtCrash} tasks PENDING, ${processingAtCrash} PROCESSING and ${HELD_POLLS} polls in ` +
          `flight; new worker ${restartedAt - killedAt} ms later; every workflow polled again within ` +
          `${allPollingAgainMs} ms of it (the in-flight polls wait out the 10 s heartbeat timeout); ` +
          `${firstPollAfterRestart.size} tasks polled after the restart; ${log.length} status requests in all ` +
          `(${(log.length / COUNT).toFixed(1)} per workflow); ${COUNT} starts took ${startMs} ms, every task polled ` +
          `${allPolledMs} ms after the first start; ${wrong} ended otherwise than scripted`,
      });

      assert.equal(stuck, 0, 'no workflow is stuck');
      assert.equal(lost, 0, 'no workflow is lost');
      assert.equal(duplicated, 0, 'no workflow ran twice');
      assert.equal(wrong, 0, 'every workflow ended with the outcome scripted for its task');
      assert.equal(correct, COUNT);
      assert.equal(firstPollAfterRestart.size, COUNT, 'every workflow polled again after the restart');
    },
  );
});
