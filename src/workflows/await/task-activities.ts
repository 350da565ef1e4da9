/**
 * Which activities a wait on a task calls, by kind: the folder update keeps its own (`getFolderUpdateStatus`,
 * `watchFolderUpdate`, `pollFolderUpdateUntilDone`, with the inputs they always had, so that a folder wait issues the
 * commands it always did), and every other kind calls the generic ones with its `kind` (`getHubSpotTaskStatus`,
 * `watchHubSpotTask`, `pollHubSpotTaskUntilDone`). Workflow-safe: activities are imported as types only.
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type {
  HubSpotActivities,
  PollHubSpotTaskUntilDoneInput,
  PollUntilDoneInput,
  WatchFolderUpdateInput,
} from '../../activities';
import type { HubSpotFolder } from '../../common/folder-update-status';
import { TASK_KIND_FACTS } from '../../common/task-kinds';
import type { HubSpotTaskKind } from '../../common/task-kinds/task-kind-names';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';
import { waitMetrics, type WaitMetrics } from '../visibility';
import type { OutcomeNames } from './outcome';

/** The activities and names of one kind's wait. `R` is what a COMPLETE task produces. */
export interface TaskWaitActivities<R = unknown> {
  kind: HubSpotTaskKind;
  names: OutcomeNames;
  /** Where the wait counts its polls and its end (`visibility.ts`). */
  metrics: WaitMetrics;
  /** One status poll. */
  getStatus(options: ActivityOptions, taskId: string): Promise<HubSpotAsyncTaskStatus<R>>;
  /** The early-window poller. */
  watch(options: ActivityOptions, input: WatchFolderUpdateInput): Promise<TaskRead<R>>;
  /** The retry-phase poller. */
  pollUntilDone(options: ActivityOptions, input: TaskPollInput): Promise<TaskRead<R>>;
}

/** The folder update's activities, as `awaitFolderUpdate` always called them. */
export const FOLDER_UPDATE_ACTIVITIES: TaskWaitActivities<HubSpotFolder> = {
  kind: 'folder-update',
  names: TASK_KIND_FACTS['folder-update'],
  metrics: waitMetrics('folder-update'),
  getStatus: (options, taskId) => proxyActivities<HubSpotActivities>(options).getFolderUpdateStatus(taskId),
  watch: (options, input) => proxyActivities<HubSpotActivities>(options).watchFolderUpdate(input),
  pollUntilDone: (options, input) =>
    proxyActivities<HubSpotActivities>(options).pollFolderUpdateUntilDone(input as PollUntilDoneInput),
};

/** The activities of a wait on `kind`: the folder update's own, or the generic ones with the kind. */
export function taskWaitActivities(kind: HubSpotTaskKind): TaskWaitActivities {
  if (kind === 'folder-update') return FOLDER_UPDATE_ACTIVITIES;
  return {
    kind,
    names: TASK_KIND_FACTS[kind],
    metrics: waitMetrics(kind),
    getStatus: (options, taskId) => proxyActivities<HubSpotActivities>(options).getHubSpotTaskStatus({ kind, taskId }),
    watch: (options, input) => proxyActivities<HubSpotActivities>(options).watchHubSpotTask({ ...input, kind }),
    pollUntilDone: (options, input) =>
      proxyActivities<HubSpotActivities>(options).pollHubSpotTaskUntilDone({ ...input, kind }),
  };
}

/** Status responses read by one activity: the last status, how many, and a 429's wait that ended an early window. */
export interface TaskRead<R = unknown> {
  status: HubSpotAsyncTaskStatus<R>;
  polls: number;
  /** The wait a 429 that ended the early window asked for, in milliseconds. */
  retryAfterMs?: number;
  /** From the retry phase of a `'shared'` wait: the task queue is crowded, go on with the shared watcher. */
  crowded?: true;
}

/** The retry-phase poller's input, of any kind. */
export type TaskPollInput = Omit<PollHubSpotTaskUntilDoneInput, 'kind'>;
