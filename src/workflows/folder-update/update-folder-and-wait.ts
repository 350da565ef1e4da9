/**
 * The `updateFolderAndWait` workflow: reads the folder, skips it when it is already in its target state
 * (ALREADY_DONE, no POST), starts the update with a POST that re-reads the folder before any retry, waits in an
 * `awaitFolderUpdate` child workflow with the id `hubspot-folder-update-<taskId>` (seen and queried on its own), then
 * reads the folder back and compares it with the target (verify). See `checked-folder-update.ts`.
 */
import { ApplicationFailure, isCancellation, setHandler } from '@temporalio/workflow';
import { FailureTypes } from '../../common/failure-types';
import { checkedFolderUpdate } from './checked-folder-update';
import { folderPingSignal, reportingOutcome } from './folder-report';
import type { FolderUpdateAndWaitResult, UpdateFolderAndWaitInput } from './folder-update-types';
import { checkReportTarget, validateUpdateFolderAndWaitInput } from './update-folder-input';

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
  const run = async (): Promise<FolderUpdateAndWaitResult> => {
    const { update, pollOptions } = validateUpdateFolderAndWaitInput(input);
    return await checkedFolderUpdate(update, pollOptions, (err) => startFailure(err, update.folderId));
  };
  if (!report) return await run();
  // A ping from the migration needs no answer: its delivery is the answer. A bad row is reported as FAILED too.
  setHandler(folderPingSignal, () => undefined);
  return await reportingOutcome(report, String(input.folderId), run);
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
