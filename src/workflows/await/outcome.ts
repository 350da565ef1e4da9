/**
 * Turns a terminal status into the workflow's outcome: a {@link FolderUpdateResult}, or a typed failure whose
 * `details[0]` is the last status. Workflow-safe.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FolderUpdateStatus, HubSpotFolder, HubSpotTaskError } from '../../common/folder-update-status';
import { FailureTypes, type FailureType } from '../../common/failure-types';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';

/** How outcomes name a kind: its label in messages and its CANCELED failure type. Defaults to the folder update's. */
export interface OutcomeNames {
  /** `Folder-update`, `File-import`, … */
  label: string;
  canceledFailure: FailureType;
}

/** The folder update's names, the default. */
const FOLDER_UPDATE_NAMES: OutcomeNames = {
  label: 'Folder-update',
  canceledFailure: FailureTypes.FolderUpdateCanceled,
};

/** What a wait on any kind returns for a COMPLETE task: {@link FolderUpdateResult}'s fields, with the kind's result. */
export type HubSpotTaskResult<R = unknown> = Omit<FolderUpdateResult, 'result'> & {
  /** What the task produced, when HubSpot sent it. */
  result?: R;
};

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

function firstError(status: Pick<FolderUpdateStatus, 'errors'>): string {
  const first = status.errors[0];
  if (!first) return '';
  const scopes = first.missingScopes.length > 0 ? ` (missing scopes: ${first.missingScopes.join(', ')})` : '';
  return `; first: ${first.category ?? 'no category'}: ${first.message ?? 'no message'}${scopes}`;
}

/**
 * The outcome of a terminal status.
 *
 * @throws the kind's CANCELED failure (`FolderUpdateCanceled`; `FileImportCanceled` for a file import) for CANCELED;
 *   `FolderUpdateCompletedWithErrors` for COMPLETE with errors unless `allowErrors`. Both non-retryable, with the
 *   status as `details[0]`.
 */
export function resultOfTerminalStatus<R = HubSpotFolder>(
  status: HubSpotAsyncTaskStatus<R>,
  polls: number,
  allowErrors: boolean,
  names: OutcomeNames = FOLDER_UPDATE_NAMES,
): HubSpotTaskResult<R> {
  const { label } = names;
  if (status.status === 'CANCELED') {
    const again = names.canceledFailure === FailureTypes.FileImportCanceled ? '. Start the import again.' : '';
    throw ApplicationFailure.create({
      type: names.canceledFailure,
      message: `${label} task ${status.taskId} was canceled, with ${errorCount(status.numErrors)}${firstError(status)}${again}`,
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
        `${label} task ${status.taskId} completed with ${errorCount(status.numErrors)}${firstError(status)}. ` +
        `Fix the cause and ${label === FOLDER_UPDATE_NAMES.label ? 'update' : 'start it'} again, or set allowErrors to accept the result.`,
      nonRetryable: true,
      details: [status],
    });
  }
  const out: HubSpotTaskResult<R> = {
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
  lastStatus: HubSpotAsyncTaskStatus | undefined,
  polls: number,
  timeoutMs: number,
  lastError?: string,
  label: string = FOLDER_UPDATE_NAMES.label,
): ApplicationFailure {
  const last = lastStatus
    ? `last status ${lastStatus.status} with ${errorCount(lastStatus.numErrors)}`
    : 'no status was read';
  return ApplicationFailure.create({
    type: FailureTypes.FolderUpdateTimedOut,
    message:
      `${label} task ${taskId} did not finish within the timeout of ${timeoutMs} ms (${last}, after ${polls} polls)` +
      (lastError ? `; the last poll failed: ${lastError}` : ''),
    nonRetryable: true,
    details: [lastStatus ?? null],
  });
}
