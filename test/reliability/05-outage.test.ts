/**
 * Scenario 5: a HubSpot outage on the time-skipping test server. 40 `awaitFolderUpdate` workflows with deadlines of
 * 6 h, 3 h and 1 h poll their tasks once or twice; then HubSpot answers nothing but 503 to every status request for 2 hours of
 * workflow time, and recovers. The workflows whose deadline lies beyond the outage keep waiting (their polls keep
 * retrying) and finish correctly once HubSpot answers again; those whose deadline falls inside it fail with
 * `FolderUpdateTimedOut`, carrying the last status read and naming the last 503.
 *
 * The workflows run on the hybrid poller with `laterPhase: 'timer'`: their polls before the outage run inside their
 * early-window activity, and the outage's first 503 ends that window (a transient failure after a read returns the
 * last status), so the outage is ridden out by single-poll activities retried until the deadline, and a deadline
 * inside it fails with the last status read in the window. Not the retry phase (which the default, `'shared'`, runs
 * until its task queue is crowded): the
 * time-skipping server does not skip time while an activity waits out a `nextRetryDelay`, so two hours of it would
 * take two hours. The retry phase through 503s up to its deadline runs on the dev server in
 * test/workflows/retry-phase.test.ts, and through HubSpot's faults in scenario 4.
 *
 * Time skipping during the outage: the test server jumps to its next timer whenever nothing holds its time lock. Workflow
 * tasks and activity attempts hold it (from their scheduling to their completion or failure), and so does the client
 * unless it is in `env.sleep` or awaiting a result; a retry's backoff is a server timer and holds nothing. So the early
 * windows, which sleep on the worker's clock, hold the time while they run: workflow time passes at the wall clock's
 * pace until every window has met its first 503 (the one-poll workflows read again a minute after their first read),
 * and the test waits for that in real time. From then on every attempt gets its 503 at once and the server jumps to the
 * next retry (1 s, 2 s, 4 s, ... capped at 1 minute): about 120 attempts per long-deadline workflow.
 *
 * The rest of the outage is skipped in steps of {@link OUTAGE_STEP_MS}, not in one `env.sleep('2h')`. One sleep is one
 * gRPC call that stays open and silent for as long as the skipping takes; after about a minute of real time (a loaded
 * machine gets there) the test server closes the connection for too many keepalive pings, the client's retry
 * interceptor sends `unlockTimeSkippingWithSleep` a second time, the server's lock count goes out of balance
 * ("Unbalanced lock and unlock calls") and time stops skipping for good: the test hung. A step takes seconds; one that
 * has not returned within {@link STEP_BOUND_MS} fails the test instead. Results are then awaited one at a time (see
 * `outcomeOf`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate, type FolderUpdateResult } from '../../src/workflows';
import { awaitWorkflowId } from '../../src/workflows/workflow-ids';
import { createTimeSkippingEnv, withTestWorker } from '../helpers/temporal-env';
import { recordFigures, until } from './harness';

const SCENARIO = '5. Outage';
const OUTAGE_MS = 2 * 3600_000;
/** Workflow time skipped by one `env.sleep` during the outage, in milliseconds: about 10 retries per workflow. */
const OUTAGE_STEP_MS = 5 * 60_000;
/** Real time one step may take, in milliseconds, before the test fails on stuck time skipping instead of hanging. */
const STEP_BOUND_MS = 120_000;
/** Real time allowed for every early window to meet the outage (the one-poll ones read again after 1 minute), in ms. */
const WINDOWS_END_BOUND_MS = 180_000;
/** Deadline groups: two beyond the outage, one inside it. */
const GROUPS = [
  { timeout: '6h', timeoutMs: 6 * 3600_000, count: 16, survives: true },
  { timeout: '3h', timeoutMs: 3 * 3600_000, count: 12, survives: true },
  { timeout: '1h', timeoutMs: 1 * 3600_000, count: 12, survives: false },
] as const;
/** Every task answers PENDING three times, then PROCESSING once, then COMPLETE: five polls in all. */
const SCRIPT = { pendingPolls: 3, processingPolls: 1 } as const;
const POLLS_NEEDED = 5;
/** The longest wait between two attempts of a poll (`STATUS_ACTIVITY_OPTIONS.retry.maximumInterval`). */
const MAX_RETRY_INTERVAL_MS = 60_000;
/** Poll options by the number of polls before the outage: the first poll comes at once, the next after the interval. */
const POLLING = {
  1: { initialPollInterval: '1m', maxPollInterval: '10m' },
  2: { initialPollInterval: '1s', maxPollInterval: '10m', backoffCoefficient: 10 },
} as const;
/** Real time allowed for every workflow to end after the outage, in milliseconds. */
const ENDING_BOUND_MS = 90_000;

interface Run {
  taskId: string;
  timeoutMs: number;
  survives: boolean;
  pollsBeforeOutage: 1 | 2;
  handle: WorkflowHandle<typeof awaitFolderUpdate>;
}

type Outcome = { ok: true; result: FolderUpdateResult } | { ok: false; failure: unknown } | 'stuck';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

/**
 * The workflow's result or failure, or 'stuck' when it has not ended within `timeoutMs` of real time. Awaiting the
 * result lets the test server skip time.
 */
function outcomeOf(handle: WorkflowHandle<typeof awaitFolderUpdate>, timeoutMs: number): Promise<Outcome> {
  const timeout = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), timeoutMs).unref());
  const ended = handle.result().then(
    (result): Outcome => ({ ok: true, result }),
    (failure: unknown): Outcome => ({ ok: false, failure }),
  );
  return Promise.race([ended, timeout]);
}

/** The `ApplicationFailure` a workflow failed with, or undefined. */
function applicationFailure(outcome: Outcome): ApplicationFailure | undefined {
  if (outcome === 'stuck' || outcome.ok || !(outcome.failure instanceof WorkflowFailedError)) return undefined;
  return outcome.failure.cause instanceof ApplicationFailure ? outcome.failure.cause : undefined;
}

/** Task ids that have been answered a 503. */
function tasksAnswered503(): Set<string> {
  return new Set(sim.requestLog().flatMap((e) => (e.status === 503 && e.taskId ? [e.taskId] : [])));
}

/**
 * Skips workflow time up to `untilMs` (epoch milliseconds) in steps of {@link OUTAGE_STEP_MS}, each one its own short
 * `env.sleep` call; fails when a step has not returned within {@link STEP_BOUND_MS} of real time.
 */
async function skipTimeTo(untilMs: number): Promise<void> {
  for (let nowMs = await env.currentTimeMs(); nowMs < untilMs; nowMs = await env.currentTimeMs()) {
    const stepMs = Math.min(OUTAGE_STEP_MS, untilMs - nowMs);
    let bound: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      bound = setTimeout(
        () =>
          reject(
            new Error(
              `env.sleep(${stepMs}) at ${new Date(nowMs).toISOString()} did not return within ${STEP_BOUND_MS} ms: time skipping is stuck`,
            ),
          ),
        STEP_BOUND_MS,
      );
    });
    try {
      await Promise.race([env.sleep(stepMs), stuck]);
    } finally {
      clearTimeout(bound);
    }
  }
}

/** Workflow-time start and close of an execution, in epoch milliseconds. */
async function spanOf(handle: WorkflowHandle): Promise<{ startMs: number; closeMs: number | undefined }> {
  const d = await handle.describe();
  return { startMs: d.startTime.getTime(), closeMs: d.closeTime?.getTime() };
}

before(async () => {
  // Thousands of retried polls: keep the worker's per-failure warnings out of the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  sim = new HubSpotSimulator({ rateLimit: false });
  [env] = await Promise.all([createTimeSkippingEnv(), sim.start()]);
});

after(async () => {
  await env?.teardown();
  await sim?.stop();
});

describe(SCENARIO, () => {
  it('keeps long waits alive through 2 hours of 503s and times out the short ones with the last status', async () => {
    const realStart = Date.now();
    const report = await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
      const runs: Run[] = [];
      for (const group of GROUPS) {
        for (let i = 0; i < group.count; i++) {
          const taskId = sim.createTask(SCRIPT);
          const pollsBeforeOutage = i % 2 === 0 ? 1 : 2;
          const handle = await env.client.workflow.start(awaitFolderUpdate, {
            taskQueue,
            workflowId: awaitWorkflowId(taskId),
            args: [{ taskId, timeout: group.timeout, laterPhase: 'timer', ...POLLING[pollsBeforeOutage] }],
          });
          runs.push({ taskId, timeoutMs: group.timeoutMs, survives: group.survives, pollsBeforeOutage, handle });
        }
      }
      // Time is locked until someone waits, so it passes at the wall clock's pace: half the workflows read one status
      // and sleep a minute, the others read two (one second apart) and sleep ten seconds.
      await until(
        () => runs.every((r) => (sim.getTask(r.taskId)?.polls ?? 0) >= r.pollsBeforeOutage),
        'every task polled once or twice',
        60_000,
      );
      const pollsBefore = new Map(runs.map((r) => [r.taskId, sim.getTask(r.taskId)?.polls ?? 0]));

      // The outage: every status request answers 503 for 2 hours of workflow time.
      sim.injectFault({ kind: 'status', status: 503 }, { count: 100_000_000, route: 'status' });
      const outageStartMs = await env.currentTimeMs();
      const requestsBefore = sim.stats().byRoute.status;
      const realOutageStart = Date.now();
      // The early windows hold the time until each has met the outage (see the module comment): wait in real time.
      await until(
        () => {
          const answered = tasksAnswered503();
          return runs.every((r) => answered.has(r.taskId));
        },
        'every early window met the outage',
        WINDOWS_END_BOUND_MS,
      );
      await skipTimeTo(outageStartMs + OUTAGE_MS);
      const outageEndMs = await env.currentTimeMs();
      const realOutageMs = Date.now() - realOutageStart;
      sim.clearFaults();
      const served503 = sim.stats().byStatusCode['503'] ?? 0;
      const requestsDuringOutage = sim.stats().byRoute.status - requestsBefore;
      const outage503s = new Map<string, number>();
      for (const entry of sim.requestLog()) {
        if (entry.status === 503 && entry.taskId) outage503s.set(entry.taskId, (outage503s.get(entry.taskId) ?? 0) + 1);
      }

      // One result at a time: awaiting a result unlocks the test server's time skipping, and its lock is a counter
      // that concurrent unlocks unbalance. Time is global, so every workflow moves on while one is awaited.
      const outcomes: Outcome[] = [];
      const endingDeadline = Date.now() + ENDING_BOUND_MS;
      for (const run of runs) outcomes.push(await outcomeOf(run.handle, Math.max(1, endingDeadline - Date.now())));
      const spans = await Promise.all(runs.map((r) => spanOf(r.handle)));
      return {
        runs,
        outcomes,
        spans,
        pollsBefore,
        outageStartMs,
        outageEndMs,
        realOutageMs,
        served503,
        requestsDuringOutage,
        outage503s,
      };
    });
    const realMs = Date.now() - realStart;
    const { runs, outcomes, spans, pollsBefore, outageStartMs, outageEndMs } = report;

    const problems: string[] = [];
    let correct = 0;
    const earlyByMs: number[] = [];
    for (const [i, run] of runs.entries()) {
      const outcome = outcomes[i]!;
      const span = spans[i]!;
      const before = pollsBefore.get(run.taskId)!;
      const lines: string[] = [];
      if (before !== run.pollsBeforeOutage) lines.push(`${before} polls before the outage`);
      if (outcome === 'stuck') lines.push('no ending');
      else if (run.survives) {
        if (!outcome.ok) lines.push(`failed: ${String(outcome.failure)}`);
        else {
          if (outcome.result.status !== 'COMPLETE') lines.push(`status ${outcome.result.status}`);
          if (outcome.result.polls !== POLLS_NEEDED) lines.push(`${outcome.result.polls} polls read`);
          if (sim.getTask(run.taskId)?.polls !== POLLS_NEEDED) lines.push('the task answered another number of polls');
          if (span.closeMs === undefined || span.closeMs < outageEndMs) lines.push('closed before HubSpot recovered');
          // It kept polling through the outage: a retry at least every minute for two hours.
          const attempts = report.outage503s.get(run.taskId) ?? 0;
          if (attempts < OUTAGE_MS / MAX_RETRY_INTERVAL_MS) lines.push(`only ${attempts} polls during the outage`);
        }
      } else {
        const f = applicationFailure(outcome);
        const last = f?.details?.[0] as FolderUpdateStatus | null | undefined;
        if (f?.type !== 'FolderUpdateTimedOut') lines.push(`ended with ${f?.type ?? JSON.stringify(outcome)}`);
        else {
          if (last == null) lines.push('details[0] is null');
          else if (last.status !== 'PENDING' || last.taskId !== run.taskId) lines.push(`last status ${last.status}`);
          if (!/the last poll failed: HubSpot answered 503 to GET status/.test(f.message)) {
            lines.push(`message does not name the 503: ${f.message}`);
          }
          if (!f.message.includes(`after ${before} polls`)) lines.push(`message does not count ${before} polls`);
          // It gave up at its deadline: the poll's retries run as long as the deadline allows, so the last retry
          // that fits comes at most one retry interval (1 minute) before it; and it gave up inside the outage.
          const ranMs = (span.closeMs ?? Infinity) - span.startMs;
          earlyByMs.push(run.timeoutMs - ranMs);
          if (ranMs < run.timeoutMs - MAX_RETRY_INTERVAL_MS || ranMs > run.timeoutMs + 5_000) {
            lines.push(`gave up after ${ranMs} ms`);
          }
          if ((span.closeMs ?? Infinity) > outageEndMs) lines.push('gave up after the outage');
          if (sim.getTask(run.taskId)?.polls !== before) lines.push('the task answered a poll after the outage began');
        }
      }
      if (lines.length === 0) correct += 1;
      else problems.push(`${run.taskId} (deadline ${run.timeoutMs / 3600_000} h): ${lines.join('; ')}`);
    }
    // A task read again after it ended (more polls answered than the workflow needed) counts as duplicated.
    const duplicated = runs.filter(
      (r) => (sim.getTask(r.taskId)?.polls ?? 0) > (r.survives ? POLLS_NEEDED : pollsBefore.get(r.taskId)!),
    ).length;
    const survivorAttempts = runs.filter((r) => r.survives).map((r) => report.outage503s.get(r.taskId) ?? 0);
    const survivors = runs.flatMap((r, i) => (r.survives ? [spans[i]!.closeMs ?? 0] : []));
    const recoveryMs = Math.max(...survivors) - outageEndMs;
    const stuck = outcomes.filter((o) => o === 'stuck').length;
    const lost = outcomes.filter(
      (o) => o !== 'stuck' && !o.ok && (o.failure as Error).name === 'WorkflowNotFoundError',
    ).length;

    recordFigures({
      scenario: SCENARIO,
      started: runs.length,
      completedCorrectly: correct,
      lost,
      duplicated,
      stuck,
      recoveryMs,
      notes:
        `hybrid poller, laterPhase 'timer' (time skipping); workflow-time recovery; outage of ${((outageEndMs - outageStartMs) / 60_000).toFixed(0)} min of workflow time ` +
        `took ${(report.realOutageMs / 1000).toFixed(1)} s of real time; ${report.requestsDuringOutage} status ` +
        `requests during it (${report.served503} answered 503; ` +
        `${Math.min(...survivorAttempts)}-${Math.max(...survivorAttempts)} retried polls per long-deadline workflow); ` +
        `${runs.filter((r) => r.survives).length} long-deadline workflows completed after it, ` +
        `${runs.filter((r) => !r.survives).length} 1-hour ones timed out inside it, ` +
        `${(Math.min(...earlyByMs) / 1000).toFixed(0)}-${(Math.max(...earlyByMs) / 1000).toFixed(0)} s before their ` +
        `deadline (when the next retry would not fit); run took ${(realMs / 1000).toFixed(1)} s`,
    });

    assert.deepEqual(problems, []);
    assert.equal(correct, runs.length);
    assert.equal(duplicated, 0);
    assert.ok(outageEndMs - outageStartMs >= OUTAGE_MS, 'two hours of workflow time passed during the outage');
    assert.ok(report.served503 >= runs.length, 'every workflow met the outage');
    assert.ok(recoveryMs > 0 && recoveryMs <= 15 * 60_000, `survivors finished ${recoveryMs} ms after recovery`);
  });
});
