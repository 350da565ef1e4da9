/**
 * Scenario 6: a ceiling set far too high no longer makes a rate-limit storm. The simulator enforces HubSpot's rolling
 * limit at 50 requests per 10 s (5/s) while the worker's HUBSPOT_MAX_REQUESTS_PER_SECOND ceiling is 20/s. Before
 * issue 11 the ceiling was the budget, and 43% of the polls got 429s; now the worker paces from HubSpot's rate-limit
 * headers below the ceiling. The workflows run on the default (hybrid) poller, so every poll is a request of one
 * early-window activity. Every workflow must complete correctly with no poll counted twice, 429s stay at most 1% of
 * the requests, and any 429 is retried only after HubSpot's window (no `Retry-After`, so the
 * `X-HubSpot-RateLimit-Interval-Milliseconds` window of 10 s is the retry's `nextRetryDelay`). Then the worker
 * restarts with no setting at all and the same workload runs again, as calmly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maxInWindow, type RequestLogEntry } from '../../src/simulator';
import { awaitFolderUpdate, type FolderUpdateResult } from '../../src/workflows';
import { awaitWorkflowId } from '../../src/workflows/workflow-ids';
import { endingOf, recordFigures, ScenarioStack, stopWorker, until, type Ending, type WorkerProcess } from './harness';

const SCENARIO = '6. Rate-limit storm';
const TASK_QUEUE = 'reliability-06-rate-limit-storm';
/** The simulator's rolling limit: 50 requests per 10 s. */
const LIMIT = { max: 50, intervalMs: 10_000 } as const;
/** HUBSPOT_MAX_REQUESTS_PER_SECOND: phase 1 four times HubSpot's limit, phase 2 unset (`null`). */
const BUDGET_TOO_HIGH = 20;
const BUDGET_CORRECTED = null;
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

function startWorker(maxRequestsPerSecond: number | null): Promise<WorkerProcess> {
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
        workflowId: awaitWorkflowId(taskId),
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

  it('paces below a ceiling set too high, and with no setting at all, with at most 1% 429s', async () => {
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

    const describePhase = (p: Phase, budget: number | null): string =>
      `${budget === null ? 'no setting' : `ceiling ${budget}/s`}: ${p.requests} requests, ${p.rateLimited} answered 429 (${pct(share(p))}), ` +
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
    assert.ok(share(storm) <= 0.01, `no storm below a ceiling 4x too high: ${pct(share(storm))} got 429`);
    assert.ok(share(calm) <= 0.01, `none with no setting: ${pct(share(calm))} got 429`);
  });

  it('every 429 is retried only after the rate-limit window', () => {
    assert.ok(storm, 'phase 1 ran');
    assert.equal(storm.retriedTooSoon, 0, 'every 429 was retried only after the rate-limit window');
  });
});
