/**
 * Cluster tier 2: faults in the cluster, each mid-run, on three package worker processes: the workload of
 * fault-workload.ts with one fault each: SIGKILL of a service and its restart on the same ports, a PostgreSQL
 * restart, or a worker SIGKILL. The first run has no fault: its figures are the baseline the others compare to (and
 * tier 3 runs the same on the dev server).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { killService, restartPostgres, startService, waitListening, type Service } from '../../scripts/cluster';
import { ClusterStack } from './cluster-stack';
import { DOWN_MS, runWithFault } from './fault-workload';

const TASK_QUEUE = `cluster-02-${randomUUID().slice(0, 8)}`;

let stack: ClusterStack | undefined;
let folderBase = 920_000;

before(async () => {
  stack = await ClusterStack.open();
  for (let i = 0; i < 3; i++) await stack.startWorker(TASK_QUEUE);
});

after(async () => {
  await stack?.close();
});

/** The workload of fault-workload.ts on the cluster, with `fault`. */
function runFault(name: string, fault: (s: ClusterStack) => Promise<void>): Promise<void> {
  assert.ok(stack);
  return runWithFault(stack, TASK_QUEUE, name, (folderBase += 1_000), fault);
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
  it('baseline: no fault', { timeout: 600_000 }, () => runFault('none', async () => undefined));

  it('SIGKILL and restart of the history service', { timeout: 600_000 }, () =>
    runFault('history', killAndRestart('history')),
  );

  it('SIGKILL and restart of the matching service', { timeout: 600_000 }, () =>
    runFault('matching', killAndRestart('matching')),
  );

  it('SIGKILL and restart of the frontend (clients and workers reconnect)', { timeout: 600_000 }, () =>
    runFault('frontend', killAndRestart('frontend')),
  );

  it('PostgreSQL restart', { timeout: 600_000 }, () =>
    runFault('postgres', async () => {
      await restartPostgres(DOWN_MS);
    }),
  );

  it('SIGKILL of a worker, a new one started', { timeout: 600_000 }, () =>
    runFault('worker', async (s) => {
      const victim = s.workers.find((w) => w.child.exitCode === null && w.child.signalCode === null);
      assert.ok(victim);
      victim.child.kill('SIGKILL');
      await victim.exited;
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await s.startWorker(TASK_QUEUE);
    }),
  );
});
