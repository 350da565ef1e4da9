/**
 * The scripted workload of the crash scenarios (1, 2, 3 and 8): tasks planned with mixed outcomes (80% COMPLETE, 10%
 * COMPLETE with errors, 10% CANCELED), many `awaitFolderUpdate` workflows started on them, each ending checked against
 * its plan, and the executions counted per workflow id (one run each means nothing was lost or started twice).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  missingScopeTaskError,
  type HubSpotSimulator,
  type RequestLogEntry,
  type TaskScript,
} from '../../src/simulator';
import { awaitFolderUpdate, type AwaitFolderUpdateInput, type FolderUpdateResult } from '../../src/workflows';
import { awaitWorkflowId } from '../../src/workflows/workflow-ids';
import { TASK_WATCHER_WORKFLOW } from '../../src/common/task-watcher';
import { until, type Ending } from './harness';

/** How a planned task's workflow must end: its result, or the failure type. */
export type Expected = 'COMPLETE' | 'FolderUpdateCompletedWithErrors' | 'FolderUpdateCanceled';

/** Task (or folder) i's outcome: i % 10 === 3 completes with errors, i % 10 === 7 is canceled, the rest complete. */
export function plannedOutcome(i: number): Expected {
  return i % 10 === 3 ? 'FolderUpdateCompletedWithErrors' : i % 10 === 7 ? 'FolderUpdateCanceled' : 'COMPLETE';
}

/** The script fields that make HubSpot end a task as `expected`. */
export function outcomeScript(expected: Expected): Pick<TaskScript, 'outcome' | 'errors'> {
  return {
    outcome: expected === 'FolderUpdateCanceled' ? 'CANCELED' : 'COMPLETE',
    errors: expected === 'FolderUpdateCompletedWithErrors' ? [missingScopeTaskError(['files'])] : [],
  };
}

/** A task created at the simulator, and how its workflow must end. */
export interface PlannedTask {
  /** Its index in the plan. */
  i: number;
  taskId: string;
  folderId: string;
  expected: Expected;
}

/** Creates `count` tasks at the simulator: task i with `lifecycle(i)` (polls and times) and its planned outcome. */
export function planTasks(
  hubspot: HubSpotSimulator,
  count: number,
  lifecycle: (i: number) => Omit<TaskScript, 'outcome' | 'errors'>,
): PlannedTask[] {
  return Array.from({ length: count }, (_, i) => {
    const expected = plannedOutcome(i);
    const taskId = hubspot.createTask({ ...lifecycle(i), ...outcomeScript(expected) });
    return { i, taskId, folderId: hubspot.getTask(taskId)!.folderId, expected };
  });
}

/** The workflow id of a task's wait, as the CLI names it. */
/**
 * A task held for `taskMs` of HubSpot time: even ones stay PENDING and odd ones PROCESSING for that long; each needs 0
 * to 2 polls in PROCESSING. Scenarios jump the simulator's clock by `taskMs` during their fault.
 */
export function heldLifecycle(i: number, taskMs: number): TaskScript {
  const heldPending = i % 2 === 0;
  return {
    pendingPolls: 1,
    pendingMs: heldPending ? taskMs : 0,
    processingMs: heldPending ? 0 : taskMs,
    processingPolls: heldPending ? i % 3 : 1 + (i % 3 === 0 ? 1 : 0),
  };
}

/** The simulator's clock for a scenario: real time plus `shiftMs`, which the scenario sets to jump HubSpot ahead. */
export function shiftableClock(): { shiftMs: number; now: () => number } {
  const clock = { shiftMs: 0, now: (): number => Date.now() + clock.shiftMs };
  return clock;
}

/** Starts an `awaitFolderUpdate` per planned task, 50 starts at a time; returns the handles in plan order. */
export async function startAwaits(
  client: Client,
  taskQueue: string,
  plans: readonly { taskId: string }[],
  options: Omit<AwaitFolderUpdateInput, 'taskId'>,
): Promise<WorkflowHandle<typeof awaitFolderUpdate>[]> {
  const handles: WorkflowHandle<typeof awaitFolderUpdate>[] = [];
  for (let i = 0; i < plans.length; i += 50) {
    const batch = plans.slice(i, i + 50).map(({ taskId }) =>
      client.workflow.start(awaitFolderUpdate, {
        taskQueue,
        workflowId: awaitWorkflowId(taskId),
        args: [{ taskId, ...options }],
      }),
    );
    handles.push(...(await Promise.all(batch)));
  }
  return handles;
}

/** Whether a workflow's ending is the one planned for its task (failures must name the task). */
export function endedAsScripted(ending: Ending | 'stuck', plan: PlannedTask): boolean {
  if (ending === 'stuck') return false;
  if (plan.expected !== 'COMPLETE') {
    return !ending.ok && ending.type === plan.expected && ending.message.includes(plan.taskId);
  }
  if (!ending.ok) return false;
  const value = ending.value as Partial<FolderUpdateResult>;
  return (
    value.taskId === plan.taskId &&
    value.status === 'COMPLETE' &&
    value.numErrors === 0 &&
    (value.result as { id?: string } | undefined)?.id === plan.folderId
  );
}

/** One workflow id's executions: its type, how many runs, and the last close time (Infinity while one runs). */
export interface Executions {
  type: string;
  runs: number;
  closedAt: number;
}

/**
 * Every execution on the task queue but its shared watchers (which outlive the waits), by workflow id, once none is
 * running (or after 60 s of waiting for that).
 */
export async function executionsOn(client: Client, taskQueue: string): Promise<Map<string, Executions>> {
  const byId = new Map<string, Executions>();
  await until(
    async () => {
      byId.clear();
      let running = 0;
      for await (const execution of client.workflow.list({ query: waitsOnQueueQuery(taskQueue) })) {
        if (!execution.closeTime) running++;
        const seen = byId.get(execution.workflowId);
        const closedAt = execution.closeTime?.getTime() ?? Infinity;
        byId.set(execution.workflowId, {
          type: execution.type,
          runs: (seen?.runs ?? 0) + 1,
          closedAt: Math.max(seen?.closedAt ?? 0, closedAt),
        });
      }
      return running === 0;
    },
    'no running execution in the visibility store',
    60_000,
  ).catch(() => undefined);
  return byId;
}

/** The visibility query for a task queue's executions, its shared watchers left out. */
export function waitsOnQueueQuery(taskQueue: string): string {
  return `TaskQueue = '${taskQueue}' AND WorkflowType != '${TASK_WATCHER_WORKFLOW}'`;
}

/** The figures of a scripted workload: workflows that ended as planned, stuck, otherwise, run twice, never run. */
export interface Tally {
  correct: number;
  stuck: number;
  wrong: number;
  duplicated: number;
  lost: number;
  /** The latest close time of the task queue's executions (Infinity if one is still running). */
  lastClose: number;
  /** Status responses HubSpot answered beyond the `polls` a COMPLETE result counts (reads after the last heartbeat). */
  uncountedReads: number;
  /** COMPLETE results that count more polls than HubSpot answered for their task (a poll counted twice). */
  overCounted: number;
}

/**
 * Checks every ending against its plan and HubSpot's final state, and counts runs per workflow id. A task counts as
 * correct when HubSpot ended it as planned and its workflow ended as planned.
 */
export function tally(
  hubspot: HubSpotSimulator,
  plans: readonly PlannedTask[],
  endings: readonly (Ending | 'stuck')[],
  executions: Map<string, Executions>,
): Tally {
  const correct = plans.filter((plan, i) => {
    const atHubSpot = hubspot.getTask(plan.taskId)!.status;
    return atHubSpot === outcomeScript(plan.expected).outcome && endedAsScripted(endings[i]!, plan);
  }).length;
  const stuck = endings.filter((e) => e === 'stuck').length;
  let uncountedReads = 0;
  let overCounted = 0;
  plans.forEach((plan, i) => {
    const ending = endings[i]!;
    if (ending === 'stuck' || !ending.ok) return;
    const answered = hubspot.getTask(plan.taskId)!.polls;
    const counted = (ending.value as FolderUpdateResult).polls;
    if (counted > answered) overCounted++;
    else uncountedReads += answered - counted;
  });
  return {
    correct,
    stuck,
    wrong: plans.length - correct - stuck,
    duplicated: [...executions.values()].reduce((sum, e) => sum + e.runs - 1, 0),
    lost: plans.filter(({ taskId }) => !executions.has(awaitWorkflowId(taskId))).length,
    lastClose: Math.max(...[...executions.values()].map((e) => e.closedAt)),
    uncountedReads,
    overCounted,
  };
}

/**
 * Each task's first status request at or after `sinceMs` (real time), from the simulator's log; `shiftMs` is how far
 * the simulator's clock was ahead of real time for those requests.
 */
export function firstPollsAfter(
  log: readonly RequestLogEntry[],
  sinceMs: number,
  shiftMs: number,
): Map<string, number> {
  const first = new Map<string, number>();
  for (const entry of log) {
    const at = entry.at - shiftMs;
    if (entry.taskId !== undefined && at >= sinceMs && !first.has(entry.taskId)) first.set(entry.taskId, at);
  }
  return first;
}

/** An activity as its history records it: the attempt and worker of its last start, and whether it completed. */
export interface ActivityRun {
  type: string;
  attempt: number;
  identity: string | undefined;
}

/**
 * A workflow's activities from its history: for each, the type, and the attempt and worker identity of its last
 * start (Temporal records one started event per activity, for the attempt that ended it). Also every identity that
 * started a workflow task or an activity, and the identity that completed the last workflow task.
 */
export async function workedBy(
  handle: WorkflowHandle,
): Promise<{ activities: ActivityRun[]; identities: Set<string>; finisher: string | undefined }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const typeByScheduledId = new Map<string, string>();
  const activities: ActivityRun[] = [];
  const identities = new Set<string>();
  let finisher: string | undefined;
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeByScheduledId.set(String(event.eventId), scheduled.activityType?.name ?? '?');
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      activities.push({
        type: typeByScheduledId.get(String(started.scheduledEventId)) ?? '?',
        attempt: started.attempt ?? 1,
        identity: started.identity ?? undefined,
      });
    }
    const id = event.workflowTaskStartedEventAttributes?.identity ?? started?.identity;
    if (id) identities.add(id);
    finisher = event.workflowTaskCompletedEventAttributes?.identity ?? finisher;
  }
  return { activities, identities, finisher };
}

/** Each task's status reads in `log` (simulator clock), in order. */
export function statusReadTimes(log: readonly RequestLogEntry[]): Map<string, number[]> {
  const reads = new Map<string, number[]>();
  for (const { taskId, at, path } of log) {
    if (taskId === undefined || !path.includes('/status')) continue;
    const times = reads.get(taskId);
    if (times) times.push(at);
    else reads.set(taskId, [at]);
  }
  return reads;
}

/** Waits until every planned task has had `reads` status requests at HubSpot since `sinceMs(taskId)`. */
export function untilReadsSince(
  hubspot: HubSpotSimulator,
  plans: readonly PlannedTask[],
  reads: number,
  sinceMs: (taskId: string) => number,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  return until(
    () => {
      const seen = statusReadTimes(hubspot.requestLog());
      return plans.every(
        ({ taskId }) => (seen.get(taskId) ?? []).filter((at) => at >= sinceMs(taskId)).length >= reads,
      );
    },
    what,
    timeoutMs,
  );
}
