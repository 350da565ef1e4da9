/**
 * The `updateFolderAndWait` workflow: starts one folder update (rename and/or move) and waits for it in an
 * `awaitFolderUpdate` child workflow with the id `hubspot-folder-update-<taskId>`, which can be seen and queried on
 * its own.
 */
import { ApplicationFailure, executeChild, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { HubSpotActivities } from '../activities';
import { FailureTypes } from '../common/failure-types';
import { validateFolderUpdate, type FolderUpdateRequest } from '../common/folder-update-request';
import { START_ACTIVITY_OPTIONS } from './activity-options';
import { awaitFolderUpdate } from './await-folder-update';
import type { FolderUpdateResult } from './outcome';
import { pickPollOptions, resolvePollOptions, type PollOptions } from './poll-options';
import { sameTypedFailure } from './typed-failure';

/** Input of `updateFolderAndWait`: the update, plus the poll options of `awaitFolderUpdate`. */
export type UpdateFolderAndWaitInput = FolderUpdateRequest & PollOptions;

/** What `updateFolderAndWait` returns: the `awaitFolderUpdate` result plus the folder id. */
export interface FolderUpdateAndWaitResult extends FolderUpdateResult {
  folderId: string;
}

/** The id of the `awaitFolderUpdate` workflow that waits on a task. */
export function awaitWorkflowId(taskId: string): string {
  return `hubspot-folder-update-${taskId}`;
}

/**
 * Starts a folder update and waits for it.
 *
 * @throws `InvalidInput` before any HTTP call; the start's own failure types (`HubSpotUnauthorized`, … or, once its
 *   5 attempts are spent, `HubSpotServerError`/`HubSpotUnavailable`); and every `awaitFolderUpdate` failure type.
 */
export async function updateFolderAndWait(input: UpdateFolderAndWaitInput): Promise<FolderUpdateAndWaitResult> {
  const update = validateFolderUpdate(input);
  const pollOptions = pickPollOptions(input ?? {});
  resolvePollOptions(pollOptions);

  const { startFolderUpdate } = proxyActivities<HubSpotActivities>(START_ACTIVITY_OPTIONS);
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
