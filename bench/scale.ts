/**
 * Part b: many concurrent `awaitFolderUpdate` workflows on package worker processes (`src/worker.ts`, configured
 * through the environment as a user would) and the CLI dev server, against a simulator without a rate limit of its
 * own that logs every request, so that the request budget can be checked over any window.
 *
 * Per run: correctness (every outcome right: COMPLETE, CANCELED → `FolderUpdateCanceled`, errors →
 * `FolderUpdateCompletedWithErrors`), the workers' peak RSS, the time to drain, HubSpot requests made against the
 * minimum (1 per task), detection latency, and the achieved request rate while there is a backlog, as a share of the
 * configured budget, with the most requests seen in any 10 s and 1 s window.
 */
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HubSpotSimulator, missingScopeTaskError, type RequestLogEntry, type TaskScript } from '../src/simulator';
import type { FolderUpdateResult } from '../src/workflows';
import { spawnPackageWorker, type ManagedProcess } from '../test/helpers/processes';
import { mapLimit } from '../test/helpers/waiting';
import type { BenchConfig, ScaleRun } from './config';
import { cadenceDelayMs } from './config';
import { cpuMsOf, RssSampler } from './proc-stats';
import { benchSpawnOptions } from './processes';
import { startBenchDevServer } from './servers';
import { max, percentile, round } from './stats';

/** What a task is scripted to end with, and so what its workflow must end with. */
type Expected = 'COMPLETE' | 'FolderUpdateCanceled' | 'FolderUpdateCompletedWithErrors';

/** Figures of one run. Times in milliseconds, memory in bytes, rates in requests per second. */
export interface ScaleRunResult {
  name: string;
  workflows: number;
  workers: number;
  budget: number;
  /** Workflows that ended as their task's script says. */
  correct: number;
  wrong: number;
  /** Workflows still running when the drain timeout passed. */
  stuck: number;
  /** Results whose `polls` differs from the polls the simulator answered for that task. */
  pollCountMismatches: number;
  /** The largest peak RSS of a worker process. */
  peakWorkerRssBytes: number;
  /** Shared watcher runs the waits joined (`laterPhase: 'shared'`; 0 otherwise), continue-as-new runs included. */
  watchers: number;
  /** Worker CPU time during the run (all workers), in milliseconds. */
  workerCpuMs: number;
  /** Starting every workflow, in milliseconds (starts per second = workflows / startMs × 1000). */
  startMs: number;
  /** From the first start to the last workflow closing. */
  drainMs: number;
  /** From the workers being ready to the last workflow closing. */
  drainAfterWorkersReadyMs: number;
  requests: number;
  /** The fewest requests that could do: 1 per task. */
  minimumRequests: number;
  requestsPerTask: number;
  /** Status responses per COMPLETE task that the workflows report, on average. */
  pollsPerTask: number;
  /** Detection latency (task terminal in the simulator → workflow closed), p50 and p99. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Latency minus the poll interval in effect at completion, p99 (the detection target: ≤ 250 ms). */
  latencyExcessP99Ms: number;
  latencyRatioP99: number;
  /** p99 of the time from the task turning terminal to the poll that saw it, in milliseconds. */
  latencyUntilPollP99Ms: number;
  /** p99 of the time from that poll to the workflow closing, in milliseconds. */
  latencyAfterPollP99Ms: number;
  /**
   * The backlog: the times when some poll was overdue (see {@link backlogOf}), the requests made then, and their rate
   * as a share of the budget. Undefined when no poll was ever overdue.
   */
  backlog?: { periods: number; durationMs: number; requests: number; ratePerSecond: number; shareOfBudget: number };
  /** The most requests in any 10 s window, against the budget × 10. */
  maxRequestsIn10s: number;
  /** The most requests in any 1 s window, against the budget. */
  maxRequestsIn1s: number;
  /** 10 s windows (sliding, at each request) holding more than budget × 10 requests. */
  budgetExceeded: boolean;
}

/** Part b's figures. */
export interface ScaleResults {
  runs: ScaleRunResult[];
}

interface Planned {
  workflowId: string;
  taskId: string;
  finishMs: number;
  expected: Expected;
  startedAtMs?: number;
  firstRunId?: string;
}

function scriptFor(
  run: ScaleRun,
  config: BenchConfig,
  random: () => number,
): { script: TaskScript; expected: Expected; finishMs: number } {
  const finishMs = Math.round((run.finishAfterMs ?? 0) + random() * run.finishWithinMs);
  const base: TaskScript = { pendingPolls: run.pendingPolls, processingPolls: 0, processingMs: finishMs };
  const draw = random();
  if (draw < config.scale.canceledShare)
    return { script: { ...base, outcome: 'CANCELED' }, expected: 'FolderUpdateCanceled', finishMs };
  if (draw < config.scale.canceledShare + config.scale.withErrorsShare) {
    return {
      script: { ...base, errors: [missingScopeTaskError()] },
      expected: 'FolderUpdateCompletedWithErrors',
      finishMs,
    };
  }
  return { script: base, expected: 'COMPLETE', finishMs };
}

type Ending = { ok: true; value: FolderUpdateResult } | { ok: false; type: string };

async function endingOf(client: Client, workflowId: string): Promise<Ending> {
  try {
    return { ok: true, value: (await client.workflow.getHandle(workflowId).result()) as FolderUpdateResult };
  } catch (err) {
    const failure: unknown = err instanceof WorkflowFailedError ? err.cause : err;
    return {
      ok: false,
      type: failure instanceof ApplicationFailure ? (failure.type ?? 'ApplicationFailure') : String(failure),
    };
  }
}

/** The run's waits: its `awaitFolderUpdate` workflows (not the shared watchers a `'shared'` run starts). */
const waitsOf = (taskQueue: string) => `TaskQueue = "${taskQueue}" AND WorkflowType = "awaitFolderUpdate"`;

async function runningCount(client: Client, taskQueue: string): Promise<number> {
  const { count } = await client.workflow.count(`${waitsOf(taskQueue)} AND ExecutionStatus = "Running"`);
  return count;
}

/** The shared watchers the run started (`laterPhase: 'shared'`), ended once the waits are; how many there were. */
async function endWatchers(client: Client, taskQueue: string): Promise<number> {
  let watchers = 0;
  for await (const info of client.workflow.list({
    query: `TaskQueue = "${taskQueue}" AND WorkflowType = "watchHubSpotTasks"`,
  })) {
    watchers++;
    if (info.status.name === 'RUNNING') {
      await client.workflow
        .getHandle(info.workflowId, info.runId)
        .terminate('bench run over')
        .catch(() => undefined);
    }
  }
  return watchers;
}

/** Runs one scale or rate run on `client`'s dev server. */
async function runOne(
  run: ScaleRun,
  index: number,
  config: BenchConfig,
  client: Client,
  address: string,
  log: (line: string) => void,
): Promise<ScaleRunResult> {
  const sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
  const taskQueue = `bench-scale-${index}`;
  const workers: ManagedProcess[] = [];
  const samplers: RssSampler[] = [];
  let seed = 12345 + index;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const spawnWorkers = async (): Promise<number> => {
    for (let w = 0; w < run.workers; w++) {
      workers.push(
        spawnPackageWorker(
          `scale-${index}-worker-${w}`,
          {
            address,
            taskQueue,
            hubspotBaseUrl: sim.baseUrl,
            token: config.token,
            maxRequestsPerSecond: run.budget,
            ...(run.maxConcurrentActivities === undefined
              ? {}
              : { maxConcurrentActivities: run.maxConcurrentActivities }),
            ...(run.workerEnv ? { extraEnv: run.workerEnv } : {}),
          },
          benchSpawnOptions(),
        ),
      );
    }
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) samplers.push(new RssSampler(w.pid));
    return Date.now();
  };
  try {
    const plans: Planned[] = Array.from({ length: run.workflows }, (_, i) => ({
      workflowId: `${taskQueue}-${i}`,
      taskId: '',
      finishMs: 0,
      expected: 'COMPLETE',
    }));
    let workersReadyAt = run.prestart ? NaN : await spawnWorkers();
    const cpuBefore = run.prestart ? 0 : workers.reduce((sum, w) => sum + (cpuMsOf(w.pid) ?? 0), 0);
    log(`scale: ${run.name}: starting ${run.workflows} workflows${run.prestart ? ' before the workers' : ''}`);
    const firstStart = Date.now();
    await mapLimit(plans, config.scale.startConcurrency, async (plan) => {
      const { script, expected, finishMs } = scriptFor(run, config, random);
      plan.taskId = sim.createTask(script);
      plan.expected = expected;
      plan.finishMs = finishMs;
      plan.startedAtMs = Date.now();
      const handle = await client.workflow.start('awaitFolderUpdate', {
        taskQueue,
        workflowId: plan.workflowId,
        args: [
          {
            taskId: plan.taskId,
            timeout: '1h',
            initialPollInterval: run.cadence.initialPollInterval,
            maxPollInterval: run.cadence.maxPollInterval,
            backoffCoefficient: run.cadence.backoffCoefficient,
            ...run.pollOptions,
          },
        ],
      });
      plan.firstRunId = handle.firstExecutionRunId;
    });
    const startMs = Date.now() - firstStart;
    log(`scale: ${run.name}: started in ${round(startMs / 1000, 1)} s`);
    let cpuStart = cpuBefore;
    if (run.prestart) {
      workersReadyAt = await spawnWorkers();
      cpuStart = workers.reduce((sum, w) => sum + (cpuMsOf(w.pid) ?? 0), 0);
    }

    const deadline = Date.now() + (run.drainTimeoutMs ?? config.scale.drainTimeoutMs);
    let running = run.workflows;
    let lastLog = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      running = await runningCount(client, taskQueue);
      if (Date.now() - lastLog > 15_000) {
        log(`scale: ${run.name}: ${running} running, ${sim.stats().requests} requests so far`);
        lastLog = Date.now();
      }
      if (running === 0) break;
    }
    // Visibility lags a little behind: make sure.
    if (running === 0) running = await runningCount(client, taskQueue);
    const workerCpuMs = workers.reduce((sum, w) => sum + (cpuMsOf(w.pid) ?? 0), 0) - cpuStart;
    const peakWorkerRssBytes = max(samplers.map((s) => s.stop()));

    const closeTimes = new Map<string, number>();
    const watchers = await endWatchers(client, taskQueue);
    for await (const info of client.workflow.list({ query: waitsOf(taskQueue) })) {
      if (info.status.name === 'CONTINUED_AS_NEW' || !info.closeTime) continue;
      closeTimes.set(info.workflowId, info.closeTime.getTime());
    }
    log(`scale: ${run.name}: ${running} still running; collecting ${closeTimes.size} outcomes`);
    let correct = 0;
    let pollCountMismatches = 0;
    let polls = 0;
    let completed = 0;
    const latencies: number[] = [];
    const excess: number[] = [];
    const ratios: number[] = [];
    // Each task's status requests, in order of arrival.
    const firstPollAt = new Map<string, number>();
    const pollTimes = new Map<string, number[]>();
    for (const e of sim.requestLog()) {
      if (e.method !== 'GET' || e.taskId === undefined) continue;
      if (!firstPollAt.has(e.taskId)) firstPollAt.set(e.taskId, e.at);
      pollTimes.set(e.taskId, [...(pollTimes.get(e.taskId) ?? []), e.at]);
    }
    // Latency in two parts: until the poll that saw the task terminal, then until the workflow closed.
    const untilPoll: number[] = [];
    const afterPoll: number[] = [];
    await mapLimit(plans, 100, async (plan) => {
      if (!closeTimes.has(plan.workflowId)) return;
      const ending = await endingOf(client, plan.workflowId);
      const task = sim.getTask(plan.taskId);
      const right = ending.ok
        ? plan.expected === 'COMPLETE' && ending.value.status === 'COMPLETE' && ending.value.taskId === plan.taskId
        : ending.type === plan.expected;
      if (right) correct += 1;
      if (ending.ok) {
        polls += ending.value.polls;
        completed += 1;
        if (ending.value.polls !== task?.polls) pollCountMismatches += 1;
      }
      const latency = (closeTimes.get(plan.workflowId) ?? NaN) - (task?.completedAt ?? NaN);
      // The interval in effect: the schedule's (un-jittered) wait after the last poll before the task turned terminal.
      // Jitter only shortens waits, so a poll that kept to the schedule is seen within it; lateness shows as excess.
      const times = pollTimes.get(plan.taskId) ?? [];
      const pollsBefore = times.filter((t) => t < (task?.completedAt ?? -Infinity)).length;
      const interval = cadenceDelayMs(run.cadence, Math.max(0, pollsBefore - 1));
      latencies.push(latency);
      excess.push(latency - interval);
      ratios.push(latency / interval);
      const seenAt = (pollTimes.get(plan.taskId) ?? []).find((t) => t >= (task?.completedAt ?? Infinity));
      if (seenAt !== undefined && task?.completedAt !== undefined) {
        untilPoll.push(seenAt - task.completedAt);
        afterPoll.push((closeTimes.get(plan.workflowId) ?? NaN) - seenAt);
      }
    });
    const lastClose = max([...closeTimes.values()]);
    const entries = sim.requestLog();
    const backlog = backlogOf(
      entries,
      plans,
      run,
      Number.isNaN(workersReadyAt) ? firstStart : workersReadyAt,
      firstStart,
    );
    const maxRequestsIn10s = entries.length > 0 ? sim.maxRequestsInWindow(10_000) : 0;
    return {
      name: run.name,
      workflows: run.workflows,
      workers: run.workers,
      budget: run.budget,
      correct,
      wrong: closeTimes.size - correct,
      stuck: run.workflows - closeTimes.size,
      pollCountMismatches,
      peakWorkerRssBytes,
      watchers,
      workerCpuMs: round(workerCpuMs, 0),
      startMs,
      drainMs: lastClose - firstStart,
      drainAfterWorkersReadyMs: lastClose - workersReadyAt,
      requests: entries.length,
      minimumRequests: run.workflows,
      requestsPerTask: round(entries.length / run.workflows, 2),
      pollsPerTask: round(polls / Math.max(1, completed), 2),
      latencyP50Ms: round(percentile(latencies, 50), 0),
      latencyP99Ms: round(percentile(latencies, 99), 0),
      latencyExcessP99Ms: round(percentile(excess, 99), 0),
      latencyRatioP99: round(percentile(ratios, 99), 2),
      latencyUntilPollP99Ms: round(percentile(untilPoll, 99), 0),
      latencyAfterPollP99Ms: round(percentile(afterPoll, 99), 0),
      ...(backlog ? { backlog } : {}),
      maxRequestsIn10s,
      maxRequestsIn1s: entries.length > 0 ? sim.maxRequestsInWindow(1000) : 0,
      budgetExceeded: maxRequestsIn10s > run.budget * 10,
    };
  } finally {
    for (const s of samplers) s.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await sim.stop();
  }
}

/** Slack before a poll counts as overdue, in milliseconds: the time one request and its bookkeeping take. */
const OVERDUE_SLACK_MS = 100;

/**
 * When there was a backlog: the union of the spans during which some task's poll was overdue. A task's first poll
 * is due when its workflow has started and a worker runs (`readyAtMs`); each later poll is due one un-jittered
 * interval after the previous one (jitter only shortens waits, so this is the latest it is due). A poll served more
 * than {@link OVERDUE_SLACK_MS} after it was due waited in the backlog from its due time until it was served.
 */
function backlogOf(
  entries: RequestLogEntry[],
  plans: Planned[],
  run: ScaleRun,
  readyAtMs: number,
  firstStart: number,
): ScaleRunResult['backlog'] {
  const byTask = new Map<string, number[]>();
  for (const e of entries)
    if (e.taskId !== undefined) (byTask.get(e.taskId) ?? byTask.set(e.taskId, []).get(e.taskId))?.push(e.at);
  const spans: Array<[number, number]> = [];
  for (const plan of plans) {
    const times = byTask.get(plan.taskId) ?? [];
    let due = Math.max(plan.startedAtMs ?? firstStart, readyAtMs);
    times.forEach((at, n) => {
      if (at > due + OVERDUE_SLACK_MS) spans.push([due, at]);
      due = at + cadenceDelayMs(run.cadence, n);
    });
  }
  if (spans.length === 0) return undefined;
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  const durationMs = merged.reduce((sum, [a, b]) => sum + (b - a), 0);
  const requests = entries.filter((e) => merged.some(([a, b]) => e.at >= a && e.at <= b)).length;
  const ratePerSecond = durationMs > 0 ? (requests * 1000) / durationMs : NaN;
  return {
    periods: merged.length,
    durationMs,
    requests,
    ratePerSecond: round(ratePerSecond, 1),
    shareOfBudget: round(ratePerSecond / run.budget, 3),
  };
}

/** Runs part b: every configured run, one after the other, on one dev server. */
export async function runScale(config: BenchConfig, log: (line: string) => void): Promise<ScaleResults> {
  log('scale: starting the dev server');
  const server = await startBenchDevServer();
  try {
    const runs: ScaleRunResult[] = [];
    for (const [index, run] of config.scale.runs.entries()) {
      runs.push(await runOne(run, index, config, server.env.client, server.env.address, log));
      const last = runs[runs.length - 1] as ScaleRunResult;
      log(
        `scale: ${run.name}: ${last.correct}/${last.workflows} correct, drained in ${round(last.drainMs / 1000, 1)} s`,
      );
    }
    return { runs };
  } finally {
    await server.env.teardown();
  }
}
