/**
 * The shared later phase of a wait (`laterPhase: 'shared'`): after its early window, the wait registers its task with
 * a shared watcher of its task queue (`joinTaskWatcher`, signal-with-start) and sleeps until the watcher signals a
 * terminal status, a failure, or its own deadline timer fires. Each non-terminal status change the watcher signals
 * updates the wait's progress (`onStatus`). On cancellation and at the deadline the wait leaves the watcher (signal
 * `unwatchTask`), so its task is read no more. Workflow-safe.
 *
 * Its actions: the join activity, the join signal, the deadline timer, one signal per status change (PROCESSING, the
 * end), whatever the task's length; the polls themselves are the watcher's, whose heartbeats every wait shares.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { HubSpotActivities } from '../../activities';
import type { BackoffSchedule } from '../../common/backoff';
import type { HubSpotTaskKind } from '../../common/task-kinds/task-kind-names';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';
import {
  TASK_WATCHER_SIGNALS,
  taskWatcherWorkflowId,
  type TaskWatchUpdate,
  type WatchedTask,
} from '../../common/task-watcher';
import { isTerminalStatus } from '../../common/folder-update-status';
import { STATUS_ACTIVITY_OPTIONS } from '../activity-options';

/** Signal `taskWatchUpdate`: the watcher's news of the task (see {@link TaskWatchUpdate}). */
export const taskWatchUpdateSignal = defineSignal<[TaskWatchUpdate]>(TASK_WATCHER_SIGNALS.update);

/** Where the shared phase starts from. */
export interface SharedPhaseStart {
  kind: HubSpotTaskKind;
  taskId: string;
  schedule: BackoffSchedule;
  /** Status responses read before the phase. */
  polls: number;
  lastStatus: HubSpotAsyncTaskStatus;
  /** When the next read is due, in epoch milliseconds of workflow time. */
  nextPollAtMs: number;
  deadlineMs: number;
}

/** How the shared phase ended: the last status and the total poll count; `atDeadline` when the deadline came first. */
export interface SharedPhaseEnd {
  status: HubSpotAsyncTaskStatus;
  polls: number;
  atDeadline: boolean;
}

/**
 * Runs the shared phase to a terminal status or the deadline.
 *
 * @param onStatus - called with each status the watcher signals (terminal included) and the total poll count.
 * @throws the failure the watcher signalled (its type, non-retryable), or the cancellation after leaving.
 */
export async function waitInSharedPhase(
  start: SharedPhaseStart,
  onStatus: (status: HubSpotAsyncTaskStatus, polls: number, polledAtMs: number) => void,
): Promise<SharedPhaseEnd> {
  let status = start.lastStatus;
  let polls = start.polls;
  let failure: { type: string; message: string } | undefined;
  setHandler(taskWatchUpdateSignal, (update) => {
    // A poller resumed after a crash counts from its last heartbeat, so it may report fewer polls than the wait holds:
    // the count never goes back, and only an end is taken from such a report.
    const stale = update.polls < polls;
    polls = Math.max(polls, update.polls);
    if ('failure' in update) {
      failure = update.failure;
      return;
    }
    if (stale && !isTerminalStatus(update.status.status)) return;
    status = update.status;
    onStatus(status, polls, update.polledAtMs);
  });
  const { waitWorkflowId, task } = registration(start);
  // The watcher the join chose (one of several on a crowded task queue); the first until the join answers.
  let watcherId = taskWatcherWorkflowId(workflowInfo().taskQueue);
  const leave = () =>
    CancellationScope.nonCancellable(() =>
      getExternalWorkflowHandle(watcherId).signal(TASK_WATCHER_SIGNALS.unwatch, { waitWorkflowId }),
    ).catch(() => undefined); // a watcher that has ended holds nothing
  try {
    ({ watcherWorkflowId: watcherId } = await proxyActivities<HubSpotActivities>({
      ...STATUS_ACTIVITY_OPTIONS,
      scheduleToCloseTimeout: Math.max(start.deadlineMs - Date.now(), 30_000),
      summary: `Register task ${start.taskId} with the shared watcher`,
    }).joinTaskWatcher({ task }));
    const done = () => failure !== undefined || isTerminalStatus(status.status);
    const inTime = await condition(done, Math.max(start.deadlineMs - Date.now(), 1));
    if (!inTime) await leave();
  } catch (err) {
    if (isCancellation(err)) await leave();
    throw err;
  }
  if (failure) throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true });
  return { status, polls, atDeadline: !isTerminalStatus(status.status) };
}

function registration(start: SharedPhaseStart): { waitWorkflowId: string; task: WatchedTask } {
  const waitWorkflowId = workflowInfo().workflowId;
  return {
    waitWorkflowId,
    task: {
      waitWorkflowId,
      kind: start.kind,
      taskId: start.taskId,
      schedule: start.schedule,
      polls: start.polls,
      lastStatus: start.lastStatus.status,
      lastNumErrors: start.lastStatus.numErrors,
      nextPollAtMs: start.nextPollAtMs,
      deadlineMs: start.deadlineMs,
    },
  };
}
