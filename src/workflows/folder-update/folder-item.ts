/**
 * Turns the end of one `updateFolderAndWait` child into a migration item. Pure.
 */
import { ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';
import { FailureTypes } from '../../common/failure-types';
import type { FolderState } from '../../common/folder-target';
import type { FolderUpdateStatus } from '../../common/folder-update-status';
import { taskIdOfAwaitWorkflowId } from '../workflow-ids';
import { MAX_ERRORS_PER_ITEM, type FolderUpdateAndWaitResult, type MigrationItem } from './folder-update-types';

/**
 * The item of a child that returned: ALREADY_DONE; MISMATCH when verify found a difference; COMPLETED_WITH_ERRORS
 * when `allowErrors` let errors through; else COMPLETE. Keeps the folder's state before and after when known.
 */
export function itemFromResult(result: FolderUpdateAndWaitResult): MigrationItem {
  if (result.status === 'ALREADY_DONE') {
    return {
      folderId: result.folderId,
      outcome: 'ALREADY_DONE',
      numErrors: 0,
      errors: [],
      before: result.before,
      after: result.after,
    };
  }
  const mismatches = result.mismatches ?? [];
  const item: MigrationItem = {
    folderId: result.folderId,
    taskId: result.taskId,
    outcome: mismatches.length > 0 ? 'MISMATCH' : result.numErrors > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETE',
    numErrors: result.numErrors,
    errors: result.errors.slice(0, MAX_ERRORS_PER_ITEM),
  };
  if (result.before) item.before = result.before;
  if (result.after) item.after = result.after;
  if (mismatches.length > 0) {
    item.mismatches = mismatches;
    item.message = `Verify after COMPLETE: ${mismatches.join('; ')}`;
  }
  return item;
}

/** The folder's state before the POST, from `details[1] = { before }` of a checked update's failure. */
function beforeOf(failure: ApplicationFailure | undefined): FolderState | undefined {
  const extra = failure?.details?.[1] as { before?: FolderState } | null | undefined;
  return extra !== null && typeof extra === 'object' && extra.before !== null && typeof extra.before === 'object'
    ? extra.before
    : undefined;
}

function isStatus(value: unknown): value is FolderUpdateStatus {
  return value !== null && typeof value === 'object' && 'status' in value && 'taskId' in value && 'errors' in value;
}

/** The task id of a failed child: from the last status, or from the id of the `awaitFolderUpdate` grandchild. */
function taskIdOf(err: unknown, status: FolderUpdateStatus | undefined): string | undefined {
  if (status) return status.taskId;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const taskId = e instanceof ChildWorkflowFailure ? taskIdOfAwaitWorkflowId(e.execution?.workflowId) : undefined;
    if (taskId !== undefined) return taskId;
  }
  return undefined;
}

/** The innermost `ApplicationFailure` of a child's failure chain that says what went wrong. */
function applicationFailureOf(err: unknown): ApplicationFailure | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof ApplicationFailure) return e;
  return undefined;
}

/** What a failed child's item says whatever it worked on: its outcome, errors, failure type, message and task id. */
export type FailureFields = Pick<MigrationItem, 'taskId' | 'numErrors' | 'errors' | 'failureType' | 'message'> & {
  outcome: 'CANCELED' | 'COMPLETED_WITH_ERRORS' | 'FAILED';
};

/**
 * The fields of a child's failure: CANCELED (`FolderUpdateCanceled`, `FileImportCanceled`), COMPLETED_WITH_ERRORS or
 * FAILED, with the failure's type and message, the last status's errors and the task id when known.
 */
export function failureFields(err: unknown): FailureFields {
  const failure = applicationFailureOf(err);
  const last = failure?.details?.[0];
  const status = isStatus(last) ? last : undefined;
  const type = failure?.type ?? (err instanceof Error ? err.name : 'Error');
  const outcome =
    type === FailureTypes.FolderUpdateCanceled || type === FailureTypes.FileImportCanceled
      ? 'CANCELED'
      : type === FailureTypes.FolderUpdateCompletedWithErrors
        ? 'COMPLETED_WITH_ERRORS'
        : 'FAILED';
  const fields: FailureFields = {
    outcome,
    numErrors: status?.numErrors ?? 0,
    errors: (status?.errors ?? []).slice(0, MAX_ERRORS_PER_ITEM),
    failureType: type,
    message: failure?.message ?? (err instanceof Error ? err.message : String(err)),
  };
  const taskId = taskIdOf(err, status);
  if (taskId !== undefined) fields.taskId = taskId;
  return fields;
}

/** The item of a child that failed: {@link failureFields}, with the folder and its state before when known. */
export function itemFromFailure(folderId: string, err: unknown): MigrationItem {
  const { taskId, ...fields } = failureFields(err);
  const item: MigrationItem = { folderId, ...fields };
  if (taskId !== undefined) item.taskId = taskId;
  const before = beforeOf(applicationFailureOf(err));
  if (before) item.before = before;
  return item;
}
