/**
 * The workload of the fault runs (cluster tier 2) and of its dev-server comparison (tier 3): waits in the early window
 * and in the retry phase on HubSpot tasks of {@link TASK_MS}, and a {@link FOLDERS}-folder migration, on the stack's
 * workers; {@link FAULT_AT_MS} in, once every wait has polled and 2 s before their tasks end, one fault. Every wait and
 * folder must end as scripted, no workflow id may run twice, and no folder may be POSTed twice.
 *
 * Figures (written to `.scratch/cluster/results/<name>.json` and printed): how long the fault lasted, how late the
 * last wait ended after its HubSpot task did (`lateMs`), the migration's duration, the HubSpot requests made, and the
 * history events per wait.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/processes';
import { until } from '../helpers/waiting';
import {
  executionsRunTwice,
  startScriptedMigration,
  startWaits,
  tallyMigration,
  tallyWaits,
  type ClusterStack,
  type WaitBatch,
} from './cluster-stack';

/** Waits of each phase per run. */
export const WAITS = 15;
/** Folders of the migration per run. */
export const FOLDERS = 40;
/** How long each wait's HubSpot task runs, in ms. */
export const TASK_MS = 12_000;
/** How long a killed service, PostgreSQL or worker stays down, in ms. */
export const DOWN_MS = 3_000;
const ENDING_TIMEOUT_MS = 300_000;
/** When the fault starts, after the first start: 2 s before the waits' tasks end, the migration a third through. */
const FAULT_AT_MS = TASK_MS - 2_000;
const POLL = {
  initialPollInterval: '500ms',
  maxPollInterval: '2s',
  backoffCoefficient: 1.5,
  timeout: '1h',
  earlyWindowHeartbeatTimeout: '10s',
};
const RESULTS_DIR = path.join(ROOT, '.scratch', 'cluster', 'results');

/** Runs the workload with `fault` injected once every wait has polled; checks everything; records the figures. */
export async function runWithFault(
  s: ClusterStack,
  taskQueue: string,
  name: string,
  firstFolderId: number,
  fault: (s: ClusterStack) => Promise<void>,
): Promise<void> {
  const startedAt = Date.now();
  const early = await startWaits(s, taskQueue, WAITS, TASK_MS, POLL);
  const retry = await startWaits(s, taskQueue, WAITS, TASK_MS, { ...POLL, earlyWindow: 0 });
  const migration = await startScriptedMigration(s, taskQueue, `cluster-${name}-${randomUUID().slice(0, 8)}`, {
    count: FOLDERS,
    firstFolderId,
    taskMs: 3_000,
    concurrency: 10,
    ...POLL,
  });
  const waits = [...early.plans, ...retry.plans];
  const requestsBefore = s.sim.requestLog().length;
  await until(() => waits.every(({ taskId }) => (s.sim.getTask(taskId)?.polls ?? 0) >= 1), 'a poll of every wait');
  // The fault starts shortly before the tasks end, so that their endings come while it lasts.
  await new Promise((r) => setTimeout(r, Math.max(0, startedAt + FAULT_AT_MS - Date.now())));
  const faultAt = Date.now();
  await fault(s);
  const restoredAt = Date.now();

  const [e, r, m] = await Promise.all([
    tallyWaits(s, early, ENDING_TIMEOUT_MS),
    tallyWaits(s, retry, ENDING_TIMEOUT_MS),
    tallyMigration(s, migration, ENDING_TIMEOUT_MS),
  ]);
  const { twice } = await executionsRunTwice(s, taskQueue);
  // A wait's task ends TASK_MS (plus up to 400 ms) after its creation, which came before its start.
  const scriptedEnd = startedAt + TASK_MS + 400;
  const figures = {
    fault: name,
    waits: WAITS * 2,
    folders: FOLDERS,
    correctWaits: e.correct + r.correct,
    correctFolders: m.correct,
    alreadyDone: m.alreadyDone,
    stuck: e.stuck + r.stuck + (m.ended ? 0 : 1),
    runTwice: twice.length,
    duplicatePosts: m.duplicatePosts.length,
    faultAfterMs: faultAt - startedAt,
    faultMs: restoredAt - faultAt,
    earlyLateMs: e.lastEndedAt - scriptedEnd,
    retryLateMs: r.lastEndedAt - scriptedEnd,
    migrationMs: m.lastEndedAt - startedAt,
    hubspotRequests: s.sim.requestLog().length - requestsBefore,
    earlyEventsPerWait: await historyEvents(early),
    retryEventsPerWait: await historyEvents(retry),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    recordedAt: new Date().toISOString(),
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  process.stderr.write(`[cluster-fault] ${JSON.stringify(figures)}\n`);

  assert.deepEqual([...e.wrong, ...r.wrong], [], 'every wait ended as scripted');
  assert.equal(e.stuck + r.stuck, 0, 'no wait is stuck');
  assert.ok(m.ended, 'the migration ended');
  assert.deepEqual(m.wrong, [], 'every folder as scripted');
  assert.deepEqual(m.duplicatePosts, [], 'no folder POSTed twice');
  assert.deepEqual(twice, [], 'no workflow id ran twice');
}

/** The history events of the batch's waits: mean and max per wait. */
async function historyEvents(batch: WaitBatch): Promise<{ mean: number; max: number }> {
  const counts = await Promise.all(
    batch.handles.map(async (handle) => (await handle.fetchHistory()).events?.length ?? 0),
  );
  const mean = counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
  return { mean: Math.round(mean * 10) / 10, max: Math.max(0, ...counts) };
}
