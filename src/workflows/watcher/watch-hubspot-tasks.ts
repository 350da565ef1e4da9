/**
 * The `watchHubSpotTasks` workflow: the shared watcher of one task queue (`laterPhase: 'shared'`). Waits past their
 * early window register their task with it (signal `watchTask`, by signal-with-start from `joinTaskWatcher`) and
 * leave on cancellation or deadline (signal `unwatchTask`). It runs one long `pollWatchedTasks` activity over the
 * tasks it holds, which reads each when due and signals its wait on a status change or the end; so a wait's
 * later phase costs a constant handful of actions and the poller's heartbeats are shared by every wait.
 *
 * A change of the registry restarts the poller (a cancellation request, then a new activity): a leave at once (so
 * that a cancelled wait's task is read no more), a join only shortly ({@link WATCHER_RESTART_LEAD_MS}) before the
 * earliest newly joined task's first read is due, and not before the poller has run {@link WATCHER_MIN_POLLER_RUN_MS}.
 * A wait joins right after a read, so its next one is a poll interval
 * away (about a minute at the default cadence): the joins of that minute share one restart (one timer and one
 * activity) and no read is late. The watcher
 * continues as new every {@link WATCHER_SIGNALS_PER_RUN} signals or when the server suggests it, and ends after
 * {@link WATCHER_IDLE_MS} with no task. Workflow-safe.
 */
import {
  ActivityCancellationType,
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { HubSpotActivities, PollWatchedTasksResult } from '../../activities';
import { TASK_WATCHER_SIGNALS, type WatchedTask } from '../../common/task-watcher';

/** Signal `watchTask`: a wait registers its task (again: its entry is replaced). */
export const watchTaskSignal = defineSignal<[WatchedTask]>(TASK_WATCHER_SIGNALS.watch);
/** Signal `unwatchTask`: a wait leaves; its task is read no more. */
export const unwatchTaskSignal = defineSignal<[{ waitWorkflowId: string }]>(TASK_WATCHER_SIGNALS.unwatch);

/**
 * How long before a newly joined task's first read is due the watcher restarts its poller, in milliseconds (default
 * 10,000: five times the poller's 2 s check for the restart request, `WATCH_CHECK_EVERY_MS`).
 */
export const WATCHER_RESTART_LEAD_MS = 10_000;
/**
 * The least time a poller runs before a join restarts it, in milliseconds (default 10,000). Waits that join late, their
 * first read already due (a busy worker, a backlog of workflow tasks), then share one restart every 10 s instead of
 * restarting the poller one join at a time. A leave still restarts it at once.
 */
export const WATCHER_MIN_POLLER_RUN_MS = 10_000;
/** The patch under which {@link WATCHER_MIN_POLLER_RUN_MS} spaces the restarts; watchers started before it replay without. */
export const WATCHER_RESTART_SPACING_PATCH = 'watcher-restart-spacing';
/** Signals per run before the watcher continues as new (default 1,000): bounds its history. */
export const WATCHER_SIGNALS_PER_RUN = 1_000;
/** How long a watcher with no task waits for one before it ends, in milliseconds (default 5 minutes). */
export const WATCHER_IDLE_MS = 5 * 60_000;
/** The poller's heartbeat timeout: a crashed worker's poller resumes elsewhere within this (default 2 minutes). */
export const WATCHER_HEARTBEAT_TIMEOUT = '2m';

/** Input of `watchHubSpotTasks`: empty when started; the tasks held, after a continue-as-new. */
export interface TaskWatcherInput {
  tasks?: WatchedTask[];
}

const poller = proxyActivities<HubSpotActivities>({
  startToCloseTimeout: '25h',
  heartbeatTimeout: WATCHER_HEARTBEAT_TIMEOUT,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  summary: 'Read the watched HubSpot tasks',
});

/** Runs the shared watcher of this task queue. */
export async function watchHubSpotTasks(input: TaskWatcherInput = {}): Promise<void> {
  const tasks = new Map<string, WatchedTask>((input.tasks ?? []).map((t) => [t.waitWorkflowId, t]));
  /** The earliest first read due among the tasks joined since the poller started, in epoch ms (Infinity: none). */
  let joinedDueMs = Infinity;
  let left = false;
  let signals = 0;
  const spaced = patched(WATCHER_RESTART_SPACING_PATCH);
  setHandler(watchTaskSignal, (task) => {
    tasks.set(task.waitWorkflowId, task);
    joinedDueMs = Math.min(joinedDueMs, task.nextPollAtMs);
    signals++;
  });
  setHandler(unwatchTaskSignal, ({ waitWorkflowId }) => {
    if (tasks.delete(waitWorkflowId)) left = true;
    signals++;
  });

  for (;;) {
    if (signals >= WATCHER_SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return await continueAsNew<typeof watchHubSpotTasks>({ tasks: [...tasks.values()] });
    }
    if (tasks.size === 0 && !(await condition(() => tasks.size > 0, WATCHER_IDLE_MS))) return;
    joinedDueMs = Infinity;
    left = false;
    const held = [...tasks.values()];
    // A join restarts the poller no sooner than this (since its patch).
    const earliestMs = spaced ? Date.now() + WATCHER_MIN_POLLER_RUN_MS : -Infinity;
    const scope = new CancellationScope();
    let result: PollWatchedTasksResult | undefined;
    let ended = false;
    scope
      .run(() => poller.pollWatchedTasks({ tasks: held }))
      .then(
        (r) => (result = r),
        () => undefined, // cancelled before it started, or failed for good: the next poller starts from the registry
      )
      .finally(() => (ended = true));
    await condition(() => ended || joinedDueMs < Infinity || left);
    // A join: wait until shortly before its first read is due (sooner if an earlier one joins, at once on a leave).
    for (let due = joinedDueMs; !ended && !left; due = joinedDueMs) {
      const waitMs = Math.max(due - WATCHER_RESTART_LEAD_MS, earliestMs) - Date.now();
      if (waitMs <= 0 || !(await condition(() => ended || left || joinedDueMs < due, waitMs))) break;
    }
    if (!ended) {
      scope.cancel();
      await condition(() => ended);
    }
    // Keep the progress of the tasks still held by the same registration; drop those that ended.
    for (const [i, progress] of (result?.tasks ?? []).entries()) {
      const task = held[i];
      if (!task || tasks.get(progress.waitWorkflowId) !== task) continue;
      if (progress.ended) {
        tasks.delete(progress.waitWorkflowId);
        continue;
      }
      tasks.set(progress.waitWorkflowId, {
        ...task,
        polls: progress.polls,
        lastStatus: progress.lastStatus,
        lastNumErrors: progress.lastNumErrors,
        nextPollAtMs: progress.nextPollAtMs,
      });
    }
  }
}
