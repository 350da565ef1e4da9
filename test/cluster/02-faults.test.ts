/**
 * Cluster tier 2: faults in the cluster, each mid-run. Every run is the same workload on three package worker
 * processes: waits in the early window and in the retry phase (HubSpot tasks of 12 s) and a 40-folder migration; 10 s
 * in, once every wait has polled and 2 s before their tasks end, one fault: SIGKILL of a service and its restart on the same ports, a
 * PostgreSQL restart, or a worker SIGKILL. Every wait and folder must end as scripted, no workflow id may run twice,
 * and no folder may be POSTed twice. The first run has no fault: its figures are the baseline the others compare to.
 *
 * Figures (written to `.scratch/cluster/results/<fault>.json` and printed): how long the fault lasted, and how late
 * the last wait ended after its HubSpot task did (`lateMs`), against the baseline's.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { killService, restartPostgres, startService, waitListening, type Service } from '../../scripts/cluster';
import { ROOT } from '../helpers/processes';
import { until } from '../helpers/waiting';
import {
  ClusterStack,
  executionsRunTwice,
  startScriptedMigration,
  startWaits,
  tallyMigration,
  tallyWaits,
} from './cluster-stack';

const TASK_QUEUE = `cluster-02-${randomUUID().slice(0, 8)}`;
const WAITS = 15;
const FOLDERS = 40;
const TASK_MS = 12_000;
/** How long a killed service, PostgreSQL or worker stays down. */
const DOWN_MS = 3_000;
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

let stack: ClusterStack | undefined;
let folderBase = 920_000;

before(async () => {
  stack = await ClusterStack.open();
  for (let i = 0; i < 3; i++) await stack.startWorker(TASK_QUEUE);
});

after(async () => {
  await stack?.close();
});

/** Runs the workload with `fault` injected once every wait has polled; checks everything; records the figures. */
async function runWithFault(name: string, fault: (s: ClusterStack) => Promise<void>): Promise<void> {
  assert.ok(stack);
  const s = stack;
  const startedAt = Date.now();
  const early = await startWaits(s, TASK_QUEUE, WAITS, TASK_MS, POLL);
  const retry = await startWaits(s, TASK_QUEUE, WAITS, TASK_MS, { ...POLL, earlyWindow: 0 });
  const migration = await startScriptedMigration(s, TASK_QUEUE, `cluster-02-${name}-${randomUUID().slice(0, 8)}`, {
    count: FOLDERS,
    firstFolderId: (folderBase += 1_000),
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
  const { twice } = await executionsRunTwice(s, TASK_QUEUE);
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

/** SIGKILLs a service, leaves it down {@link DOWN_MS}, restarts it on the same ports. */
function killAndRestart(service: Service): (s: ClusterStack) => Promise<void> {
  return async (s) => {
    await killService(s.state, service, 'SIGKILL');
    await new Promise((r) => setTimeout(r, DOWN_MS));
    startService(s.state, service);
    await waitListening(s.state, service);
  };
}

describe('cluster: faults mid-run, nothing lost or duplicated', () => {
  it('baseline: no fault', { timeout: 600_000 }, () => runWithFault('none', async () => undefined));

  it('SIGKILL and restart of the history service', { timeout: 600_000 }, () =>
    runWithFault('history', killAndRestart('history')),
  );

  it('SIGKILL and restart of the matching service', { timeout: 600_000 }, () =>
    runWithFault('matching', killAndRestart('matching')),
  );

  it('SIGKILL and restart of the frontend (clients and workers reconnect)', { timeout: 600_000 }, () =>
    runWithFault('frontend', killAndRestart('frontend')),
  );

  it('PostgreSQL restart', { timeout: 600_000 }, () =>
    runWithFault('postgres', async () => {
      await restartPostgres(DOWN_MS);
    }),
  );

  it('SIGKILL of a worker, a new one started', { timeout: 600_000 }, () =>
    runWithFault('worker', async (s) => {
      const victim = s.workers.find((w) => w.child.exitCode === null && w.child.signalCode === null);
      assert.ok(victim);
      victim.child.kill('SIGKILL');
      await victim.exited;
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await s.startWorker(TASK_QUEUE);
    }),
  );
});
