/**
 * Part a's worker CPU per early-window poll (issue 12 item 5): the package's early-window poller against the plain
 * fetch loop on the same tasks, side by side. One bench worker process (one namespace, `bench-worker.ts`) runs
 * `awaitFolderUpdate` on tasks that all finish inside its early window, at part a's fixed cadence, while a plain-loop
 * process (`plain-loop.ts`) polls as many tasks of the same length at the same cadence, and a third process runs the
 * worker's waits with `cancellationCheck: false`, to show what the describe check before each read costs. The worker's figure is its
 * whole process (JS and the Rust core threads, idle pollers included) over the waits, per status poll; the plain loop's
 * its own CPU over its waits. Both include their per-wait set-up (the worker's: the workflow start, its workflow tasks
 * and the poller activity), which the tasks' length (0.85 × the window) spreads over some 50 polls.
 */
import type { Client } from '@temporalio/client';
import type { HubSpotSimulator } from '../src/simulator';
import type { FolderUpdateResult } from '../src/workflows';
import { durationMs } from '../src/common/duration';
import { ROOT, spawnTs, type ManagedProcess } from '../test/helpers/processes';
import type { BenchConfig, Cadence } from './config';
import { awaitInputOf, clientFor, TASK_QUEUE } from './overhead-ways';
import { runPlainLoopJob } from './plain-loop-job';
import { cpuMsOf } from './proc-stats';
import { benchSpawnOptions } from './processes';
import { round } from './stats';

/** The namespace of the measured worker (created with part a's dev server). */
export const EARLY_WINDOW_CPU_NAMESPACE = 'bench-early-window-cpu';
/** The namespace of the same worker without the cancellation check. */
export const UNCHECKED_NAMESPACE = 'bench-early-window-cpu-unchecked';

/** When the tasks finish, as a share of the early window: late in it, so that each wait makes many polls. */
const TASK_SHARE_OF_WINDOW = 0.85;

/** One side's CPU: milliseconds in all, status polls, milliseconds per poll. */
export interface CpuPerPoll {
  cpuMs: number;
  polls: number;
  cpuMsPerPoll: number;
}

/** The measurement's figures. */
export interface EarlyWindowCpu {
  cadence: string;
  /** Each task's length, in milliseconds. */
  taskMs: number;
  /** Waits on each side. */
  tasks: number;
  worker: CpuPerPoll;
  /** The same worker with `cancellationCheck: false`: what the describe check before each read costs. */
  withoutCancellationCheck: CpuPerPoll;
  plainLoop: CpuPerPoll;
  /** Worker CPU per poll over the plain loop's. */
  ratio: number;
}

function perPoll(cpuMs: number, polls: number): CpuPerPoll {
  return { cpuMs: round(cpuMs, 0), polls, cpuMsPerPoll: round(cpuMs / polls, 3) };
}

/** The two processes, started (and ready) before the measurement so that their start-up is not counted. */
export interface EarlyWindowCpuRun {
  ready: Promise<unknown>;
  /** Runs the waits on both sides at once and returns the figures. */
  measure(): Promise<EarlyWindowCpu>;
  stop(): Promise<void>;
}

/** Prepares the measurement on part a's dev server (`address`, `baseClient`) and workflow bundle. */
export function prepareEarlyWindowCpu(
  config: BenchConfig,
  sim: HubSpotSimulator,
  server: { address: string; client: Client },
  bundlePath: string,
): EarlyWindowCpuRun {
  const { cadences, earlyWindowMs, earlyWindowCpuTasks: tasks } = config.overhead;
  const cadence = cadences[cadences.length - 1] as Cadence;
  const taskMs = Math.round(earlyWindowMs * TASK_SHARE_OF_WINDOW);
  const spawnWorker = (namespace: string, cancellationCheck: boolean) =>
    spawnTs(
      namespace,
      `${ROOT}/bench/bench-worker.ts`,
      {
        TEMPORAL_ADDRESS: server.address,
        BENCH_NAMESPACES: namespace,
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        HUBSPOT_BASE_URL: sim.baseUrl,
        HUBSPOT_ACCESS_TOKEN: config.token,
        BENCH_BUNDLE_PATH: bundlePath,
        BENCH_CANCELLATION_CHECK: cancellationCheck ? undefined : 'off',
      },
      /bench worker ready/,
      benchSpawnOptions(),
    );
  const worker = spawnWorker(EARLY_WINDOW_CPU_NAMESPACE, true);
  const uncheckedWorker = spawnWorker(UNCHECKED_NAMESPACE, false);
  const loop = spawnTs('early-window-cpu-loop', `${ROOT}/bench/plain-loop.ts`, {}, /plain loop ready/, {
    ...benchSpawnOptions(true),
  });
  const wait = async (namespace: string, id: string, taskMs: number): Promise<number> => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0, processingMs: taskMs });
    const handle = await clientFor(server.client, namespace).workflow.start('awaitFolderUpdate', {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [awaitInputOf('hybrid', taskId, cadence, config)],
    });
    return ((await handle.result()) as FolderUpdateResult).polls;
  };
  const measureWorker = async (proc: ManagedProcess, namespace: string): Promise<CpuPerPoll> => {
    await wait(namespace, `${namespace}-warm-up`, durationMs(cadence.initialPollInterval) * 2);
    const before = cpuMsOf(proc.pid) ?? NaN;
    const spacingMs = durationMs(cadence.initialPollInterval) / tasks;
    const polls = await Promise.all(
      Array.from({ length: tasks }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * spacingMs));
        return wait(namespace, `${namespace}-${i}`, taskMs);
      }),
    );
    return perPoll(
      (cpuMsOf(proc.pid) ?? NaN) - before,
      polls.reduce((a, b) => a + b, 0),
    );
  };
  const measureLoop = async (): Promise<CpuPerPoll> => {
    const taskIds = Array.from({ length: tasks }, () =>
      sim.createTask({ pendingPolls: 0, processingPolls: 0, processingMs: taskMs }),
    );
    const report = await runPlainLoopJob(loop, { baseUrl: sim.baseUrl, token: config.token }, taskIds, cadence);
    return perPoll(
      report.cpuMs,
      report.outcomes.reduce((sum, o) => sum + o.polls, 0),
    );
  };
  return {
    ready: Promise.all([worker.ready, uncheckedWorker.ready, loop.ready]),
    async measure() {
      const [w, u, l] = await Promise.all([
        measureWorker(worker, EARLY_WINDOW_CPU_NAMESPACE),
        measureWorker(uncheckedWorker, UNCHECKED_NAMESPACE),
        measureLoop(),
      ]);
      return {
        cadence: cadence.name,
        taskMs,
        tasks,
        worker: w,
        withoutCancellationCheck: u,
        plainLoop: l,
        ratio: round(w.cpuMsPerPoll / l.cpuMsPerPoll, 2),
      };
    },
    async stop() {
      await Promise.all([worker.stop(), uncheckedWorker.stop(), loop.stop()]);
    },
  };
}
