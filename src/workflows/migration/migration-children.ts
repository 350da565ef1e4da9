/**
 * The folder-update children of a `migrateFolders` run. Each child is
 * abandoned when its run closes and reports its item by signal to the migration's workflow id (folder-report.ts), so
 * a run continues as new without waiting for its children: the next run takes over the ones still running (the
 * continuation carries them) and counts them against the concurrency. Here: the child's id, the check for children
 * that closed without reporting, and their cancellation with the migration.
 */
import { getExternalWorkflowHandle, sleep } from '@temporalio/workflow';
import { FailureTypes } from '../../common/failure-types';
import { folderPingSignal } from '../folder-update/folder-report';
import type { IndexedItem, RunningFolder } from './migration-types';

/**
 * When a run first checks the children it took over and has not heard from, by default, in milliseconds after it
 * starts: 5 min (input `lostFolderCheck`).
 */
export const DEFAULT_LOST_FOLDER_CHECK_MS = 5 * 60_000;

/** The longest wait between two such checks, in milliseconds: 1 h (the wait doubles from the first). */
export const MAX_LOST_FOLDER_CHECK_MS = 60 * 60_000;

/** The workflow id of a folder's `updateFolderAndWait` child: `<migration id>/folder-<folderId>`. */
export function folderWorkflowId(migrationId: string, folderId: string): string {
  return `${migrationId}/folder-${folderId}`;
}

/** The item of a folder whose child closed without reporting its outcome. */
export function lostItem(migrationId: string, { index, update }: RunningFolder): IndexedItem {
  return {
    index,
    folderId: update.folderId,
    outcome: 'FAILED',
    numErrors: 0,
    errors: [],
    failureType: FailureTypes.FolderUpdateLost,
    message:
      `The folder update ${folderWorkflowId(migrationId, update.folderId)} closed without reporting its outcome ` +
      '(terminated, timed out or reset?): its own history tells how it ended',
  };
}

/**
 * Watches the children a run took over: after `firstCheckMs`, then at doubling intervals up to
 * {@link MAX_LOST_FOLDER_CHECK_MS}, it pings each one still running (signal `folderPing`). A ping fails only when the
 * child has closed, and a child reports before it closes, so a failed ping with no report means the child was lost:
 * `onLost` gets it. Ends once none is left running. One timer per check and one signal per child still running.
 */
export async function watchTakenOver(
  migrationId: string,
  folders: readonly RunningFolder[],
  firstCheckMs: number,
  isRunning: (index: number) => boolean,
  onLost: (folder: RunningFolder) => void,
): Promise<void> {
  for (let waitMs = firstCheckMs; ; waitMs = Math.min(2 * waitMs, MAX_LOST_FOLDER_CHECK_MS)) {
    await sleep(waitMs);
    const silent = folders.filter((f) => isRunning(f.index));
    if (silent.length === 0) return;
    await Promise.all(
      silent.map(async (folder) => {
        try {
          await getExternalWorkflowHandle(folderWorkflowId(migrationId, folder.update.folderId)).signal(
            folderPingSignal,
          );
        } catch {
          if (isRunning(folder.index)) onLost(folder);
        }
      }),
    );
  }
}

/** Requests cancellation of each folder's child, whichever run started it; a child already closed is skipped. */
export async function cancelFolders(migrationId: string, folders: readonly RunningFolder[]): Promise<void> {
  await Promise.all(
    folders.map(({ update }) =>
      getExternalWorkflowHandle(folderWorkflowId(migrationId, update.folderId))
        .cancel()
        .catch(() => undefined),
    ),
  );
}
