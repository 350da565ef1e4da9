/**
 * Scenario 6: a rate-limit storm. The simulator enforces HubSpot's rolling limit at 50 requests per 10 s (5/s) while
 * the worker's request budget (HUBSPOT_MAX_REQUESTS_PER_SECOND: the worker's own request limiter, and the task queue's
 * activity rate limit) is 20/s, so most polls get 429s. The workflows run on the default (hybrid) poller, so every
 * poll is a request of one early-window activity, and the worker's own limiter is what paces them. The worker must
 * back off as HubSpot says (no `Retry-After`, so the `X-HubSpot-RateLimit-Interval-Milliseconds` window of 10 s
 * becomes the retry's `nextRetryDelay`, and the early-window poller's retry resumes from its heartbeat) and every
 * workflow must still complete correctly, with no poll counted twice. Then the worker restarts with the budget
 * corrected to 4/s (both limits are read at start-up, so a restart is what changes them) and the same workload runs
 * again: the share of 429s must fall to (nearly) nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maxInWindow, type RequestLogEntry } from '../../src/simulator';
import { awaitFolderUpdate, type FolderUpdateResult } from '../../src/workflows';
import { endingOf, recordFigures, ScenarioStack, stopWorker, until, type Ending, type WorkerProcess } from './harness';

const SCENARIO = '6. Rate-limit storm';
const TASK_QUEUE = 'reliability-06-rate-limit-storm';
/** The simulator's rolling limit: 50 requests per 10 s. */
const LIMIT = { max: 50, intervalMs: 10_000 } as const;
/** Request budgets: phase 1 four times HubSpot's limit, phase 2 below it. */
const BUDGET_TOO_HIGH = 20;
const BUDGET_CORRECTED = 4;
const WORKFLOWS_PER_PHASE = 60;
/** Every task answers PENDING, PROCESSING, COMPLETE: three polls. */
const POLLS_NEEDED = 3;
/** Real time allowed for one phase's workflows to end, in milliseconds. */
const PHASE_BOUND_MS = 150_000;

interface Phase {
  workflows: number;
  correct: number;
  stuck: number;
  lost: number;
  /** Tasks that answered more polls than they needed: read again after they ended. */
  duplicated: number;
  requests: number;
  rateLimited: number;
  /** 429'd polls whose next attempt came sooner than the rate-limit window. */
  retriedTooSoon: number;
  maxIn10s: number;
  durationMs: number;
  /** Endings other than COMPLETE after exactly the polls needed. */
  wrong: string[];
}

let stack: ScenarioStack | undefined;

function startWorker(maxRequestsPerSecond: number): Promise<WorkerProcess> {
  return stack!.startWorker({ taskQueue: TASK_QUEUE, maxRequestsPerSecond });
}

/** How many 429 answers were followed by the same task's next request sooner than `windowMs` (less 100 ms of slack). */
function retriedSoonerThan(log: RequestLogEntry[], windowMs: number): number {
  const lastByTask = new Map<string, RequestLogEntry>();
  let sooner = 0;
  for (const entry of log) {
    if (entry.taskId === undefined) continue;
    const previous = lastByTask.get(entry.taskId);
    if (previous?.status === 429 && entry.at - previous.at < windowMs - 100) sooner += 1;
    lastByTask.set(entry.taskId, entry);
  }
  return sooner;
}

function completedCorrectly(ending: Ending | 'stuck', taskId: string): boolean {
  if (ending === 'stuck' || !ending.ok) return false;
  const result = ending.value as FolderUpdateResult;
  return result.status === 'COMPLETE' && result.taskId === taskId && result.polls === POLLS_NEEDED;
}

/** Runs one phase's workload to its end and measures it from the simulator's request log. */
async function runPhase(): Promise<Phase> {
  const { client, sim } = stack!;
  const logStart = sim.requestLog().length;
  const taskIds = Array.from({ length: WORKFLOWS_PER_PHASE }, () => sim.createTask());
  const started = Date.now();
  const handles = await Promise.all(
    taskIds.map((taskId) =>
      client.workflow.start(awaitFolderUpdate, {
        taskQueue: TASK_QUEUE,
        workflowId: `hubspot-folder-update-${taskId}`,
        args: [{ taskId, initialPollInterval: '1s', maxPollInterval: '1s', timeout: '30m' }],
      }),
    ),
  );
  const endings = await Promise.all(handles.map((h) => endingOf(h, PHASE_BOUND_MS)));
  const durationMs = Date.now() - started;
  const log = sim.requestLog().slice(logStart);
  const phase: Phase = {
    workflows: taskIds.length,
    correct: endings.filter((e, i) => completedCorrectly(e, taskIds[i]!)).length,
    stuck: endings.filter((e) => e === 'stuck').length,
    lost: endings.filter((e) => e !== 'stuck' && !e.ok && e.type === 'WorkflowNotFoundError').length,
    requests: log.length,
    rateLimited: log.filter((e) => e.status === 429).length,
    retriedTooSoon: retriedSoonerThan(log, LIMIT.intervalMs),
    maxIn10s: maxInWindow(
      log.map((e) => e.at),
      LIMIT.intervalMs,
    ),
    duplicated: taskIds.filter((id) => (sim.getTask(id)?.polls ?? 0) > POLLS_NEEDED).length,
    durationMs,
    wrong: endings.flatMap((e, i) => (completedCorrectly(e, taskIds[i]!) ? [] : [JSON.stringify(e)])),
  };
  return phase;
}

const share = (p: Phase): number => p.rateLimited / p.requests;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

before(async () => {
  stack = await ScenarioStack.start('thf-rel-06-', { rateLimit: LIMIT });
});

after(async () => {
  await stack?.close('stop');
});

describe(SCENARIO, () => {
  let storm: Phase | undefined;

  it('backs off on 429s and completes; with the budget corrected the 429s stop', async () => {
    const first = await startWorker(BUDGET_TOO_HIGH);
    storm = await runPhase();
    await stopWorker(first);

    await startWorker(BUDGET_CORRECTED);
    const correctedAt = Date.now();
    // Like HubSpot's, the simulator's window is rolling: let phase 1's requests leave it before phase 2 begins.
    const lastStormRequest = stack!.sim.requestLog().at(-1)?.at ?? 0;
    await until(() => Date.now() >= lastStormRequest + LIMIT.intervalMs, 'the rate-limit window to empty', 30_000);
    const calm = await runPhase();
    const recoveryMs = Date.now() - correctedAt;

    const describePhase = (p: Phase, budget: number): string =>
      `budget ${budget}/s: ${p.requests} requests, ${p.rateLimited} answered 429 (${pct(share(p))}), ` +
      `max ${p.maxIn10s} in 10 s, ${(p.durationMs / 1000).toFixed(1)} s`;
    recordFigures({
      scenario: SCENARIO,
      started: storm.workflows + calm.workflows,
      completedCorrectly: storm.correct + calm.correct,
      lost: storm.lost + calm.lost,
      duplicated: storm.duplicated + calm.duplicated,
      stuck: storm.stuck + calm.stuck,
      recoveryMs,
      notes:
        `default hybrid poller; HubSpot limit ${LIMIT.max} per 10 s; phase 1, ${describePhase(storm, BUDGET_TOO_HIGH)}; ` +
        `phase 2, ${describePhase(calm, BUDGET_CORRECTED)}; 429s retried sooner than the 10 s window: ` +
        `${storm.retriedTooSoon + calm.retriedTooSoon}; recovery = corrected restart to the last phase-2 ending`,
    });

    assert.deepEqual(storm.wrong.slice(0, 3), [], 'phase 1: every workflow completes with the polls it needed');
    assert.deepEqual(calm.wrong.slice(0, 3), [], 'phase 2: every workflow completes with the polls it needed');
    assert.equal(storm.correct + calm.correct, 2 * WORKFLOWS_PER_PHASE);
    assert.equal(storm.duplicated + calm.duplicated, 0, 'no task was read again after it ended');
    assert.ok(share(storm) > 0.2, `the storm happened: ${pct(share(storm))} of phase 1's requests got 429`);
    assert.ok(storm.maxIn10s > LIMIT.max, 'phase 1 sent more than HubSpot allows');
    assert.ok(
      share(calm) <= share(storm) / 10,
      `the 429 share falls from ${pct(share(storm))} to ${pct(share(calm))} with the budget corrected`,
    );
  });

  it('every 429 is retried only after the rate-limit window', () => {
    assert.ok(storm, 'phase 1 ran');
    assert.equal(storm.retriedTooSoon, 0, 'every 429 was retried only after the rate-limit window');
  });
});
