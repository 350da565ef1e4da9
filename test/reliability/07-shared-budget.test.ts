/**
 * Scenario 7: one request budget shared by three workers. Three worker processes poll one task queue, each started
 * with HUBSPOT_MAX_REQUESTS_PER_SECOND=10 (the budget R of the HubSpot app) and HUBSPOT_WORKER_COUNT=3, as the README
 * says to run them. A backlog of 300 workflows that each want a status every 500 ms (600 requests per second of
 * demand) runs against a simulator without a rate limit that logs every request.
 *
 * Part 1, the default (hybrid) poller. Every workflow polls inside one early-window activity, so the task queue's
 * activity rate limit (held by the Temporal server, counting activity starts) cannot see most requests; what holds
 * the budget is each worker's own request limiter at R / 3, requests spaced evenly with no burst and at most
 * floor(10 × R / 3) in any 10 s window. Asserted: no 10-second window of HubSpot's arrivals holds more than 10 × R
 * requests (allowing an arrival to be stamped up to 250 ms late, see ARRIVAL_JITTER_MS; the raw figure is reported),
 * and the workers together use at least 90% of R while they have a backlog (each its own: the shares are static).
 *
 * Part 2, the old path (`earlyWindow: 0`: every poll an activity start), with the workers restarted with
 * HUBSPOT_WORKER_COUNT left at its default of 1, so that each worker's own limiter allows the whole R and only the
 * server-held task-queue limit can keep them together. This is the backstop the server still gives single-poll
 * activities (later polls, starts) when the worker count is set too low: the rate over the backlog stays within
 * R × 1.1, and no 10-second window holds more than R × 10 × 1.1 plus the server's burst. The burst: the server splits
 * the limit over the task queue's read partitions (4 by default) and gives each a token bucket holding one second's
 * worth, rounded up (`burst = ceil(R / 4)` in temporalio/temporal `service/matching/rate_limit_manager.go`). Buckets
 * fill while the queue is idle or under-used, so a backlog that begins after such a second gets up to 4 × ceil(R / 4)
 * requests on top of the rate: R × 10 + 12 = 112 in a 10-s window for R = 10, which R × 10 × 1.1 = 110 alone does
 * not allow for. (The same misconfiguration on the default path is not held: the early-window polls are not
 * activity starts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestLogEntry } from '../../src/simulator';
import type { FolderUpdateResult } from '../../src/workflows';
import { endingOf, recordFigures, ScenarioStack, stopWorker, until, type Ending } from './harness';
import { mapLimited, startAwaits } from './scripted-workload';

const SCENARIO = '7. Shared budget';
const TASK_QUEUE = 'reliability-07-shared-budget';
/** The request budget R, in requests per second, of all the workers together. */
const BUDGET = 10;
const WORKERS = 3;
const WORKFLOWS = 300;
const POLL_INTERVAL_MS = 500;
/** The task queue's read partitions on the dev server (Temporal's default, `matching.numTaskqueueReadPartitions`). */
const PARTITIONS = 4;
/** What the server's token buckets let through on top of the rate after an idle second. */
const SERVER_BURST = PARTITIONS * Math.ceil(BUDGET / PARTITIONS);
/** Part 2's most requests allowed in a 10-s window: R × 10 × 1.1 (10% for timing noise), plus the server's burst. */
const CEILING_10S_SERVER = BUDGET * 11 + SERVER_BURST;
/** Every task answers PENDING once, then COMPLETE: two polls, 600 in all, about 60 s at the budget. */
const SCRIPT = { pendingPolls: 1, processingPolls: 0 } as const;
const POLLS_NEEDED = 2;
/**
 * How late an arrival at the simulator may be, in milliseconds, for the 10 × R assertion. The workers' limiters space
 * their grants with 50 ms of slack, but the request then crosses a loaded worker process, the loopback and the test
 * process's event loop (which also runs the simulator) before the simulator stamps it; on this 2-core machine that
 * adds up to a few hundred milliseconds, which can squeeze one worker's 34th request into another's 10-s window.
 */
const ARRIVAL_JITTER_MS = 250;
/** Real time allowed for every workflow of a part to end, in milliseconds. */
const ENDING_BOUND_MS = 150_000;

let stack: ScenarioStack | undefined;

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
  const response = await stack!.client.workflowService.describeTaskQueue({
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
  const history = await stack!.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const identity = e.activityTaskStartedEventAttributes?.identity;
    return identity ? [identity] : [];
  });
}

/** What one part measured. */
interface Part {
  correct: number;
  stuck: number;
  lost: number;
  duplicated: number;
  wrong: string[];
  requests: number;
  /** Requests per second from the first request to the end of the backlog. */
  achievedRate: number;
  busySeconds: number;
  /** The sum over the workers of each one's rate while it had a backlog of its own. */
  sharesRate: number;
  maxIn10s: number;
  /** The most arrivals in any window of 10 s less {@link ARRIVAL_JITTER_MS}. */
  maxInJitteredWindow: number;
  workersUsed: number;
  elapsedMs: number;
  effective: { rps: number | undefined; source: string };
}

/** The most arrivals in any half-open window of `windowMs`. */
function maxInWindow(log: readonly RequestLogEntry[], windowMs: number): number {
  const times = log.map((e) => e.at).sort((a, b) => a - b);
  let best = 0;
  for (let end = 0, start = 0; end < times.length; end++) {
    while (times[start]! <= times[end]! - windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * The request rate while demand exceeds `rate` (the budget of whoever sent `log`): from the first request until
 * fewer than `rate` × 0.5 s tasks are left polling. Returns the rate and the backlog's length in seconds.
 */
function backlogRate(log: readonly RequestLogEntry[], rate: number): { rate: number; seconds: number } {
  const endedAt = new Map<string, number>();
  for (const entry of log) if (entry.taskId !== undefined) endedAt.set(entry.taskId, entry.at);
  const endTimes = [...endedAt.values()].sort((a, b) => a - b);
  const leftWhenBacklogEnds = Math.max(1, Math.ceil((rate * POLL_INTERVAL_MS) / 1000));
  const busyFrom = log[0]?.at ?? 0;
  const busyUntil = endTimes[endTimes.length - leftWhenBacklogEnds] ?? busyFrom;
  const busyRequests = log.filter((e) => e.at >= busyFrom && e.at <= busyUntil).length;
  const seconds = (busyUntil - busyFrom) / 1000;
  return { rate: seconds > 0 ? busyRequests / seconds : 0, seconds };
}

/** Starts the three workers with `workerCount` as their HUBSPOT_WORKER_COUNT, runs the backlog, stops the workers. */
async function runPart(workerCount: number, earlyWindow: '2m' | 0): Promise<Part> {
  const { client, sim } = stack!;
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      stack!.startWorker({
        taskQueue: TASK_QUEUE,
        maxRequestsPerSecond: BUDGET,
        extraEnv: { HUBSPOT_WORKER_COUNT: String(workerCount) },
      }),
    ),
  );
  // Like HubSpot's, a window is rolling: let an earlier part's requests leave it before this one begins.
  const lastEarlier = sim.requestLog().at(-1)?.at ?? 0;
  await until(() => Date.now() >= lastEarlier + 10_000, 'the last 10-s window to empty', 30_000);
  const logStart = sim.requestLog().length;
  const taskIds = Array.from({ length: WORKFLOWS }, () => sim.createTask(SCRIPT));
  const started = Date.now();
  const handles = await startAwaits(
    client,
    TASK_QUEUE,
    taskIds.map((taskId) => ({ taskId })),
    { initialPollInterval: POLL_INTERVAL_MS, maxPollInterval: POLL_INTERVAL_MS, timeout: '30m', earlyWindow },
  );
  const endings = await Promise.all(handles.map((h) => endingOf(h, ENDING_BOUND_MS)));
  const elapsedMs = Date.now() - started;
  const effective = await effectiveRateLimit();
  const log = sim.requestLog().slice(logStart);

  // Which worker polled each task: the one that started its first activity.
  const workersOf = await mapLimited(handles, 10, (h) => activityWorkers(h.workflowId));
  const workerOf = new Map(taskIds.map((taskId, i) => [taskId, workersOf[i]![0] ?? '?']));
  const overall = backlogRate(log, BUDGET);
  // Each worker's own share while it has a backlog of its own (the shares are static: a worker that runs out of
  // work cannot lend its share to another).
  const perWorker = [...new Set(workerOf.values())].map((identity) =>
    backlogRate(
      log.filter((e) => e.taskId !== undefined && workerOf.get(e.taskId) === identity),
      BUDGET / (earlyWindow === 0 ? 1 : WORKERS),
    ),
  );
  await Promise.all(workers.map(stopWorker));
  return {
    correct: endings.filter((e, i) => completedCorrectly(e, taskIds[i]!)).length,
    stuck: endings.filter((e) => e === 'stuck').length,
    lost: endings.filter((e) => e !== 'stuck' && !e.ok && e.type === 'WorkflowNotFoundError').length,
    duplicated: taskIds.filter((id) => (sim.getTask(id)?.polls ?? 0) > POLLS_NEEDED).length,
    wrong: endings.flatMap((e, i) => (completedCorrectly(e, taskIds[i]!) ? [] : [JSON.stringify(e)])),
    requests: log.length,
    achievedRate: overall.rate,
    busySeconds: overall.seconds,
    sharesRate: perWorker.reduce((sum, w) => sum + w.rate, 0),
    maxIn10s: maxInWindow(log, 10_000),
    maxInJitteredWindow: maxInWindow(log, 10_000 - ARRIVAL_JITTER_MS),
    workersUsed: new Set(workersOf.flat()).size,
    elapsedMs,
    effective,
  };
}

const pctOfR = (rate: number): string => `${((rate / BUDGET) * 100).toFixed(0)}%`;

before(async () => {
  stack = await ScenarioStack.start('thf-rel-07-', { rateLimit: false });
});

after(async () => {
  await stack?.close('stop');
});

describe(SCENARIO, () => {
  let hybrid: Part | undefined;
  let timers: Part | undefined;

  after(() => {
    const parts = [hybrid, timers].filter((p): p is Part => p !== undefined);
    if (parts.length === 0) return;
    const sum = (f: (p: Part) => number): number => parts.reduce((n, p) => n + f(p), 0);
    const describePart = (p: Part): string =>
      `${p.requests} requests; achieved ${p.achievedRate.toFixed(2)}/s = ${pctOfR(p.achievedRate)} of R over the ` +
      `${p.busySeconds.toFixed(1)} s backlog (the workers' shares while each had a backlog of its own: ` +
      `${p.sharesRate.toFixed(2)}/s = ${pctOfR(p.sharesRate)}); max ${p.maxIn10s} in any 10 s window ` +
      `(${p.maxInJitteredWindow} in any ${(10 - ARRIVAL_JITTER_MS / 1000).toFixed(2)} s); activities ran on ` +
      `${p.workersUsed} workers; all ended in ${(p.elapsedMs / 1000).toFixed(1)} s`;
    recordFigures({
      scenario: SCENARIO,
      started: sum((p) => p.correct + p.wrong.length),
      completedCorrectly: sum((p) => p.correct),
      lost: sum((p) => p.lost),
      duplicated: sum((p) => p.duplicated),
      stuck: sum((p) => p.stuck),
      notes:
        `R=${BUDGET}/s shared by ${WORKERS} workers (each started with HUBSPOT_MAX_REQUESTS_PER_SECOND=${BUDGET}); ` +
        (hybrid
          ? `part 1, default hybrid poller, HUBSPOT_WORKER_COUNT=${WORKERS} (each worker's limiter at R/${WORKERS}): ` +
            `${describePart(hybrid)} (10 x R = ${BUDGET * 10}); `
          : '') +
        (timers
          ? `part 2, earlyWindow 0 with HUBSPOT_WORKER_COUNT left at 1 (only the server-held task-queue limit ` +
            `holds them together): ${describePart(timers)} (R x 10 x 1.1 = ${BUDGET * 11}, + server burst ` +
            `${SERVER_BURST} = ${CEILING_10S_SERVER}); server's effective limit ${timers.effective.rps}/s ` +
            `(${timers.effective.source})`
          : ''),
    });
  });

  it(`part 1 (hybrid poller): ${WORKERS} workers with HUBSPOT_WORKER_COUNT=${WORKERS} stay within 10 x R per 10 s and use 90% of R`, async () => {
    const part = (hybrid = await runPart(WORKERS, '2m'));
    assert.deepEqual(part.wrong.slice(0, 3), [], 'every workflow completes with the polls it needed');
    assert.equal(part.correct, WORKFLOWS);
    assert.equal(part.duplicated, 0, 'no task was read again after it ended');
    assert.equal(part.requests, WORKFLOWS * POLLS_NEEDED, 'no request beyond the polls needed');
    assert.equal(part.workersUsed, WORKERS, 'every worker ran activities');
    assert.ok(
      part.maxInJitteredWindow <= BUDGET * 10,
      `at most 10 x R = ${BUDGET * 10} requests in any 10 s window (arrivals up to ${ARRIVAL_JITTER_MS} ms late), ` +
        `got ${part.maxInJitteredWindow} (${part.maxIn10s} in 10 s as stamped)`,
    );
    assert.ok(
      part.sharesRate >= 0.9 * BUDGET,
      `the workers use at least 90% of R while they have a backlog: ${part.sharesRate.toFixed(2)}/s of ${BUDGET}/s`,
    );
  });

  it(`part 2 (earlyWindow 0, HUBSPOT_WORKER_COUNT too low): the server-held task-queue limit keeps ${WORKERS} workers within R`, async () => {
    const part = (timers = await runPart(1, 0));
    assert.deepEqual(part.wrong.slice(0, 3), [], 'every workflow completes with the polls it needed');
    assert.equal(part.correct, WORKFLOWS);
    assert.equal(part.duplicated, 0, 'no task was read again after it ended');
    assert.equal(part.requests, WORKFLOWS * POLLS_NEEDED, 'no request beyond the polls needed');
    assert.equal(part.effective.rps, BUDGET, 'the server holds one budget of R for the task queue, not one per worker');
    assert.equal(part.effective.source, 'RATE_LIMIT_SOURCE_WORKER');
    assert.equal(part.workersUsed, WORKERS, 'every worker ran activities');
    assert.ok(
      part.achievedRate <= BUDGET * 1.1,
      `at most R x 1.1 requests per second over the backlog, got ${part.achievedRate.toFixed(2)}/s`,
    );
    assert.ok(
      part.maxIn10s <= CEILING_10S_SERVER,
      `at most ${CEILING_10S_SERVER} requests in any 10 s window, got ${part.maxIn10s}`,
    );
    assert.ok(
      part.achievedRate >= 0.5 * BUDGET,
      `the workers use the budget while there is a backlog: ${part.achievedRate.toFixed(2)}/s of ${BUDGET}/s`,
    );
  });
});
