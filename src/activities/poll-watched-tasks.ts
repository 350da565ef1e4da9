/**
 * The shared watcher's poller (`laterPhase: 'shared'`): one long heartbeating activity that reads every task its
 * watcher holds when due, on each task's own backoff schedule, through the worker's request budget (`background`),
 * and signals a wait only when its task's status changes, ends, or fails for good. Its reads cost no Temporal
 * actions; its heartbeats (one a minute at most, the worker's throttle) and the signals do, shared by every task.
 *
 * The watcher restarts it when its registry changes: it asks for its cancellation, which this activity sees by
 * describing its workflow (not billed) every {@link WATCH_CHECK_EVERY_MS}, or in a heartbeat's answer, and then
 * returns every task's progress, which the watcher keeps. Progress also rides in the heartbeat details (compact:
 * arrays by input index), so a retry after a worker crash resumes the poll counts and the schedule.
 */
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { invalidInput } from '../common/invalid-input';
import { decideNextPoll } from '../common/poll-decision';
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import type { HubSpotAsyncTaskStatus } from '../common/task-status';
import { TASK_WATCHER_SIGNALS, type TaskWatchUpdate, type WatchedTask } from '../common/task-watcher';
import { TASK_KINDS } from '../hubspot/task-kinds';
import { currentContext, logDebug } from './activity-context';
import { describeCancellationCheck, pollerRun, waitWasCancelled } from './cancellation-check';
import type { ResolvedDeps } from './deps';
import { readTaskStatus } from './get-task-status';
import { checkPollerInput } from './poller-input';
import { retryDelayMs, watchHeartbeatEveryMs } from './watch-folder-update';

/** How often the poller asks whether its watcher wants it back, in milliseconds (default 2,000; a describe, not billed). */
export const WATCH_CHECK_EVERY_MS = 2_000;

/** How many reads the poller has in flight at once (default 8); the request budget paces them. */
export const WATCH_READS_IN_FLIGHT = 8;

/** Input of `pollWatchedTasks`: the tasks to read. */
export interface PollWatchedTasksInput {
  tasks: WatchedTask[];
}

/** The progress of one task, as the poller hands it back. */
export interface WatchedTaskProgress {
  waitWorkflowId: string;
  polls: number;
  lastStatus: string;
  lastNumErrors: number;
  nextPollAtMs: number;
  /** True when the watcher no longer needs to read it: its end or failure was signalled, its wait is gone, its deadline passed. */
  ended: boolean;
}

/** What `pollWatchedTasks` returns: each input task's progress, in input order. */
export interface PollWatchedTasksResult {
  tasks: WatchedTaskProgress[];
}

/** The heartbeat details: the mutable fields of each input task, by index (a few dozen bytes a task). */
interface CompactProgress {
  polls: number[];
  status: string[];
  errors: number[];
  next: number[];
  ended: number[];
}

/** Checks the input, each task's kind and id (for its kind) and schedule, before any HTTP call. */
function checkInput(raw: PollWatchedTasksInput): WatchedTask[] {
  if (raw === null || typeof raw !== 'object' || !Array.isArray(raw.tasks)) {
    throw invalidInput('tasks', raw?.tasks, 'must be an array of watched tasks');
  }
  return raw.tasks.map((task, i) => {
    const kind = TASK_KINDS[task?.kind as HubSpotTaskKind];
    if (!kind) throw invalidInput(`tasks[${i}].kind`, task?.kind, 'must be a HubSpot task kind');
    const checked = checkPollerInput({ ...task, pollsBefore: task.polls }, kind.taskIdType);
    for (const field of ['nextPollAtMs', 'deadlineMs'] as const) {
      if (!Number.isFinite(task[field])) throw invalidInput(`tasks[${i}].${field}`, task[field], 'must be epoch ms');
    }
    if (typeof task.waitWorkflowId !== 'string' || task.waitWorkflowId === '') {
      throw invalidInput(`tasks[${i}].waitWorkflowId`, task.waitWorkflowId, 'must be a workflow id');
    }
    return { ...task, taskId: checked.taskId };
  });
}

/** The progress an earlier attempt heartbeated, if it is ours and matches the input. */
function resumed(details: unknown, count: number): CompactProgress | undefined {
  const p = details as Partial<CompactProgress> | undefined;
  if (!p || typeof p !== 'object') return undefined;
  const arrays = [p.polls, p.status, p.errors, p.next, p.ended];
  return arrays.every((a) => Array.isArray(a) && a.length === count) ? (p as CompactProgress) : undefined;
}

/**
 * Builds `pollWatchedTasks(input)`: reads each task when due until every one has ended or the watcher asks for it
 * back, and returns their progress. Signals go through the worker's client (`Context.current().client`).
 */
export function makePollWatchedTasks(deps: ResolvedDeps) {
  return async function pollWatchedTasks(rawInput: PollWatchedTasksInput): Promise<PollWatchedTasksResult> {
    const tasks = checkInput(rawInput);
    const ctx = currentContext();
    const signal = ctx?.cancellationSignal;
    const before = resumed(ctx?.info.heartbeatDetails, tasks.length);
    const state: CompactProgress = before ?? {
      polls: tasks.map((t) => t.polls),
      status: tasks.map((t) => t.lastStatus),
      errors: tasks.map((t) => t.lastNumErrors),
      next: tasks.map((t) => t.nextPollAtMs),
      ended: tasks.map(() => 0),
    };
    const keepalive = ctx
      ? setInterval(() => ctx.heartbeat(state), watchHeartbeatEveryMs(ctx.info.heartbeatTimeoutMs))
      : undefined;
    const done = new AbortController();
    try {
      let checkedAtMs = deps.now();
      for (;;) {
        if (signal?.aborted) break;
        const now = deps.now();
        const due = tasks.map((_, i) => i).filter((i) => !state.ended[i] && state.next[i]! <= now);
        await readAll(due, (i) => readOne(deps, ctx, tasks[i]!, state, i, signal));
        const open = tasks.map((_, i) => i).filter((i) => !state.ended[i]);
        if (open.length === 0) break;
        if (deps.now() - checkedAtMs >= WATCH_CHECK_EVERY_MS || due.length === 0) {
          checkedAtMs = deps.now();
          if (ctx && (await waitWasCancelled(ctx, describeCancellationCheck, done.signal))) break;
        }
        const nextDue = Math.min(...open.map((i) => state.next[i]!));
        const ms = Math.min(Math.max(nextDue - deps.now(), 0), WATCH_CHECK_EVERY_MS);
        try {
          await deps.sleep(ms, signal);
        } catch {
          break; // cancelled: hand the progress back
        }
      }
      return {
        tasks: tasks.map((t, i) => ({
          waitWorkflowId: t.waitWorkflowId,
          polls: state.polls[i]!,
          lastStatus: state.status[i]!,
          lastNumErrors: state.errors[i]!,
          nextPollAtMs: state.next[i]!,
          ended: state.ended[i] === 1,
        })),
      };
    } finally {
      if (keepalive) clearInterval(keepalive);
      done.abort();
    }
  };
}

/** Runs `read` on every index, at most {@link WATCH_READS_IN_FLIGHT} at once. */
async function readAll(indexes: number[], read: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < indexes.length) await read(indexes[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(WATCH_READS_IN_FLIGHT, indexes.length) }, lane));
}

/** One due read of task `i`: its status, then a signal to its wait when it changed, ended or failed for good. */
async function readOne(
  deps: ResolvedDeps,
  ctx: Context | undefined,
  task: WatchedTask,
  state: CompactProgress,
  i: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (signal?.aborted) return;
  if (deps.now() >= task.deadlineMs) {
    state.ended[i] = 1; // the wait times out on its own timer
    return;
  }
  let status: HubSpotAsyncTaskStatus;
  try {
    status = await readTaskStatus(deps, TASK_KINDS[task.kind], task.taskId, 'background', signal);
  } catch (err) {
    if (signal?.aborted) return;
    if (err instanceof ApplicationFailure && err.nonRetryable) {
      const update = {
        failure: { type: err.type ?? 'ApplicationFailure', message: err.message },
        polls: state.polls[i]!,
      };
      if (await signalWait(ctx, task.waitWorkflowId, update)) state.ended[i] = 1;
      return;
    }
    // A transient failure (5xx, network, 429): read again on the schedule, or after the wait a 429 asks for.
    const delay = Math.max(retryDelayMs(err) ?? 0, task.schedule.initialPollIntervalMs);
    state.next[i] = Math.min(deps.now() + delay, task.deadlineMs);
    logDebug('watched task read failed; reading again later', { taskId: task.taskId, error: String(err) });
    return;
  }
  const polls = state.polls[i]! + 1;
  const polledAtMs = deps.now();
  const decision = decideNextPoll(
    { status, polls, nowMs: polledAtMs, deadlineMs: task.deadlineMs },
    task.schedule,
    deps.random,
  );
  const changed = status.status !== state.status[i] || status.numErrors !== state.errors[i];
  if (changed || decision.kind === 'finish') {
    const signalled = await signalWait(ctx, task.waitWorkflowId, { status, polls, polledAtMs });
    if (signalled === undefined) {
      state.next[i] = polledAtMs + task.schedule.initialPollIntervalMs; // the server did not take it: read and tell again
      return;
    }
    state.status[i] = status.status;
    state.errors[i] = status.numErrors;
    if (!signalled) state.ended[i] = 1; // the wait is gone
  }
  state.polls[i] = polls;
  if (decision.kind === 'sleep') state.next[i] = polledAtMs + decision.ms;
  else state.ended[i] = 1;
}

/**
 * Signals `update` to the wait: true when sent, false when the wait no longer runs (nothing more to tell it),
 * undefined when the server could not be reached (tell it again later). Outside a worker, does nothing (true).
 */
async function signalWait(
  ctx: Context | undefined,
  waitWorkflowId: string,
  update: TaskWatchUpdate,
): Promise<boolean | undefined> {
  const run = ctx ? pollerRun(ctx) : undefined;
  if (!run) return true;
  try {
    await run.client.workflow.getHandle(waitWorkflowId).signal(TASK_WATCHER_SIGNALS.update, update);
    return true;
  } catch (err) {
    if ((err as Error)?.name === 'WorkflowNotFoundError') return false;
    logDebug('signal to a wait failed; telling it again later', { waitWorkflowId, error: String(err) });
    return undefined;
  }
}
