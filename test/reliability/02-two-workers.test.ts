/**
 * Reliability scenario 2: two workers, one dies. 500 `awaitFolderUpdate` workflows run on one task queue served by
 * two worker processes. Mid-way (half the tasks done at HubSpot, the other half PENDING or PROCESSING, some polls in
 * flight) one worker is SIGKILLed and never comes back: the survivor must finish every workflow with the outcome the
 * simulator scripted, none stuck, none lost, none run twice.
 *
 * The open half takes ten minutes of HubSpot time, so none of it can end before the kill however slow this machine
 * is; at the kill the simulator's clock jumps those ten minutes, so the time to recover measures the take-over.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
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

const SCENARIO = '2. Two workers, one dies';
const TASK_QUEUE = 'reliability-02-two-workers';
const COUNT = 500;
/** HubSpot time an open task takes (in PENDING or in PROCESSING); the simulator's clock jumps it at the kill. */
const TASK_MS = 10 * 60_000;
/** Status polls the simulator holds open at the kill, so that some activities die mid-request. */
const HELD_POLLS = 20;
const POLL_OPTIONS = { initialPollInterval: '1s', maxPollInterval: '4s', backoffCoefficient: 2, timeout: '1h' };
const ENDING_TIMEOUT_MS = 150_000;

type Expected = 'COMPLETE' | 'FolderUpdateCompletedWithErrors' | 'FolderUpdateCanceled';

/**
 * Task i's script: 80% COMPLETE, 10% COMPLETE with errors, 10% CANCELED. Tasks with i % 4 === 0 or 1 end on their second
 * poll (done before the kill); i % 4 === 2 stay PENDING and i % 4 === 3 PROCESSING for {@link TASK_MS}.
 */
function planTask(i: number): { script: TaskScript; expected: Expected; early: boolean } {
  const expected: Expected =
    i % 10 === 3 ? 'FolderUpdateCompletedWithErrors' : i % 10 === 7 ? 'FolderUpdateCanceled' : 'COMPLETE';
  const early = i % 4 < 2;
  const heldIn = i % 4 === 2 ? 'PENDING' : 'PROCESSING';
  const script: TaskScript = {
    pendingPolls: 1,
    processingPolls: early ? 0 : 1 + (i % 3 === 0 ? 1 : 0),
    ...(early ? {} : heldIn === 'PENDING' ? { pendingMs: TASK_MS } : { processingMs: TASK_MS }),
    outcome: expected === 'FolderUpdateCanceled' ? 'CANCELED' : 'COMPLETE',
    errors: expected === 'FolderUpdateCompletedWithErrors' ? [missingScopeTaskError(['files'])] : [],
  };
  return { script, expected, early };
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

/** Maps `fn` over `items`, at most `limit` at once. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return out;
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
  dataDir = tempDir('thf-rel-02-');
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
  it(`the surviving worker finishes all ${COUNT} workflows as scripted`, { timeout: 300_000 }, async () => {
    assert.ok(temporal && sim && connection);
    const { client } = connection;
    const hubspot = sim;
    const settings = { address: temporal.address, taskQueue: TASK_QUEUE, hubspotBaseUrl: hubspot.baseUrl };
    const doomed = spawnWorker({ ...settings, token: RELIABILITY_TOKEN });
    const survivor = spawnWorker({ ...settings, token: RELIABILITY_TOKEN });
    workers.push(doomed, survivor);
    await Promise.all([startedWorker(doomed), startedWorker(survivor)]);
    const doomedIdentity = `${doomed.child.pid}@${os.hostname()}`;
    const survivorIdentity = `${survivor.child.pid}@${os.hostname()}`;

    const plans = Array.from({ length: COUNT }, (_, i) => {
      const { script, expected, early } = planTask(i);
      const taskId = hubspot.createTask(script);
      return { taskId, folderId: hubspot.getTask(taskId)!.folderId, expected, early };
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

    // Mid-way: the early half is done at HubSpot, the other half has been polled, and polls are in flight.
    const terminal = (taskId: string): boolean => ['COMPLETE', 'CANCELED'].includes(hubspot.getTask(taskId)!.status);
    await until(
      () => plans.every(({ taskId, early }) => (early ? terminal(taskId) : hubspot.getTask(taskId)!.polls >= 1)),
      'the early half done and the rest polled',
      150_000,
    );
    const midWayMs = Date.now() - startedAt;
    hubspot.injectFault({ kind: 'delay', ms: 5_000 }, { count: HELD_POLLS, route: 'status' });
    await until(() => (hubspot.stats().faultsInjected.delay ?? 0) >= HELD_POLLS, 'polls held in flight', 30_000);
    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    const openAtKill = plans.filter(({ taskId, early }) => !early && !terminal(taskId)).length;
    assert.equal(openAtKill, plans.filter(({ early }) => !early).length, 'no held task ended before the kill');
    clock.shiftMs = TASK_MS;
    await doomed.exited;
    assert.equal(doomed.child.signalCode, 'SIGKILL');

    const endings = await Promise.all(handles.map((handle) => endingOf(handle, ENDING_TIMEOUT_MS)));

    // One execution per workflow id means nothing was lost or started twice.
    const executions = await executionsOn(client, TASK_QUEUE);
    const lastClose = Math.max(...[...executions.values()].map((e) => e.closedAt));
    const closedBeforeKill = [...executions.values()].filter((e) => e.closedAt < killedAt).length;
    // Who did the work: identities on the task-started events, and who completed the last workflow task.
    const workedBy = await mapLimited(handles, 10, async (handle) => {
      const events = (await handle.fetchHistory()).events ?? [];
      const identities = new Set<string>();
      let finisher: string | undefined;
      for (const event of events) {
        const id =
          event.workflowTaskStartedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
        if (id) identities.add(id);
        finisher = event.workflowTaskCompletedEventAttributes?.identity ?? finisher;
      }
      return { identities, finisher };
    });
    const touchedByDoomed = workedBy.filter((w) => w.identities.has(doomedIdentity)).length;
    const touchedBySurvivor = workedBy.filter((w) => w.identities.has(survivorIdentity)).length;
    const openFinishedBySurvivor = plans.filter((p, i) => !p.early && workedBy[i]!.finisher === survivorIdentity);
    const takenOver = workedBy.filter(
      (w, i) => !plans[i]!.early && w.identities.has(doomedIdentity) && w.finisher === survivorIdentity,
    ).length;

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
      recoveryMs: Number.isFinite(lastClose) ? lastClose - killedAt : undefined,
      notes:
        `SIGKILL ${midWayMs} ms after the first start, with ${COUNT - openAtKill} tasks done at HubSpot, ` +
        `${openAtKill} open and ${HELD_POLLS} polls in flight; ${closedBeforeKill} workflows had closed before the kill; ` +
        `the killed worker had worked on ${touchedByDoomed} workflows, the survivor on ${touchedBySurvivor}; ` +
        `${takenOver} open workflows were taken over from the killed worker and the survivor finished ` +
        `${openFinishedBySurvivor.length} of the ${openAtKill} open; ${hubspot.requestLog().length} status requests ` +
        `in all; ${wrong} ended otherwise than scripted`,
    });

    assert.equal(stuck, 0, 'no workflow is stuck');
    assert.equal(lost, 0, 'no workflow is lost');
    assert.equal(duplicated, 0, 'no workflow ran twice');
    assert.equal(wrong, 0, 'every workflow ended with the outcome scripted for its task');
    assert.equal(correct, COUNT);
    assert.ok(touchedByDoomed > 0 && takenOver > 0, 'the killed worker had work that the survivor took over');
    assert.equal(openFinishedBySurvivor.length, openAtKill, 'the survivor finished every workflow open at the kill');
  });
});
