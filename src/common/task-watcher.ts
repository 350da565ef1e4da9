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

/**
 * The id of a watcher of a task queue: shard 0 (the only one while the queue holds up to
 * {@link TASKS_PER_WATCHER} waits) is `hubspot-task-watcher/<taskQueue>`, shard n > 0 that id with `/<n>`.
 */
export function taskWatcherWorkflowId(taskQueue: string, shard = 0): string {
  return shard === 0 ? `hubspot-task-watcher/${taskQueue}` : `hubspot-task-watcher/${taskQueue}/${shard}`;
}

/**
 * About how many tasks one watcher holds (default 2,000): a wait joins one of `ceil(waits / this)` watchers of its task
 * queue, so that a watcher's poller input and continue-as-new stay well below Temporal's 2 MB payload limit (about
 * 300 bytes a task, 600 KB at 2,000).
 */
export const TASKS_PER_WATCHER = 2_000;

/** The most watchers a task queue is spread over (default 64, 128,000 tasks at {@link TASKS_PER_WATCHER}). */
export const MAX_WATCHER_SHARDS = 64;

/**
 * The watcher shard of a wait, when `waits` run on its task queue: its workflow id's hash (FNV-1a) modulo the shard
 * count, so that a wait always lands on the same shard for the same count.
 */
export function watcherShard(waitWorkflowId: string, waits: number): number {
  const shards = Math.min(MAX_WATCHER_SHARDS, Math.max(1, Math.ceil(waits / TASKS_PER_WATCHER)));
  if (shards === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < waitWorkflowId.length; i++) {
    hash ^= waitWorkflowId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** The input of a `joinTaskWatcher` activity: the task to register and the watcher's task queue. */
export interface JoinTaskWatcherInput {
  task: WatchedTask;
}
