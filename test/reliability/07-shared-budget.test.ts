/**
 * Scenario 7: one request budget shared by three workers. Three worker processes poll one task queue, each started
 * with HUBSPOT_MAX_REQUESTS_PER_SECOND=10; the budget is the task queue's activity rate limit, held by the Temporal
 * server, so together they must stay at 10 requests per second, not 30. A backlog of 300 workflows that each want a
 * status every 500 ms (600 requests per second of demand) runs against a simulator without a rate limit that logs
 * every request.
 *
 * What the server guarantees, and so what is asserted: the rate over the backlog stays within R × 1.1, and no
 * 10-second window holds more than R × 10 × 1.1 plus the server's burst. The burst: the server splits the limit over
 * the task queue's read partitions (4 by default) and gives each a token bucket holding one second's worth, rounded up
 * (`burst = ceil(R / 4)` in temporalio/temporal `service/matching/rate_limit_manager.go`). Buckets fill while the
 * queue is idle or under-used, so a backlog that begins after such a second gets up to 4 × ceil(R / 4) requests on
 * top of the rate: R × 10 + 12 = 112 in a 10-s window for R = 10, which R × 10 × 1.1 = 110 alone does not allow for.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate, type FolderUpdateResult } from '../../src/workflows';
import {
  endingOf,
  PersistentTemporal,
  recordFigures,
  RELIABILITY_TOKEN,
  spawnWorker,
  tempDir,
  type Ending,
  type WorkerProcess,
} from './harness';

const SCENARIO = '7. Shared budget';
const TASK_QUEUE = 'reliability-07-shared-budget';
/** The request budget R, in requests per second, given to every worker. */
const BUDGET = 10;
const WORKERS = 3;
const WORKFLOWS = 300;
const POLL_INTERVAL_MS = 500;
/** The task queue's read partitions on the dev server (Temporal's default, `matching.numTaskqueueReadPartitions`). */
const PARTITIONS = 4;
/** What the server's token buckets let through on top of the rate after an idle second. */
const SERVER_BURST = PARTITIONS * Math.ceil(BUDGET / PARTITIONS);
/** The most requests allowed in a 10-s window: R × 10 × 1.1 (10% for timing noise), plus the server's burst. */
const CEILING_10S = BUDGET * 11 + SERVER_BURST;
/** Every task answers PENDING once, then COMPLETE: two polls, 600 in all, about 60 s at the budget. */
const SCRIPT = { pendingPolls: 1, processingPolls: 0 } as const;
const POLLS_NEEDED = 2;
/** Real time allowed for every workflow to end, in milliseconds. */
const ENDING_BOUND_MS = 150_000;

let dataDir: string;
let temporal: PersistentTemporal;
let sim: HubSpotSimulator;
let client: Client;
let closeClient: (() => Promise<void>) | undefined;
const workers: WorkerProcess[] = [];

async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 15_000);
  await w.exited;
  clearTimeout(timer);
}

function completedCorrectly(ending: Ending | 'stuck', taskId: string): boolean {
  if (ending === 'stuck' || !ending.ok) return false;
  const result = ending.value as FolderUpdateResult;
  return result.status === 'COMPLETE' && result.taskId === taskId && result.polls === POLLS_NEEDED;
}

/** `temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY`. */
const TASK_QUEUE_TYPE_ACTIVITY = 2;
/** `temporal.api.enums.v1.RateLimitSource`, by value. */
const RATE_LIMIT_SOURCES = [
  'unspecified',
  'RATE_LIMIT_SOURCE_API',
  'RATE_LIMIT_SOURCE_WORKER',
  'RATE_LIMIT_SOURCE_SYSTEM',
];

/** The activity rate limit the server applies to the task queue, and where it came from. */
async function effectiveRateLimit(): Promise<{ rps: number | undefined; source: string }> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: TASK_QUEUE },
    taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
    reportConfig: true,
  });
  const limit = response.effectiveRateLimit;
  const source = RATE_LIMIT_SOURCES[limit?.rateLimitSource ?? 0] ?? 'unknown';
  return { rps: limit?.requestsPerSecond ?? undefined, source };
}

/** The identities of the workers that started a workflow's activities, from its history. */
async function activityWorkers(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const identity = e.activityTaskStartedEventAttributes?.identity;
    return identity ? [identity] : [];
  });
}

before(async () => {
  dataDir = tempDir('thf-rel-07-');
  temporal = new PersistentTemporal(dataDir);
  sim = new HubSpotSimulator({ tokens: { [RELIABILITY_TOKEN]: {} }, rateLimit: false });
  await Promise.all([temporal.start(), sim.start()]);
  ({ client, close: closeClient } = await temporal.client());
  for (let i = 0; i < WORKERS; i++) {
    workers.push(
      spawnWorker({
        address: temporal.address,
        taskQueue: TASK_QUEUE,
        hubspotBaseUrl: sim.baseUrl,
        token: RELIABILITY_TOKEN,
        maxRequestsPerSecond: BUDGET,
      }),
    );
  }
  await Promise.all(
    workers.map((w) =>
      Promise.race([w.ready, w.exited.then((code) => assert.fail(`a worker exited with ${code}:\n${w.output()}`))]),
    ),
  );
});

after(async () => {
  await Promise.all(workers.map(stopWorker));
  await closeClient?.();
  await temporal?.stop();
  await sim?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(SCENARIO, () => {
  it(`keeps ${WORKERS} workers together within one budget of ${BUDGET} requests per second`, async () => {
    const taskIds = Array.from({ length: WORKFLOWS }, () => sim.createTask(SCRIPT));
    const started = Date.now();
    const handles = [];
    for (let i = 0; i < taskIds.length; i += 50) {
      const batch = taskIds.slice(i, i + 50).map((taskId) =>
        client.workflow.start(awaitFolderUpdate, {
          taskQueue: TASK_QUEUE,
          workflowId: `hubspot-folder-update-${taskId}`,
          args: [{ taskId, initialPollInterval: POLL_INTERVAL_MS, maxPollInterval: POLL_INTERVAL_MS, timeout: '30m' }],
        }),
      );
      handles.push(...(await Promise.all(batch)));
    }
    const endings = await Promise.all(handles.map((h) => endingOf(h, ENDING_BOUND_MS)));
    const elapsedMs = Date.now() - started;

    const effective = await effectiveRateLimit();
    const log = sim.requestLog();
    const maxIn10s = sim.maxRequestsInWindow(10_000);
    // The backlog lasts while demand exceeds the budget: until fewer than BUDGET × 0.5 s workflows are left polling.
    const endedAt = new Map<string, number>();
    for (const entry of log) if (entry.taskId !== undefined) endedAt.set(entry.taskId, entry.at);
    const endTimes = [...endedAt.values()].sort((a, b) => a - b);
    const leftWhenBacklogEnds = Math.ceil((BUDGET * POLL_INTERVAL_MS) / 1000);
    const busyFrom = log[0]?.at ?? 0;
    const busyUntil = endTimes[endTimes.length - leftWhenBacklogEnds] ?? busyFrom;
    const busyRequests = log.filter((e) => e.at >= busyFrom && e.at <= busyUntil).length;
    const busySeconds = (busyUntil - busyFrom) / 1000;
    const achievedRate = busyRequests / busySeconds;

    const identities = new Set((await Promise.all(handles.map((h) => activityWorkers(h.workflowId)))).flat());
    const correct = endings.filter((e, i) => completedCorrectly(e, taskIds[i]!)).length;
    const stuck = endings.filter((e) => e === 'stuck').length;
    const lost = endings.filter((e) => e !== 'stuck' && !e.ok && e.type === 'WorkflowNotFoundError').length;
    const duplicated = taskIds.filter((id) => (sim.getTask(id)?.polls ?? 0) > POLLS_NEEDED).length;

    recordFigures({
      scenario: SCENARIO,
      started: WORKFLOWS,
      completedCorrectly: correct,
      lost,
      duplicated,
      stuck,
      notes:
        `${WORKERS} workers at R=${BUDGET}/s each; ${log.length} requests; achieved ` +
        `${achievedRate.toFixed(2)}/s = ${((achievedRate / BUDGET) * 100).toFixed(0)}% of R over the ` +
        `${busySeconds.toFixed(1)} s backlog; max ${maxIn10s} in any 10 s window (R x 10 x 1.1 = ${BUDGET * 11}, ` +
        `+ server burst ${SERVER_BURST} = ${CEILING_10S}); server's effective limit ${effective.rps}/s ` +
        `(${effective.source}); ` +
        `activities ran on ${identities.size} workers; all ended in ${(elapsedMs / 1000).toFixed(1)} s`,
    });

    const wrong = endings.flatMap((e, i) => (completedCorrectly(e, taskIds[i]!) ? [] : [JSON.stringify(e)]));
    assert.deepEqual(wrong.slice(0, 3), [], 'every workflow completes with the polls it needed');
    assert.equal(correct, WORKFLOWS);
    assert.equal(duplicated, 0, 'no task was read again after it ended');
    assert.equal(log.length, WORKFLOWS * POLLS_NEEDED, 'no request beyond the polls needed');
    assert.equal(effective.rps, BUDGET, 'the server holds one budget of R for the task queue, not one per worker');
    assert.equal(effective.source, 'RATE_LIMIT_SOURCE_WORKER');
    assert.ok(
      achievedRate <= BUDGET * 1.1,
      `at most R x 1.1 requests per second over the backlog, got ${achievedRate.toFixed(2)}/s`,
    );
    assert.ok(maxIn10s <= CEILING_10S, `at most ${CEILING_10S} requests in any 10 s window, got ${maxIn10s}`);
    assert.equal(identities.size, WORKERS, 'every worker ran activities');
    assert.ok(
      achievedRate >= 0.5 * BUDGET,
      `the workers use the budget while there is a backlog: ${achievedRate.toFixed(2)}/s of ${BUDGET}/s`,
    );
  });
});
