/**
 * The start loop of a batch (`migrateFolders`, `importFilesFromUrls`): it takes the queue's entries one at a time,
 * each when the controls let it (not paused, fewer than `concurrency` running), and stops at a `cancel`, after
 * {@link MAX_CHILDREN_PER_RUN} starts, or when the server suggests continuing as new. Workflow-safe; its only
 * commands are the caller's.
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import { MAX_CHILDREN_PER_RUN, type MigrationControls } from './migration-types';

/**
 * Starts the entries of `queue` (removing each) with `start`, which must not wait for the entry to finish, and calls
 * `started` after each. Returns when the queue is empty, on `cancel`, after {@link MAX_CHILDREN_PER_RUN} starts, when
 * the server suggests continuing as new, or when the batch has been paused that long; the entries not started stay in
 * `queue`.
 */
export async function startWithinBounds<Q>(
  queue: Q[],
  controls: MigrationControls,
  running: () => number,
  start: (entry: Q) => void,
  started: () => void,
): Promise<void> {
  const pausedTooLong = (): boolean => controls.paused && workflowInfo().continueAsNewSuggested;
  for (let n = 0; queue.length > 0; n++) {
    if (n >= MAX_CHILDREN_PER_RUN || workflowInfo().continueAsNewSuggested) break;
    await condition(
      () => controls.canceling || pausedTooLong() || (!controls.paused && running() < controls.concurrency),
    );
    if (controls.canceling || pausedTooLong()) break;
    start(queue.shift() as Q);
    started();
  }
}
