/**
 * The `awaitFolderUpdate` workflow: polls a HubSpot folder-update task with capped exponential backoff until it is
 * COMPLETE or CANCELED, or the timeout passes.
 *
 * The hybrid poller: during the early window (default 2 minutes) the polls run inside one heartbeating activity
 * (`watchFolderUpdate`), which costs no history per poll. After it, on `laterPhase: 'retry'`, the polls are the
 * attempts of one retrying activity per status seen (`retry-phase.ts`), up to the deadline; the default `'shared'` polls
 * so until its task queue is crowded, then hands the task to the queue's shared watcher (`shared-phase.ts`); with
 * `laterPhase: 'timer'` each poll is a durable timer plus an
 * activity, and every 100 polls the workflow continues as new to keep its history small. The schedule is the same
 * throughout.
 */
import type { FolderUpdateResult } from './outcome';
import { validateAwaitInput, type AwaitFolderUpdateInput } from './poll-options';
import { FOLDER_UPDATE_ACTIVITIES } from './task-activities';
import { waitOnTask } from './task-wait';

export { getStatusQuery, type FolderUpdateProgress } from './status-query';
export { MAX_POLLS_PER_RUN } from './poll-options';

/**
 * Waits for a HubSpot folder-update task to finish.
 *
 * @returns the COMPLETE status as a {@link FolderUpdateResult}.
 * @throws `InvalidInput` before any HTTP call for bad input; `FolderUpdateCompletedWithErrors`, `FolderUpdateCanceled`
 *   or `FolderUpdateTimedOut` with the last status as `details[0]`; or a non-retryable activity failure's own type
 *   (`HubSpotUnauthorized`, `HubSpotForbidden`, `FolderUpdateTaskNotFound`, …).
 */
export async function awaitFolderUpdate(input: AwaitFolderUpdateInput): Promise<FolderUpdateResult> {
  return waitOnTask(input, validateAwaitInput(input), FOLDER_UPDATE_ACTIVITIES);
}
