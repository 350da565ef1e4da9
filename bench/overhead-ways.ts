/**
 * Part a's ways to wait, and how each is started: the package default (`hybrid`), the old durable-timer later phase
 * (`hybrid-timer`, `laterPhase: 'timer'`), the plain workflow loop (`earlyWindow: 0` with `laterPhase: 'timer'`),
 * Temporal's infrequent-polling pattern, and the plain fetch loop (no Temporal; run by `plain-loop.ts`).
 */
import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { HubSpotSimulator, TaskScript } from '../src/simulator';
import type { awaitFolderUpdate } from '../src/workflows';
import { durationMs } from '../src/common/duration';
import type { BenchConfig, Cadence, TaskLength } from './config';
import type { HistoryStats } from './history-stats';
import type { InfrequentPollingInput } from './infrequent-polling-workflow';

/**
 * The ways to wait. `hybrid` is `awaitFolderUpdate` as shipped (its default later phase); `hybrid-crm-export` the
 * same default wait on another task kind (`awaitHubSpotTask` on a CRM export: its int64 ids, its status body without
 * a `taskId` echo), which must cost what a folder update costs; `hybrid-timer` the folder wait with
 * `laterPhase: 'timer'`, a durable timer and a one-poll activity per later poll.
 */
export const WAYS = [
  'hybrid',
  'hybrid-crm-export',
  'hybrid-timer',
  'workflow-loop',
  'infrequent-polling',
  'plain-loop',
] as const;
export type Way = (typeof WAYS)[number];

/** The ways that run on Temporal (all but the plain loop). */
export const TEMPORAL_WAYS = WAYS.filter((w) => w !== 'plain-loop');

/** The durable ways the default is compared with on actions (the old timer later phase is judged on its own). */
export const OTHER_DURABLE_WAYS = ['workflow-loop', 'infrequent-polling'] as const satisfies readonly Way[];

/** The input of `awaitFolderUpdate` with the poll options the bench sets, whichever of them this version declares. */
export type AwaitInput = Parameters<typeof awaitFolderUpdate>[0] & {
  earlyWindow?: Duration;
  laterPhase?: 'retry' | 'timer';
};

/** One scripted wait of part a. */
export interface Wait {
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

/** The task queue of every part a worker. */
export const TASK_QUEUE = 'bench-overhead';

/** The namespace of one (way, cadence, length): its own, so that the dev server's counters can be split by it. */
export function namespaceOf(way: Way, cadence: Cadence, length: TaskLength): string {
  return `bench-${way}-${cadence.name}-${length.name}`;
}

/** The way a namespace of {@link namespaceOf} belongs to (the longest matching name: `hybrid-timer` before `hybrid`). */
export function wayOf(namespace: string): Way {
  const ways = [...WAYS].sort((a, b) => b.length - a.length);
  return ways.find((w) => namespace.startsWith(`bench-${w}-`)) as Way;
}

/** The poll options of `cadence`. */
export function pollInput(
  cadence: Cadence,
): Pick<AwaitInput, 'initialPollInterval' | 'maxPollInterval' | 'backoffCoefficient'> {
  return {
    initialPollInterval: cadence.initialPollInterval,
    maxPollInterval: cadence.maxPollInterval,
    backoffCoefficient: cadence.backoffCoefficient,
  };
}

/** The `awaitFolderUpdate` input of a wait on `taskId` the way `way` waits (not the infrequent-polling pattern). */
export function awaitInputOf(way: Way, taskId: string, cadence: Cadence, config: BenchConfig): AwaitInput {
  const input: AwaitInput = { taskId, timeout: '1h', ...pollInput(cadence) };
  // The plain workflow loop is a durable timer and a one-poll activity per poll from the start: no early window, and
  // the timer later phase (with `earlyWindow: 0` alone, the default later phase would run from the first poll).
  if (way === 'workflow-loop') input.earlyWindow = 0;
  else if (config.overhead.earlyWindow !== undefined) input.earlyWindow = config.overhead.earlyWindow;
  // The package's own ways pin their later phase: the default 'shared' polls as 'retry' while its task queue holds
  // fewer than `sharedPhaseMinWaits` waits (part w's lone pair measures the two side by side).
  input.laterPhase = way === 'hybrid-timer' || way === 'workflow-loop' ? 'timer' : 'retry';
  return input;
}

/** The early window `way` polls in, in milliseconds: the configured one for the package's ways, else 0. */
export function earlyWindowMsOf(way: Way, config: BenchConfig): number {
  return way === 'hybrid' || way === 'hybrid-crm-export' || way === 'hybrid-timer' ? config.overhead.earlyWindowMs : 0;
}

/** The simulator task a wait of `way` follows: a CRM export for `hybrid-crm-export`, else a folder update. */
export function createTaskFor(sim: HubSpotSimulator, way: Way, script: TaskScript): string {
  return sim.createTask(script, way === 'hybrid-crm-export' ? { kind: 'crm-export' } : {});
}

/** Starts `wait` (workflow id `<namespace>-<index>`) and sets its handle. */
export async function startWait(client: Client, wait: Wait, index: number, config: BenchConfig): Promise<void> {
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
  const input = awaitInputOf(wait.way, wait.taskId, wait.cadence, config);
  if (wait.way === 'hybrid-crm-export') {
    wait.handle = await client.workflow.start('awaitHubSpotTask', {
      ...base,
      args: [{ kind: 'crm-export', ...input }],
    });
    return;
  }
  wait.handle = await client.workflow.start('awaitFolderUpdate', { ...base, args: [input] });
}

/** A client of `base`'s connection in another namespace. */
export function clientFor(base: Client, namespace: string): Client {
  return new (base.constructor as typeof Client)({ connection: base.connection, namespace });
}
