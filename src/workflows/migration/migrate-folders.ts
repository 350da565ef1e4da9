/**
 * The `migrateFolders` workflow: runs an `updateFolderAndWait` child per folder with bounded concurrency, never fails
 * as a whole for one folder, and continues as new every `MAX_CHILDREN_PER_RUN` children (migration-types.ts) so that a
 * migration of thousands of folders keeps a small history. Its children report their items by signal, so a run
 * continues as new without waiting for them and the next run takes them over (migration-children.ts). Updates pause,
 * resume, re-size or cancel it while it runs.
 *
 * Every payload is bounded: the items finished in a run stay in that run (query `getItems`, in pages of at most
 * 256 KiB); continue-as-new carries only the queue, the folders still running (at most the concurrency), the counts
 * and the run ids; the result holds the counts and run ids.
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { ValidFolderUpdate } from '../../common/folder-update-request';
import { folderUpdateDetails, folderUpdateSummary } from '../../common/summaries';
import { folderReportSignal } from '../folder-update/folder-report';
import { itemFromFailure, itemFromResult } from '../folder-update/folder-item';
import { updateFolderAndWait } from '../folder-update/update-folder-and-wait';
import { childSearchAttributes } from '../visibility';
import { getItemsQuery, handleControls, handleProgress } from './migration-control';
import { cancelFolders, folderWorkflowId, lostItem, watchTakenOver } from './migration-children';
import { countItem, noCounts, type OutcomeCounts } from './migration-counts';
import { itemsPage } from './migration-items-page';
import { startWithinBounds } from './migration-loop';
import { validateMigrateFoldersInput } from './migration-input';
import {
  type IndexedItem,
  type MigrateFoldersInput,
  type MigrationControls,
  type MigrationItem,
  type MigrationResult,
  type QueuedUpdate,
  type RunningFolder,
} from './migration-types';

/**
 * Migrates folders: one `updateFolderAndWait` child per valid row, at most `concurrency` at once.
 *
 * @returns the counts by outcome and the run ids; each run's items come from its `getItems` query.
 * @throws `InvalidInput` for an empty or oversized `updates` list, a bad `concurrency` or bad poll options. Bad rows do
 *   not fail the migration: they become FAILED items.
 */
export async function migrateFolders(input: MigrateFoldersInput): Promise<MigrationResult> {
  const { concurrency, lostCheckMs, pollOptions, carried, total, queue, invalid } = validateMigrateFoldersInput(input);
  const items: IndexedItem[] = [...invalid];
  const counts: OutcomeCounts = carried ? { ...noCounts(), ...carried.counts } : noCounts();
  for (const item of items) countItem(counts, item);
  const durations = { count: 0, totalMs: 0, ...carried?.durations };
  const controls: MigrationControls = { paused: carried?.paused ?? false, canceling: false, concurrency };
  /** The folder updates in flight, by row index: this run's, and those it took over from the run before. */
  const running = new Map<number, RunningFolder>();
  const takenOver = carried?.running ?? [];
  for (const folder of takenOver) running.set(folder.index, folder);
  const runIds = [...(carried?.priorRunIds ?? []), workflowInfo().runId];
  const retryOf = input.retryOf === undefined ? {} : { retryOf: input.retryOf };

  const showProgress = handleProgress(() => ({
    total,
    counts,
    controls,
    durations,
    queued: queue.length,
    runningStartedAtMs: [...running.values()].map((folder) => folder.startedAtMs),
  }));
  setHandler(getItemsQuery, (request) => itemsPage(items, request));
  handleControls(controls, showProgress);

  const finish = (item: IndexedItem): void => {
    items.push(item);
    countItem(counts, item);
  };
  /** Ends a running folder with its item; a second end of the same folder (its report, then its result) is ignored. */
  const settle = (index: number, item: MigrationItem): void => {
    const folder = running.get(index);
    if (!folder) return;
    running.delete(index);
    finish({ ...item, index });
    durations.count++;
    durations.totalMs += Date.now() - folder.startedAtMs;
    showProgress();
  };
  // A report settles only the folder of its row: one from a child of an earlier migration under the same workflow id
  // (terminated, then started again with other rows) is ignored.
  setHandler(folderReportSignal, (item) => {
    if (running.get(item.index)?.update.folderId === item.folderId) settle(item.index, item);
  });
  const parentId = workflowInfo().workflowId;
  const childOptions = (update: ValidFolderUpdate) => ({
    workflowId: folderWorkflowId(parentId, update.folderId),
    staticSummary: folderUpdateSummary(update),
    staticDetails: folderUpdateDetails(update, pollOptions),
    typedSearchAttributes: childSearchAttributes({ folderId: update.folderId, migrationId: parentId }),
  });
  let starting = 0;
  /**
   * Starts a folder's child, abandoned when the run closes, which reports by signal; while this run lasts, its result
   * (or its failure, when it closed without reporting) settles it too. Shielded from the workflow's cancellation, which
   * cancels the children itself (whichever run started them).
   */
  const startReporting = async ({ index, update }: QueuedUpdate): Promise<void> => {
    running.set(index, { index, update, startedAtMs: Date.now() });
    starting++;
    await CancellationScope.nonCancellable(async () => {
      let handle;
      try {
        handle = await startChild(updateFolderAndWait, {
          ...childOptions(update),
          args: [{ ...update, ...pollOptions, report: { migrationId: parentId, index } }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        settle(index, itemFromFailure(update.folderId, err));
        return;
      } finally {
        starting--;
      }
      try {
        settle(index, itemFromResult(await handle.result()));
      } catch (err) {
        settle(index, itemFromFailure(update.folderId, err));
      }
    });
  };
  const lost = (folder: RunningFolder): void => settle(folder.index, lostItem(parentId, folder));
  if (takenOver.length > 0) {
    void CancellationScope.nonCancellable(() =>
      watchTakenOver(parentId, takenOver, lostCheckMs, (i) => running.has(i), lost),
    );
  }

  try {
    await startWithinBounds(
      queue,
      controls,
      () => running.size,
      (entry) => void startReporting(entry),
      showProgress,
    );
    // Continuing as new, a run waits only for its children to have started; the next run takes them over.
    const handOver = queue.length > 0 && !controls.canceling;
    await condition(() => (handOver ? starting === 0 : running.size === 0));
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => cancelFolders(parentId, [...running.values()]));
    }
    throw err;
  }

  if (controls.canceling) {
    for (const { index, update } of queue.splice(0)) {
      finish({ index, folderId: update.folderId, outcome: 'NOT_STARTED', numErrors: 0, errors: [] });
    }
  }
  if (queue.length > 0) {
    await condition(allHandlersFinished);
    return await continueAsNew<typeof migrateFolders>({
      ...pollOptions,
      concurrency: controls.concurrency,
      ...(input.lostFolderCheck === undefined ? {} : { lostFolderCheck: input.lostFolderCheck }),
      updates: [],
      continuation: {
        total,
        queue,
        counts,
        priorRunIds: runIds,
        paused: controls.paused,
        durations,
        ...(running.size > 0 ? { running: [...running.values()] } : {}),
      },
      ...retryOf,
    });
  }
  return { total, ...counts, canceledByUser: controls.canceling, runIds, ...retryOf };
}
