/**
 * The `updateFolderAndWait` workflow: starts one folder update (rename and/or move) and waits for it in an
 * `awaitFolderUpdate` child workflow with the id `hubspot-folder-update-<taskId>`, which can be seen and queried on
 * its own.
 */
import {
  ApplicationFailure,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { HubSpotActivities } from '../activities';
import { FailureTypes } from '../common/failure-types';
import { validateFolderUpdate, type FolderUpdateRequest } from '../common/folder-update-request';
import { START_ACTIVITY_OPTIONS } from './activity-options';
import { awaitFolderUpdate } from './await-folder-update';
import { checkedFolderUpdate, type FolderAlreadyDoneResult, type FolderUpdatedResult } from './checked-folder-update';
import { checkReportTarget, folderPingSignal, reportingOutcome, type FolderReportTarget } from './folder-report';
import { pickPollOptions, resolvePollOptions, type PollOptions } from './poll-options';
import { sameTypedFailure } from './typed-failure';
import { awaitChildMetadata } from './visibility';
import { awaitWorkflowId } from './workflow-ids';

/**
 * Input of `updateFolderAndWait`: the update, plus the poll options of `awaitFolderUpdate`. `report` (set by
 * `migrateFolders`) names the migration that the child reports its item to by signal before it closes.
 */
export type UpdateFolderAndWaitInput = FolderUpdateRequest & PollOptions & { report?: FolderReportTarget };

/**
 * What `updateFolderAndWait` returns: the `awaitFolderUpdate` result plus the folder id, the folder before and after
 * and what verify found; or `status: 'ALREADY_DONE'` when the folder was already in its target state.
 */
export type FolderUpdateAndWaitResult = FolderUpdatedResult | FolderAlreadyDoneResult;

/** The patch that adds the folder read, ALREADY_DONE, the re-read before a retried POST and verify. */
export const READ_FOLDER_FIRST_PATCH = 'read-folder-first';

export { awaitWorkflowId } from './workflow-ids';

/**
 * Starts a folder update and waits for it: reads the folder first (ALREADY_DONE without a POST when it is already in
 * its target state), and reads it back after a COMPLETE task to verify name, parent and path.
 *
 * @throws `InvalidInput` before any HTTP call; the start's own failure types (`HubSpotUnauthorized`, … or, once its
 *   5 attempts are spent, `HubSpotServerError`/`HubSpotUnavailable`); `FolderNotFound` for an unknown folder; and
 *   every `awaitFolderUpdate` failure type (with `details[1] = { before }`, the folder before the POST).
 */
export async function updateFolderAndWait(input: UpdateFolderAndWaitInput): Promise<FolderUpdateAndWaitResult> {
  const report = checkReportTarget(input?.report);
  if (!report) return await updateFolder(input);
  // A ping from the migration needs no answer: its delivery is the answer.
  setHandler(folderPingSignal, () => undefined);
  return await reportingOutcome(report, String(input.folderId), () => updateFolder(input));
}

async function updateFolder(input: UpdateFolderAndWaitInput): Promise<FolderUpdateAndWaitResult> {
  const update = validateFolderUpdate(input);
  const pollOptions = pickPollOptions(input ?? {});
  resolvePollOptions(pollOptions);

  if (patched(READ_FOLDER_FIRST_PATCH)) {
    return checkedFolderUpdate(update, pollOptions, (err) => startFailure(err, update.folderId));
  }
  const { startFolderUpdate } = proxyActivities<HubSpotActivities>({
    ...START_ACTIVITY_OPTIONS,
    summary: `Start the update of folder ${update.folderId}`,
  });
  let taskId: string;
  try {
    ({ taskId } = await startFolderUpdate(update));
  } catch (err) {
    throw sameTypedFailure(err) ?? startFailure(err, update.folderId);
  }

  try {
    const result = await executeChild(awaitFolderUpdate, {
      workflowId: awaitWorkflowId(taskId),
      args: [{ taskId, ...pollOptions }],
      ...awaitChildMetadata(taskId, update.folderId, pollOptions),
    });
    return { ...result, folderId: update.folderId };
  } catch (err) {
    throw sameTypedFailure(err) ?? err;
  }
}

/** A start that failed without an `ApplicationFailure` (its attempts timed out): `HubSpotUnavailable`. */
function startFailure(err: unknown, folderId: string): unknown {
  if (!(err instanceof Error) || isCancellation(err)) return err;
  const cause = err.cause instanceof Error ? err.cause : err;
  return ApplicationFailure.create({
    type: FailureTypes.HubSpotUnavailable,
    message: `Could not start the update of folder ${folderId}: ${cause.message}`,
    nonRetryable: true,
    cause: err,
  });
}
