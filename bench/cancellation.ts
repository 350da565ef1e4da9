/**
 * Part e of `npm run bench`: how fast a cancelled wait's early-window poller stops polling HubSpot (issue 12 item 4),
 * for each design side by side in one run, on the CLI dev server against the simulator:
 *
 * - heartbeat only (the path before issue 12 item 4, `cancellationCheck: false`): the poller learns of the
 *   cancellation from the answer to its next heartbeat, once per 0.8 × the heartbeat timeout;
 * - the `describe()` check (`describeCancellationCheck`, the default before): one `DescribeWorkflowExecution` through
 *   the worker's client before each in-window read after the first;
 * - the close watch (the default, `closeWatchCancellationCheck`): one long poll on the run's close event per poller,
 *   the check before each read a flag (its first one also describes).
 *
 * Each design runs in a namespace of its own (so that the server's heartbeat and action counters split by design),
 * `runs` waits at once at a fixed 2 s cadence inside a 2-minute window. The cancels are spread over one cadence (run
 * i is cancelled i × 2 s / runs after all have read twice), then the bench watches the simulator for
 * {@link OBSERVE_MS}. A workflow sink (a worker-local channel from the workflow to its poller) is not measured: it
 * reaches the poller only when both run in the same worker process, so it cannot be the only mechanism (README).
 */
import { Client, WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import {
  closeWatchCancellationCheck,
  createActivities,
  describeCancellationCheck,
  type ActivityDeps,
  type CancellationCheck,
} from '../src/activities';
import type { HubSpotSimulator } from '../src/simulator';
import { awaitFolderUpdate } from '../src/workflows';
import { metricNamespace, serverCounts } from './actions';
import { buildWorkflowBundle, startBenchDevServer } from './servers';
import { max, mean, percentile, round } from './stats';

/** How long the bench watches for status requests after the cancels, in milliseconds: past one 24 s heartbeat throttle. */
export const OBSERVE_MS = 32_000;

/** The cadence of every measured wait, in milliseconds (the case). */
const CADENCE_MS = 2_000;

/** One design's figures. */
export interface CancellationRow {
  design: string;
  runs: number;
  /** Status requests the simulator answered for a task after its workflow was closed as cancelled: mean and max. */
  requestsAfterMean: number;
  requestsAfterMax: number;
  /** The latest of those requests, in milliseconds after the close (0 when there was none). */
  lastRequestAfterMsMax: number;
  /** Heartbeats that reached the server, and the server's own count of billable actions, from the cancels on. */
  heartbeatsAfter: number;
  actionsAfter: number;
  /** Cancellation checks made per status request read, over the whole run (0 for heartbeat only). */
  checksPerPoll: number;
  /** How long one check took, in milliseconds (NaN when none was made). */
  checkP50Ms: number;
  checkP99Ms: number;
}

/** Part e's results. */
export interface CancellationResults {
  cadenceMs: number;
  observeMs: number;
  rows: CancellationRow[];
}

interface Design {
  design: string;
  namespace: string;
  deps: (latencies: number[]) => Partial<ActivityDeps>;
}

const DESIGNS: Design[] = [
  {
    design: 'heartbeat only (before)',
    namespace: 'bench-cancel-heartbeat',
    deps: () => ({ cancellationCheck: false }),
  },
  {
    design: 'describe() check before each read',
    namespace: 'bench-cancel-describe',
    deps: (latencies) => ({ cancellationCheck: timed(describeCancellationCheck, latencies) }),
  },
  {
    design: 'close-event long poll (default)',
    namespace: 'bench-cancel-close-watch',
    deps: (latencies) => ({ cancellationCheck: timed(closeWatchCancellationCheck, latencies) }),
  },
];

/** `check`, recording how long each call takes. */
function timed(check: CancellationCheck, latencies: number[]): CancellationCheck {
  return async (ctx, done) => {
    const started = performance.now();
    try {
      return await check(ctx, done);
    } finally {
      latencies.push(performance.now() - started);
    }
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs every design at once, `runs` waits each. */
export async function runCancellation(
  runs: number,
  sim: HubSpotSimulator,
  log: (line: string) => void,
): Promise<CancellationResults> {
  const server = await startBenchDevServer(DESIGNS.map((d) => d.namespace));
  try {
    const codePath = await buildWorkflowBundle();
    log(`cancellation: ${DESIGNS.length} designs × ${runs} waits at ${CADENCE_MS} ms, watched ${OBSERVE_MS / 1000} s`);
    const rows = await Promise.all(DESIGNS.map((d) => runDesign(d, runs, sim, server, codePath)));
    return { cadenceMs: CADENCE_MS, observeMs: OBSERVE_MS, rows };
  } finally {
    await server.env.teardown();
  }
}

async function runDesign(
  d: Design,
  runs: number,
  sim: HubSpotSimulator,
  server: Awaited<ReturnType<typeof startBenchDevServer>>,
  codePath: string,
): Promise<CancellationRow> {
  const latencies: number[] = [];
  const taskQueue = `bench-cancel-${d.namespace}`;
  const activities = createActivities({
    baseUrl: sim.baseUrl,
    token: 'sim-token',
    maxRequestsPerSecond: Infinity,
    ...d.deps(latencies),
  });
  const worker = await Worker.create({
    connection: server.env.nativeConnection,
    namespace: d.namespace,
    taskQueue,
    workflowBundle: { codePath },
    activities,
  });
  const client = new Client({ connection: server.env.connection, namespace: d.namespace });
  const reads = (taskId: string) => sim.getTask(taskId)?.polls ?? 0;
  return worker.runUntil(async () => {
    const cadence = { initialPollInterval: CADENCE_MS, maxPollInterval: CADENCE_MS, backoffCoefficient: 1 };
    const tasks = Array.from({ length: runs }, () => sim.createTask({ pendingPolls: 1_000_000_000 }));
    const handles = await Promise.all(
      tasks.map((taskId, i) =>
        client.workflow.start(awaitFolderUpdate, {
          taskQueue,
          workflowId: `${d.namespace}-${i}-${Date.now()}`,
          args: [{ taskId, ...cadence, earlyWindow: '2m' }],
        }),
      ),
    );
    while (tasks.some((t) => reads(t) < 2)) await sleep(50);
    const ns = metricNamespace(d.namespace);
    const before = await serverCounts(server.metricsUrl);
    const closes = await Promise.all(
      handles.map(async (h, i) => {
        await sleep((i * CADENCE_MS) / runs);
        await h.cancel();
        const err = await h.result().then(
          () => undefined,
          (e: unknown) => e,
        );
        if (!(err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure)) {
          throw new Error(`${h.workflowId} did not end cancelled: ${String(err)}`);
        }
        return { at: Date.now(), reads: reads(tasks[i] as string) };
      }),
    );
    const last = closes.map((c) => ({ reads: c.reads, at: c.at }));
    const until = Date.now() + OBSERVE_MS;
    while (Date.now() < until) {
      tasks.forEach((t, i) => {
        const seen = last[i] as { reads: number; at: number };
        if (reads(t) !== seen.reads) last[i] = { reads: reads(t), at: Date.now() };
      });
      await sleep(100);
    }
    const after = await serverCounts(server.metricsUrl);
    const requestsAfter = tasks.map((t, i) => reads(t) - (closes[i] as { reads: number }).reads);
    const lastAfterMs = last.map((l, i) => (requestsAfter[i] ? l.at - (closes[i] as { at: number }).at : 0));
    const totalReads = tasks.reduce((sum, t) => sum + reads(t), 0);
    return {
      design: d.design,
      runs,
      requestsAfterMean: round(mean(requestsAfter), 1),
      requestsAfterMax: max(requestsAfter),
      lastRequestAfterMsMax: Math.round(max(lastAfterMs)),
      heartbeatsAfter: (after.heartbeats[ns] ?? 0) - (before.heartbeats[ns] ?? 0),
      actionsAfter: (after.actions[ns] ?? 0) - (before.actions[ns] ?? 0),
      checksPerPoll: round(latencies.length / totalReads),
      checkP50Ms: round(percentile(latencies, 50), 1),
      checkP99Ms: round(percentile(latencies, 99), 1),
    };
  });
}

/** Part e's target, judged on the default design: ≤ 1 request after the close, and no more actions than before. */
export function cancellationTargets(
  results: CancellationResults | undefined,
): { target: string; status: 'met' | 'not met' | 'not run'; figure: string }[] {
  const target = 'Cancellation: once cancelled, the poller makes ≤ 1 more HubSpot request, at no extra actions';
  const [old] = results?.rows ?? [];
  const now = results?.rows.at(-1);
  if (!old || !now) return [{ target, status: 'not run', figure: 'part e not run' }];
  const ok = now.requestsAfterMax <= 1 && now.heartbeatsAfter === 0 && now.actionsAfter <= old.actionsAfter;
  const figure =
    `max ${now.requestsAfterMax} requests, ${now.heartbeatsAfter} heartbeats, ${now.actionsAfter} actions; ` +
    `heartbeat only: max ${old.requestsAfterMax}, ${old.heartbeatsAfter} heartbeats, ${old.actionsAfter} actions`;
  return [{ target, status: ok ? 'met' : 'not met', figure }];
}

/** A table of both designs, for the bench's report. */
export function renderCancellation(results: CancellationResults): string {
  const lines = [
    '| design | waits | requests after the close (mean / max) | last one after the close | heartbeats after | actions after | checks per poll | check p50 / p99 |',
    '| --- | --: | --: | --: | --: | --: | --: | --: |',
    ...results.rows.map(
      (r) =>
        `| ${r.design} | ${r.runs} | ${r.requestsAfterMean} / ${r.requestsAfterMax} | ${r.lastRequestAfterMsMax} ms | ` +
        `${r.heartbeatsAfter} | ${r.actionsAfter} | ${r.checksPerPoll} | ${r.checkP50Ms} / ${r.checkP99Ms} ms |`,
    ),
  ];
  const head = `\n## e. Cancellation of the early window (${results.cadenceMs} ms cadence, watched ${results.observeMs / 1000} s)\n\n`;
  return `${head}${lines.join('\n')}\n`;
}
