/**
 * Turns a terminal status into the workflow's outcome: a {@link FolderUpdateResult}, or a typed failure whose
 * `details[0]` is the last status. Workflow-safe.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FolderUpdateStatus, HubSpotFolder, HubSpotTaskError } from '../../common/folder-update-status';
import { FailureTypes } from '../../common/failure-types';

/** What `awaitFolderUpdate` returns for a COMPLETE task (without errors, or with `allowErrors`). */
export interface FolderUpdateResult {
  taskId: string;
  status: 'COMPLETE';
  numErrors: number;
  errors: HubSpotTaskError[];
  /** The updated folder, when HubSpot sent it. */
  result?: HubSpotFolder;
  requestedAt?: string;
  startedAt?: string;
  completedAt?: string;
  /** Status responses read, over all runs. */
  polls: number;
}

function errorCount(n: number): string {
  return `${n} error${n === 1 ? '' : 's'}`;
}

function firstError(status: FolderUpdateStatus): string {
  const first = status.errors[0];
  if (!first) return '';
  const scopes = first.missingScopes.length > 0 ? ` (missing scopes: ${first.missingScopes.join(', ')})` : '';
  return `; first: ${first.category ?? 'no category'}: ${first.message ?? 'no message'}${scopes}`;
}

/**
 * The outcome of a terminal status.
 *
 * @throws `FolderUpdateCanceled` for CANCELED; `FolderUpdateCompletedWithErrors` for COMPLETE with errors unless
 *   `allowErrors`. Both non-retryable, with the status as `details[0]`.
 */
export function resultOfTerminalStatus(
  status: FolderUpdateStatus,
  polls: number,
  allowErrors: boolean,
): FolderUpdateResult {
  if (status.status === 'CANCELED') {
    throw ApplicationFailure.create({
      type: FailureTypes.FolderUpdateCanceled,
      message: `Folder-update task ${status.taskId} was canceled, with ${errorCount(status.numErrors)}${firstError(status)}`,
      nonRetryable: true,
      details: [status],
    });
  }
  if (status.status !== 'COMPLETE')
    throw new TypeError(`resultOfTerminalStatus() needs a terminal status, got ${status.status}`);
  if (status.numErrors > 0 && !allowErrors) {
    throw ApplicationFailure.create({
      type: FailureTypes.FolderUpdateCompletedWithErrors,
      message:
        `Folder-update task ${status.taskId} completed with ${errorCount(status.numErrors)}${firstError(status)}. ` +
        'Fix the cause and update again, or set allowErrors to accept the result.',
      nonRetryable: true,
      details: [status],
    });
  }
  const out: FolderUpdateResult = {
    taskId: status.taskId,
    status: 'COMPLETE',
    numErrors: status.numErrors,
    errors: status.errors,
    polls,
  };
  if (status.result !== undefined) out.result = status.result;
  if (status.requestedAt !== undefined) out.requestedAt = status.requestedAt;
  if (status.startedAt !== undefined) out.startedAt = status.startedAt;
  if (status.completedAt !== undefined) out.completedAt = status.completedAt;
  return out;
}

/**
 * `FolderUpdateTimedOut`: the deadline passed; `details[0]` is the last status read, or null if none was.
 * `lastError` is HubSpot's last failure when the polls were failing at the deadline.
 */
export function timedOutFailure(
  taskId: string,
  lastStatus: FolderUpdateStatus | undefined,
  polls: number,
  timeoutMs: number,
  lastError?: string,
): ApplicationFailure {
  const last = lastStatus
    ? `last status ${lastStatus.status} with ${errorCount(lastStatus.numErrors)}`
    : 'no status was read';
  return ApplicationFailure.create({
    type: FailureTypes.FolderUpdateTimedOut,
    message:
      `Folder-update task ${taskId} did not finish within the timeout of ${timeoutMs} ms (${last}, after ${polls} polls)` +
      (lastError ? `; the last poll failed: ${lastError}` : ''),
    nonRetryable: true,
    details: [lastStatus ?? null],
  });
}
