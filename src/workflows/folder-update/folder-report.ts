/**
 * How a folder's `updateFolderAndWait` child tells its migration how it ended: by signal `folderReport` to the
 * migration's workflow id, so that the report reaches whichever run of the migration is open (the run that started the
 * child may have continued as new since). The child sends it only when its input names a {@link FolderReportTarget}
 * (set by `migrateFolders`); other children have no such step.
 */
import { CancellationScope, defineSignal, getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { itemFromFailure, itemFromResult } from './folder-item';
import type { FolderReportTarget, FolderUpdateAndWaitResult, IndexedItem } from './folder-update-types';

/** Signal `folderReport`: a folder's item, sent by its child to the migration just before the child closes. */
export const folderReportSignal = defineSignal<[IndexedItem]>('folderReport');

/**
 * Signal `folderPing`: sent by a migration to a child it took over from an earlier run and has not heard from. It
 * asks nothing: a ping that fails tells the migration that the child closed without reporting (terminated, say).
 */
export const folderPingSignal = defineSignal('folderPing');

/**
 * Runs a folder update and reports its item to the migration, whether it returned or failed (cancellation included);
 * then returns or throws as the update did. A report that cannot be delivered (the migration has closed) is logged and
 * dropped: the folder's own history still holds its outcome.
 */
export async function reportingOutcome(
  target: FolderReportTarget,
  folderId: string,
  run: () => Promise<FolderUpdateAndWaitResult>,
): Promise<FolderUpdateAndWaitResult> {
  let item: IndexedItem | undefined;
  try {
    const result = await run();
    item = { index: target.index, ...itemFromResult(result) };
    return result;
  } catch (err) {
    item = { index: target.index, ...itemFromFailure(folderId, err) };
    throw err;
  } finally {
    await CancellationScope.nonCancellable(async () => {
      try {
        if (item) await getExternalWorkflowHandle(target.migrationId).signal(folderReportSignal, item);
      } catch (err) {
        log.warn('Could not report the folder update to its migration', {
          migrationId: target.migrationId,
          folderId,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    });
  }
}
