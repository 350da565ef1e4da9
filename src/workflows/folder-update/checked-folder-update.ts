/**
 * How `updateFolderAndWait` runs one folder update: read the folder, skip it when it is already
 * in its target state (ALREADY_DONE, no POST), start the update with a POST that re-reads the folder before any retry,
 * wait in the `awaitFolderUpdate` child, then read the folder back and compare it with the target (verify).
 */
import { ApplicationFailure, executeChild, proxyActivities } from '@temporalio/workflow';
import type { HubSpotActivities } from '../../activities';
import { FailureTypes } from '../../common/failure-types';
import { folderMismatches, folderState, isInTargetState, type FolderState } from '../../common/folder-target';
import type { ValidFolderUpdate } from '../../common/folder-update-request';
import type { HubSpotFolder } from '../../common/folder-update-status';
import { FOLDER_READ_ACTIVITY_OPTIONS, START_ACTIVITY_OPTIONS } from '../activity-options';
import { awaitFolderUpdate } from '../await/await-folder-update';
import type { PollOptions } from '../await/poll-options';
import { sameTypedFailure } from '../typed-failure';
import { awaitChildMetadata } from '../visibility';
import { awaitWorkflowId } from '../workflow-ids';
import type { FolderAlreadyDoneResult, FolderUpdateAndWaitResult } from './folder-update-types';

/** A failure of the wait, re-raised with the folder's state before the POST as `details[1] = { before }`. */
function withBefore(err: unknown, before: FolderState): unknown {
  const failure = sameTypedFailure(err);
  if (!failure) return err;
  return ApplicationFailure.create({
    type: failure.type ?? 'ApplicationFailure',
    message: failure.message,
    nonRetryable: true,
    details: [failure.details?.[0] ?? null, { before }],
    cause: failure.cause,
  });
}

/** Runs one folder update the checked way; see the module doc. */
export async function checkedFolderUpdate(
  update: ValidFolderUpdate,
  pollOptions: PollOptions,
  startFailure: (err: unknown) => unknown,
): Promise<FolderUpdateAndWaitResult> {
  const { getFolder } = proxyActivities<HubSpotActivities>({
    ...FOLDER_READ_ACTIVITY_OPTIONS,
    summary: `Read folder ${update.folderId}`,
  });
  const { startFolderUpdateUnlessDone } = proxyActivities<HubSpotActivities>({
    ...START_ACTIVITY_OPTIONS,
    summary: `Start the update of folder ${update.folderId}`,
  });
  const read = async (folderId: string): Promise<HubSpotFolder | null> => {
    try {
      return await getFolder(folderId);
    } catch (err) {
      throw sameTypedFailure(err) ?? startFailure(err);
    }
  };
  const found = await read(update.folderId);
  if (!found) {
    throw ApplicationFailure.create({
      type: FailureTypes.FolderNotFound,
      message: `Folder ${update.folderId} was not found at HubSpot (404); nothing was started`,
      nonRetryable: true,
    });
  }
  const before = folderState(found);
  const done = (after: FolderState): FolderAlreadyDoneResult => ({
    folderId: update.folderId,
    status: 'ALREADY_DONE',
    numErrors: 0,
    errors: [],
    polls: 0,
    before,
    after,
  });
  if (isInTargetState(before, update)) return done(before);

  let started;
  try {
    started = await startFolderUpdateUnlessDone(update);
  } catch (err) {
    throw sameTypedFailure(err) ?? startFailure(err);
  }
  if ('alreadyDone' in started) return done(folderState(started.alreadyDone));

  let result: Awaited<ReturnType<typeof awaitFolderUpdate>>;
  try {
    result = await executeChild(awaitFolderUpdate, {
      workflowId: awaitWorkflowId(started.taskId),
      args: [{ taskId: started.taskId, ...pollOptions }],
      ...awaitChildMetadata(started.taskId, update.folderId, pollOptions),
    });
  } catch (err) {
    throw withBefore(err, before);
  }
  const readBack = await read(update.folderId);
  const after = readBack ? folderState(readBack) : {};
  const parent = readBack?.parentFolderId === undefined ? undefined : await read(readBack.parentFolderId);
  const mismatches = readBack
    ? folderMismatches(after, update, parent?.path)
    : [`folder: expected ${update.folderId}, found none (404 after the update)`];
  return { ...result, folderId: update.folderId, before, after, mismatches };
}
