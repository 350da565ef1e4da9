/**
 * `getFolderUpdateProgress` on the real CLI dev server (real time): during the early window it shows the poller's
 * count and last status from its heartbeat details; reusing the previous answer skips the query while the history
 * is unchanged; the retry phase shows its count and last status from the pending activity's last failure; a retrying
 * later poll (timer path) shows its attempt and last failure; a closed wait shows its result's state.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getFolderUpdateProgress, type FolderUpdateWaitProgress } from '../../src/client/get-folder-update-progress';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate } from '../../src/workflows';
import { createDevServerEnv, withTestWorker } from '../helpers/temporal-env';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  [env, sim] = await Promise.all([createDevServerEnv(), Promise.resolve(new HubSpotSimulator({ rateLimit: false }))]);
  await sim.start();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

type Input = Parameters<typeof awaitFolderUpdate>[0];

function start(taskQueue: string, input: Input): Promise<WorkflowHandle<typeof awaitFolderUpdate>> {
  return env.client.workflow.start(awaitFolderUpdate, {
    taskQueue,
    workflowId: `progress-${randomUUID()}`,
    args: [input],
  });
}

/** Reads the progress until `ok` holds, or fails after `timeoutMs` naming the last answer. */
async function progressUntil(
  workflowId: string,
  ok: (p: FolderUpdateWaitProgress) => boolean,
  timeoutMs = 30_000,
): Promise<FolderUpdateWaitProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: FolderUpdateWaitProgress | undefined;
  while (Date.now() < deadline) {
    last = await getFolderUpdateProgress(env.client, workflowId, { previous: last });
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`progress never matched; last: ${JSON.stringify(last)}`);
}

describe('getFolderUpdateProgress', () => {
  it('shows the early window’s poll count and last status from the poller’s heartbeat details', async () => {
    const taskId = sim.createTask({ pendingPolls: 2, processingPolls: 1_000 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      // The first heartbeat comes 0.8 × the heartbeat timeout after the window starts: 8 s at the shortest, 10 s.
      const fast = { initialPollInterval: '300ms', maxPollInterval: '300ms', earlyWindowHeartbeatTimeout: '10s' };
      const h = await start(tq, { taskId, ...fast, earlyWindow: '5m' });
      const p = await progressUntil(h.workflowId, (x) => x.phase === 'early-window' && x.polls > 0);
      assert.equal(p.workflowState.polls, 0, 'the workflow itself has not seen a poll yet');
      assert.ok(p.lastStatus?.status === 'PENDING' || p.lastStatus?.status === 'PROCESSING', JSON.stringify(p));
      assert.ok(p.polls <= (sim.getTask(taskId)?.polls ?? 0), 'never ahead of the reads made');
      assert.ok(p.lastPolledAt && p.progressAsOf, 'when the status was read and when the server heard of it');

      // The history has not grown: an answer built on the previous one sends no query (its marked state shows).
      const marked = { ...p, workflowState: { ...p.workflowState, polls: 42 } };
      const again = await getFolderUpdateProgress(env.client, h.workflowId, { previous: marked });
      if (again.historyLength === p.historyLength) assert.equal(again.workflowState.polls, 42);

      await h.cancel();
      const closed = await progressUntil(h.workflowId, (x) => x.phase === 'closed');
      assert.equal(closed.workflowStatus, 'CANCELLED');
    });
  });

  it('shows the retry phase’s poll count and last status from its last failure, and a failed request', async () => {
    const taskId = sim.createTask({ pendingPolls: 1_000 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const h = await start(tq, {
        taskId,
        initialPollInterval: '1s',
        maxPollInterval: '1s',
        earlyWindow: 0,
        laterPhase: 'retry',
      });
      const p = await progressUntil(h.workflowId, (x) => x.phase === 'retry-phase' && x.polls >= 3);
      const reads = sim.getTask(taskId)?.polls ?? 0;
      assert.ok(p.polls <= reads && p.polls >= reads - 1, `${p.polls} polls shown, ${reads} made`);
      assert.equal(p.workflowState.polls, 1, 'the workflow itself saw the first read only');
      assert.equal(p.lastStatus?.status, 'PENDING');
      assert.ok(p.lastPolledAt && p.lastFailure === undefined, JSON.stringify(p));

      sim.injectFault({ kind: 'status', status: 503 }, { count: 1_000, route: 'status' });
      const failing = await progressUntil(h.workflowId, (x) => /503/.test(x.lastFailure ?? ''));
      assert.equal(failing.phase, 'retry-phase');
      assert.equal(failing.polls, sim.getTask(taskId)?.polls, 'a failed request is not counted as a poll');
      sim.clearFaults();
      await h.cancel();
    });
  });

  it('shows a retrying later poll’s attempt and last failure, then the closed wait', async () => {
    const taskId = sim.createTask({ pendingPolls: 3 });
    await withTestWorker(env, sim.baseUrl, async (tq) => {
      const every200ms = { initialPollInterval: '200ms', maxPollInterval: '200ms' } as const;
      const h = await start(tq, { taskId, ...every200ms, earlyWindow: '0s', laterPhase: 'timer' });
      await progressUntil(h.workflowId, (x) => x.polls >= 1);
      sim.injectFault({ kind: 'status', status: 503 }, { count: 3, route: 'status' });
      const retrying = await progressUntil(h.workflowId, (x) => x.phase === 'polling' && (x.attempt ?? 1) > 1);
      assert.match(retrying.lastFailure ?? '', /503/);
      const result = await h.result();
      const closed = await getFolderUpdateProgress(env.client, h.workflowId);
      assert.equal(closed.phase, 'closed');
      assert.equal(closed.workflowStatus, 'COMPLETED');
      assert.equal(closed.polls, result.polls);
      assert.equal(closed.lastStatus?.status, 'COMPLETE');
    });
  });
});
