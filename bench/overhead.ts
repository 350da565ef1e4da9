/**
 * Part a: per-poll overhead of the ways to wait (`overhead-ways.ts`) on the same scripted tasks, side by side in one
 * run on the CLI dev server (real time), and the worker CPU per early-window poll against the plain loop
 * (`early-window-cpu.ts`).
 *
 * Every (way, cadence) has its own process, so that its CPU time is its own, and every (way, cadence, length) its own
 * namespace, so that the dev server's heartbeat counter can be split by it. Tasks turn COMPLETE a known time after
 * they are requested (`TaskLength.ms`).
 */
import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { HubSpotSimulator } from '../src/simulator';
import type { FolderUpdateResult } from '../src/workflows';
import { ROOT, spawnTs, type ManagedProcess } from '../test/helpers/processes';
import { mapLimit } from '../test/helpers/waiting';
import { metricNamespace, serverCounts } from './actions';
import type { BenchConfig, Cadence, TaskLength } from './config';
import { EARLY_WINDOW_CPU_NAMESPACE, prepareEarlyWindowCpu, UNCHECKED_NAMESPACE } from './early-window-cpu';
import { historyStats } from './history-stats';
import { cpuOf, rowOf, type OverheadCpu, type OverheadResults, type OverheadRow } from './overhead-rows';
import {
  clientFor,
  earlyWindowMsOf,
  namespaceOf,
  startWait,
  createTaskFor,
  TASK_QUEUE,
  TEMPORAL_WAYS,
  WAYS,
  wayOf,
  type Wait,
} from './overhead-ways';
import { runPlainLoopJob } from './plain-loop-job';
import { cpuMsOf } from './proc-stats';
import { benchSpawnOptions } from './processes';
import { buildWorkflowBundle, startBenchDevServer } from './servers';
import { max, round } from './stats';

export type { OverheadCpu, OverheadResults, OverheadRow } from './overhead-rows';
export { WAYS, type Way } from './overhead-ways';

/**
 * Gap between two starts in one (way, cadence) group, in milliseconds. The eight Temporal groups start side by side, so
 * about 23 workflows a second reach the dev server: below what this 2-core box turns over (about 39 a second), so that
 * no measured wait pays for a start burst (queued first workflow tasks, workflow-task timeouts) instead of its own cost.
 */
const START_SPACING_MS = 350;

/** Spawns the process of one (way, cadence): a bench worker for its namespaces, or the plain loop. */
function spawnGroup(
  way: (typeof WAYS)[number],
  cadence: Cadence,
  lengths: TaskLength[],
  env: { address: string; baseUrl: string; token: string; bundlePath: string },
): ManagedProcess {
  const name = `overhead-${way}-${cadence.name}`;
  if (way === 'plain-loop') {
    return spawnTs(name, `${ROOT}/bench/plain-loop.ts`, {}, /plain loop ready/, benchSpawnOptions(true));
  }
  const namespaces = lengths.map((l) => namespaceOf(way, cadence, l)).join(',');
  return spawnTs(
    name,
    `${ROOT}/bench/bench-worker.ts`,
    {
      TEMPORAL_ADDRESS: env.address,
      BENCH_NAMESPACES: namespaces,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      HUBSPOT_BASE_URL: env.baseUrl,
      HUBSPOT_ACCESS_TOKEN: env.token,
      BENCH_BUNDLE_PATH: env.bundlePath,
    },
    /bench worker ready/,
    benchSpawnOptions(),
  );
}

/** Runs part a against `sim` and returns its figures. */
export async function runOverhead(
  config: BenchConfig,
  sim: HubSpotSimulator,
  log: (line: string) => void,
): Promise<OverheadResults> {
  const { cadences, lengths, tasksPerLength } = config.overhead;
  const namespaces = TEMPORAL_WAYS.flatMap((way) =>
    cadences.flatMap((c) => lengths.map((l) => namespaceOf(way, c, l))),
  );
  log(`overhead: starting the dev server with ${namespaces.length + 2} namespaces and bundling the workflows`);
  const [server, bundlePath] = await Promise.all([
    startBenchDevServer([...namespaces, EARLY_WINDOW_CPU_NAMESPACE, UNCHECKED_NAMESPACE]),
    buildWorkflowBundle(),
  ]);
  const processes = new Map<string, ManagedProcess>();
  const env = { address: server.env.address, baseUrl: sim.baseUrl, token: config.token, bundlePath };
  const earlyWindowCpu = prepareEarlyWindowCpu(
    config,
    sim,
    { address: env.address, client: server.env.client },
    bundlePath,
  );
  try {
    for (const way of WAYS) {
      for (const cadence of cadences) processes.set(`${way}/${cadence.name}`, spawnGroup(way, cadence, lengths, env));
    }
    await Promise.all([...[...processes.values()].map((p) => p.ready), earlyWindowCpu.ready]);
    const clients = new Map(namespaces.map((ns) => [ns, clientFor(server.env.client, ns)]));
    // Warm up every namespace and task queue with one wait each, so that no measured wait pays for a cold start.
    log('overhead: warming up every namespace');
    await mapLimit(namespaces, 10, async (ns) => {
      const wait: Wait = {
        way: wayOf(ns),
        cadence: cadences[0] as Cadence,
        length: lengths[0] as TaskLength,
        namespace: ns,
        taskId: createTaskFor(sim, wayOf(ns), { pendingPolls: 0, processingPolls: 0 }),
      };
      await startWait(clients.get(ns) as Client, wait, -1, config);
      await wait.handle?.result();
    });
    await new Promise((r) => setTimeout(r, 1000));
    const countsBefore = await serverCounts(server.metricsUrl);

    const waits: Wait[] = [];
    for (const way of WAYS) {
      for (const cadence of cadences) {
        for (const length of lengths) {
          for (let i = 0; i < tasksPerLength; i++) {
            waits.push({ way, cadence, length, namespace: namespaceOf(way, cadence, length), taskId: '' });
          }
        }
      }
    }
    const cpuBefore = new Map([...processes].map(([key, p]) => [key, cpuMsOf(p.pid) ?? NaN]));
    const cpuAfter = new Map<string, number>();
    const startedAt = Date.now();
    log(
      `overhead: waiting on ${waits.length} scripted tasks (the longest finishes after ${max(lengths.map((l) => l.ms)) / 1000} s), ` +
        `and measuring early-window CPU on ${config.overhead.earlyWindowCpuTasks} more`,
    );

    const earlyWindowCpuDone = earlyWindowCpu.measure();
    const groupDone: Promise<void>[] = [];
    for (const way of WAYS) {
      for (const cadence of cadences) {
        const key = `${way}/${cadence.name}`;
        const group = waits.filter((w) => w.way === way && w.cadence === cadence);
        const proc = processes.get(key) as ManagedProcess;
        if (way === 'plain-loop') {
          groupDone.push(
            runPlainLoop(proc, group, cadence, sim, config).then((cpuMs) => {
              cpuAfter.set(key, cpuMs);
              cpuBefore.set(key, 0);
            }),
          );
          continue;
        }
        groupDone.push(
          mapLimit(group, group.length, async (wait, index) => {
            await new Promise((r) => setTimeout(r, index * START_SPACING_MS));
            wait.taskId = createTaskFor(sim, way, {
              pendingPolls: 0,
              processingPolls: 0,
              processingMs: wait.length.ms,
            });
            await startWait(clients.get(wait.namespace) as Client, wait, index, config);
          }).then(async () => {
            await Promise.all(
              group.map(async (wait) => {
                try {
                  const value = (await wait.handle?.result()) as FolderUpdateResult | undefined;
                  if (value) wait.result = { status: value.status, taskId: value.taskId, polls: value.polls };
                } catch (err) {
                  log(`overhead: ${wait.namespace} failed: ${String(err)}`);
                }
              }),
            );
            cpuAfter.set(key, cpuMsOf(proc.pid) ?? NaN);
          }),
        );
      }
    }
    await Promise.all(groupDone);
    const wallMs = Date.now() - startedAt;
    const earlyWindow = await earlyWindowCpuDone;
    await new Promise((r) => setTimeout(r, 1000));
    const countsAfter = await serverCounts(server.metricsUrl);
    log(`overhead: all waits ended after ${round(wallMs / 1000, 1)} s; reading histories`);

    await mapLimit(
      waits.filter((w) => w.handle),
      20,
      async (wait) => {
        const handle = wait.handle as WorkflowHandleWithFirstExecutionRunId;
        wait.history = await historyStats(
          clients.get(wait.namespace) as Client,
          handle.workflowId,
          handle.firstExecutionRunId,
        );
        wait.deliveredAtMs = wait.history.closedAtMs;
      },
    );

    const rows: OverheadRow[] = [];
    const cpu: OverheadCpu[] = [];
    for (const way of WAYS) {
      for (const cadence of cadences) {
        for (const length of lengths) {
          const group = waits.filter((w) => w.way === way && w.cadence === cadence && w.length === length);
          const m = metricNamespace(namespaceOf(way, cadence, length));
          const delta = (c: Record<string, number>, b: Record<string, number>) =>
            way === 'plain-loop' ? 0 : (c[m] ?? 0) - (b[m] ?? 0);
          const counts = {
            heartbeats: delta(countsAfter.heartbeats, countsBefore.heartbeats),
            serverActions: delta(countsAfter.actions, countsBefore.actions),
          };
          rows.push(rowOf(way, cadence, length, group, counts, sim, earlyWindowMsOf(way, config)));
        }
        const key = `${way}/${cadence.name}`;
        cpu.push(cpuOf(way, cadence, waits, (cpuAfter.get(key) ?? NaN) - (cpuBefore.get(key) ?? NaN)));
      }
    }
    return { earlyWindowMs: config.overhead.earlyWindowMs, rows, cpu, earlyWindowCpu: earlyWindow, wallMs };
  } finally {
    await Promise.all([...[...processes.values()].map((p) => p.stop()), earlyWindowCpu.stop()]);
    await server.env.teardown();
  }
}

/** Runs one plain-loop group: sends its tasks, sets each wait's outcome, and resolves with the loop's CPU in ms. */
async function runPlainLoop(
  proc: ManagedProcess,
  group: Wait[],
  cadence: Cadence,
  sim: HubSpotSimulator,
  config: BenchConfig,
): Promise<number> {
  for (const wait of group)
    wait.taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0, processingMs: wait.length.ms });
  const target = { baseUrl: sim.baseUrl, token: config.token };
  const report = await runPlainLoopJob(
    proc,
    target,
    group.map((w) => w.taskId),
    cadence,
  );
  const byTask = new Map(report.outcomes.map((o) => [o.taskId, o]));
  for (const wait of group) {
    const outcome = byTask.get(wait.taskId);
    if (!outcome) continue;
    wait.result = outcome;
    wait.deliveredAtMs = outcome.deliveredAtMs;
  }
  return report.cpuMs;
}
