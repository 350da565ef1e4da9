/**
 * Part a: per-poll overhead of four ways to wait on the same scripted tasks, side by side in one run on the CLI dev
 * server (real time):
 *
 * - `hybrid`: `awaitFolderUpdate` with its early window (the package default, or the configured one);
 * - `workflow-loop`: `awaitFolderUpdate` with `earlyWindow: 0`, one activity and one durable timer per poll;
 * - `infrequent-polling`: Temporal's pattern where the activity's server-side retries are the loop;
 * - `plain-loop`: fetch plus setTimeout in a child process, no Temporal.
 *
 * Every (way, cadence) has its own process, so that its CPU time is its own, and every (way, cadence, length) its own
 * namespace, so that the dev server's heartbeat counter can be split by it. Tasks turn COMPLETE a known time after
 * they are requested (`TaskLength.ms`).
 */
import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { HubSpotSimulator } from '../src/simulator';
import type { awaitFolderUpdate, FolderUpdateResult } from '../src/workflows';
import { durationMs } from '../src/common/duration';
import { ROOT, spawnTs, type ManagedProcess } from '../test/helpers/processes';
import { mapLimit } from '../test/helpers/waiting';
import { metricNamespace, serverCounts } from './actions';
import type { BenchConfig, Cadence, TaskLength } from './config';
import { intervalInEffectMs } from './config';
import { historyStats, type HistoryStats } from './history-stats';
import type { InfrequentPollingInput } from './infrequent-polling-workflow';
import type { PlainLoopJob, PlainLoopReport } from './plain-loop';
import { cpuMsOf } from './proc-stats';
import { benchSpawnOptions } from './processes';
import { buildWorkflowBundle, startBenchDevServer } from './servers';
import { max, mean, percentile, round } from './stats';

/** The four ways to wait. */
export const WAYS = ['hybrid', 'workflow-loop', 'infrequent-polling', 'plain-loop'] as const;
export type Way = (typeof WAYS)[number];

/** The input of `awaitFolderUpdate` with the hybrid's `earlyWindow`, also before the hybrid has landed. */
type AwaitInput = Parameters<typeof awaitFolderUpdate>[0] & { earlyWindow?: Duration };

/** Figures of one (way, cadence, length). Times in milliseconds; `*PerTask` are means over its tasks. */
export interface OverheadRow {
  way: Way;
  cadence: string;
  length: string;
  lengthMs: number;
  tasks: number;
  correct: number;
  pollsPerTask: number;
  /** History events of a whole wait (all runs); 0 for the plain loop. */
  eventsPerTask: number;
  maxEventsPerTask: number;
  eventsPerPoll: number;
  /** The most events one later poll added (between two `getFolderUpdateStatus` schedules); 0 when none. */
  maxEventsPerLaterPoll: number;
  /** The longest run's history, in events. */
  peakRunEvents: number;
  /** Temporal Cloud actions per wait, heartbeats included (see `actions.ts`). */
  actionsPerTask: number;
  /** Of which heartbeats that reached the server. */
  heartbeatsPerTask: number;
  /** The dev server's own count of billable actions (`action` metric) per wait, as a cross-check. */
  serverActionsPerTask: number;
  /** Detection latency: the task turning terminal in the simulator → the result delivered. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Latency divided by the poll interval in effect at completion (`intervalInEffectMs`). */
  latencyRatioP50: number;
  latencyRatioP99: number;
}

/** CPU of one (way, cadence) process. */
export interface OverheadCpu {
  way: Way;
  cadence: string;
  /** CPU time the process used while the waits ran (startup excluded), in milliseconds. */
  cpuMs: number;
  polls: number;
  cpuMsPerPoll: number;
}

/** Part a's figures. */
export interface OverheadResults {
  earlyWindowMs: number;
  rows: OverheadRow[];
  cpu: OverheadCpu[];
  wallMs: number;
}

interface Wait {
  way: Way;
  cadence: Cadence;
  length: TaskLength;
  namespace: string;
  taskId: string;
  handle?: WorkflowHandleWithFirstExecutionRunId;
  result?: { status: string; taskId: string; polls: number };
  deliveredAtMs?: number;
  history?: HistoryStats;
}

const TASK_QUEUE = 'bench-overhead';

function namespaceOf(way: Way, cadence: Cadence, length: TaskLength): string {
  return `bench-${way}-${cadence.name}-${length.name}`;
}

function pollInput(
  cadence: Cadence,
): Pick<AwaitInput, 'initialPollInterval' | 'maxPollInterval' | 'backoffCoefficient'> {
  return {
    initialPollInterval: cadence.initialPollInterval,
    maxPollInterval: cadence.maxPollInterval,
    backoffCoefficient: cadence.backoffCoefficient,
  };
}

async function startWait(client: Client, wait: Wait, index: number, config: BenchConfig): Promise<void> {
  const workflowId = `${wait.namespace}-${index}`;
  const base = { taskQueue: TASK_QUEUE, workflowId };
  if (wait.way === 'infrequent-polling') {
    const input: InfrequentPollingInput = {
      taskId: wait.taskId,
      initialPollIntervalMs: durationMs(wait.cadence.initialPollInterval),
      backoffCoefficient: wait.cadence.backoffCoefficient,
      maxPollIntervalMs: durationMs(wait.cadence.maxPollInterval),
      timeoutMs: 3_600_000,
    };
    wait.handle = await client.workflow.start('infrequentPollingAwait', { ...base, args: [input] });
    return;
  }
  const input: AwaitInput = { taskId: wait.taskId, timeout: '1h', ...pollInput(wait.cadence) };
  if (wait.way === 'workflow-loop') input.earlyWindow = 0;
  else if (config.overhead.earlyWindow !== undefined) input.earlyWindow = config.overhead.earlyWindow;
  wait.handle = await client.workflow.start('awaitFolderUpdate', { ...base, args: [input] });
}

function clientFor(base: Client, namespace: string): Client {
  return new (base.constructor as typeof Client)({ connection: base.connection, namespace });
}

/** Runs part a against `sim` and returns its figures. */
/**
 * Gap between two starts in one (way, cadence) group, in milliseconds. The six groups start side by side, so about 24
 * workflows a second reach the dev server: below what this 2-core box turns over (about 39 a second), so that no
 * measured wait pays for a start burst (queued first workflow tasks, workflow-task timeouts) instead of its own cost.
 */
const START_SPACING_MS = 250;

export async function runOverhead(
  config: BenchConfig,
  sim: HubSpotSimulator,
  log: (line: string) => void,
): Promise<OverheadResults> {
  const { cadences, lengths, tasksPerLength } = config.overhead;
  const temporalWays = WAYS.filter((w) => w !== 'plain-loop');
  const namespaces = temporalWays.flatMap((way) => cadences.flatMap((c) => lengths.map((l) => namespaceOf(way, c, l))));
  log(`overhead: starting the dev server with ${namespaces.length} namespaces and bundling the workflows`);
  const [server, bundlePath] = await Promise.all([startBenchDevServer(namespaces), buildWorkflowBundle()]);
  const processes = new Map<string, ManagedProcess>();
  try {
    for (const way of WAYS) {
      for (const cadence of cadences) {
        const key = `${way}/${cadence.name}`;
        const name = `overhead-${way}-${cadence.name}`;
        if (way === 'plain-loop') {
          processes.set(
            key,
            spawnTs(name, `${ROOT}/bench/plain-loop.ts`, {}, /plain loop ready/, benchSpawnOptions(true)),
          );
        } else {
          processes.set(
            key,
            spawnTs(
              name,
              `${ROOT}/bench/bench-worker.ts`,
              {
                TEMPORAL_ADDRESS: server.env.address,
                BENCH_NAMESPACES: lengths.map((l) => namespaceOf(way, cadence, l)).join(','),
                TEMPORAL_TASK_QUEUE: TASK_QUEUE,
                HUBSPOT_BASE_URL: sim.baseUrl,
                HUBSPOT_ACCESS_TOKEN: config.token,
                BENCH_BUNDLE_PATH: bundlePath,
              },
              /bench worker ready/,
              benchSpawnOptions(),
            ),
          );
        }
      }
    }
    await Promise.all([...processes.values()].map((p) => p.ready));
    const clients = new Map(namespaces.map((ns) => [ns, clientFor(server.env.client, ns)]));
    // Warm up every namespace and task queue with one wait each, so that no measured wait pays for a cold start.
    log('overhead: warming up every namespace');
    await mapLimit(namespaces, 10, async (ns) => {
      const way = WAYS.find((w) => ns.startsWith(`bench-${w}-`)) as Way;
      const wait: Wait = {
        way,
        cadence: cadences[0] as Cadence,
        length: lengths[0] as TaskLength,
        namespace: ns,
        taskId: '',
      };
      wait.taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0 });
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
      `overhead: waiting on ${waits.length} scripted tasks (the longest finishes after ${max(lengths.map((l) => l.ms)) / 1000} s)`,
    );

    const groupDone: Promise<void>[] = [];
    for (const way of WAYS) {
      for (const cadence of cadences) {
        const key = `${way}/${cadence.name}`;
        const group = waits.filter((w) => w.way === way && w.cadence === cadence);
        const proc = processes.get(key) as ManagedProcess;
        if (way === 'plain-loop') {
          for (const wait of group)
            wait.taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0, processingMs: wait.length.ms });
          const job: PlainLoopJob = {
            baseUrl: sim.baseUrl,
            token: config.token,
            tasks: group.map((w) => ({
              taskId: w.taskId,
              initialPollIntervalMs: durationMs(cadence.initialPollInterval),
              maxPollIntervalMs: durationMs(cadence.maxPollInterval),
              backoffCoefficient: cadence.backoffCoefficient,
            })),
          };
          proc.child.stdin?.write(`${JSON.stringify(job)}\n`);
          groupDone.push(
            proc.exited.then(() => {
              const report = JSON.parse(proc.stdout().trim()) as PlainLoopReport;
              cpuAfter.set(key, report.cpuMs);
              cpuBefore.set(key, 0);
              const byTask = new Map(report.outcomes.map((o) => [o.taskId, o]));
              for (const wait of group) {
                const outcome = byTask.get(wait.taskId);
                if (!outcome) continue;
                wait.result = outcome;
                wait.deliveredAtMs = outcome.deliveredAtMs;
              }
            }),
          );
          continue;
        }
        groupDone.push(
          mapLimit(group, group.length, async (wait, index) => {
            await new Promise((r) => setTimeout(r, index * START_SPACING_MS));
            wait.taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0, processingMs: wait.length.ms });
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
    for (const way of WAYS) {
      for (const cadence of cadences) {
        for (const length of lengths) {
          const group = waits.filter((w) => w.way === way && w.cadence === cadence && w.length === length);
          const ns = namespaceOf(way, cadence, length);
          const m = metricNamespace(ns);
          const heartbeats =
            way === 'plain-loop' ? 0 : (countsAfter.heartbeats[m] ?? 0) - (countsBefore.heartbeats[m] ?? 0);
          const serverActions =
            way === 'plain-loop' ? 0 : (countsAfter.actions[m] ?? 0) - (countsBefore.actions[m] ?? 0);
          rows.push(rowOf(way, cadence, length, group, heartbeats, serverActions, sim));
        }
      }
    }
    const cpu: OverheadCpu[] = [];
    for (const way of WAYS) {
      for (const cadence of cadences) {
        const key = `${way}/${cadence.name}`;
        const polls = waits
          .filter((w) => w.way === way && w.cadence === cadence)
          .reduce((sum, w) => sum + (w.result?.polls ?? 0), 0);
        const cpuMs = (cpuAfter.get(key) ?? NaN) - (cpuBefore.get(key) ?? NaN);
        cpu.push({ way, cadence: cadence.name, cpuMs: round(cpuMs, 0), polls, cpuMsPerPoll: round(cpuMs / polls, 3) });
      }
    }
    return { earlyWindowMs: config.overhead.earlyWindowMs, rows, cpu, wallMs };
  } finally {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    await server.env.teardown();
  }
}

function rowOf(
  way: Way,
  cadence: Cadence,
  length: TaskLength,
  group: Wait[],
  heartbeats: number,
  serverActions: number,
  sim: HubSpotSimulator,
): OverheadRow {
  const done = group.filter((w) => w.result);
  const correct = done.filter((w) => w.result?.status === 'COMPLETE' && w.result.taskId === w.taskId).length;
  const polls = done.map((w) => w.result?.polls ?? 0);
  const events = done.map((w) => w.history?.events ?? 0);
  const actions = done.map((w) => w.history?.actions ?? 0);
  const interval = intervalInEffectMs(cadence, length.ms);
  const latencies = done.map((w) => (w.deliveredAtMs ?? NaN) - (sim.getTask(w.taskId)?.completedAt ?? NaN));
  const tasks = group.length;
  return {
    way,
    cadence: cadence.name,
    length: length.name,
    lengthMs: length.ms,
    tasks,
    correct,
    pollsPerTask: round(mean(polls), 1),
    eventsPerTask: round(mean(events), 1),
    maxEventsPerTask: max(events),
    eventsPerPoll: round(mean(events) / mean(polls), 2),
    maxEventsPerLaterPoll: max(done.map((w) => w.history?.maxEventsPerLaterPoll ?? 0)),
    peakRunEvents: max(done.map((w) => w.history?.peakRunEvents ?? 0)),
    actionsPerTask: round(mean(actions) + heartbeats / tasks, 1),
    heartbeatsPerTask: round(heartbeats / tasks, 1),
    serverActionsPerTask: round(serverActions / tasks, 1),
    latencyP50Ms: round(percentile(latencies, 50), 0),
    latencyP99Ms: round(percentile(latencies, 99), 0),
    latencyRatioP50: round(percentile(latencies, 50) / interval, 2),
    latencyRatioP99: round(percentile(latencies, 99) / interval, 2),
  };
}
