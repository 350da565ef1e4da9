/**
 * The shared task watcher's contract (`laterPhase: 'shared'`): what a wait registers, what the watcher sends back,
 * the signal names and the watcher's workflow id. Shared by the wait, the watcher workflow and its activities.
 * Workflow-safe (no Node built-ins).
 */
import type { BackoffSchedule } from './backoff';
import type { HubSpotTaskKind } from './task-kinds/task-kind-names';
import type { HubSpotAsyncTaskStatus } from './task-status';

/** One task a watcher reads for a wait: registered by the wait, its progress kept by the watcher. */
export interface WatchedTask {
  /** The wait's workflow id: where status changes and the end are signalled. */
  waitWorkflowId: string;
  kind: HubSpotTaskKind;
  taskId: string;
  /** The wait's backoff schedule, which the watcher keeps to. */
  schedule: BackoffSchedule;
  /** Status responses read so far over the whole wait, the watcher's included. */
  polls: number;
  /** The last status read (`PENDING`, `PROCESSING`, …) and its error count: a change of either is signalled. */
  lastStatus: string;
  lastNumErrors: number;
  /** When the next read is due, in epoch milliseconds. */
  nextPollAtMs: number;
  /** The wait's deadline, in epoch milliseconds: the watcher stops reading there (the wait times out on its own timer). */
  deadlineMs: number;
}

/** What the watcher signals a wait: a changed or terminal status, or a failure that ends the wait. */
export type TaskWatchUpdate =
  | {
      status: HubSpotAsyncTaskStatus;
      /** Status responses read so far over the whole wait. */
      polls: number;
      /** When `status` was read, in epoch milliseconds of the watcher's worker. */
      polledAtMs: number;
    }
  | {
      /** A failure that no retry mends (`HubSpotForbidden`, `FolderUpdateTaskNotFound`, …): the wait fails with it. */
      failure: { type: string; message: string };
      polls: number;
    };

/** Signal names: a wait joins (`WatchedTask`), a wait leaves (`{ waitWorkflowId }`), the watcher reports (`TaskWatchUpdate`). */
export const TASK_WATCHER_SIGNALS = {
  watch: 'watchTask',
  unwatch: 'unwatchTask',
  update: 'taskWatchUpdate',
} as const;

/** The watcher workflow's type name. */
export const TASK_WATCHER_WORKFLOW = 'watchHubSpotTasks';

/** The id of the watcher of a task queue: one watcher per task queue (and namespace). */
export function taskWatcherWorkflowId(taskQueue: string): string {
  return `hubspot-task-watcher/${taskQueue}`;
}

/** The input of a `joinTaskWatcher` activity: the task to register and the watcher's task queue. */
export interface JoinTaskWatcherInput {
  task: WatchedTask;
}
