/**
 * Turns the end of one `updateFolderAndWait` child into a migration item. Pure.
 */
import { ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';
import { FailureTypes } from '../common/failure-types';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { MAX_ERRORS_PER_ITEM, type MigrationItem } from './migration-types';
import type { FolderUpdateAndWaitResult } from './update-folder-and-wait';

const AWAIT_ID_PREFIX = 'hubspot-folder-update-';

/** The item of a child that returned: COMPLETE, or COMPLETED_WITH_ERRORS when `allowErrors` let errors through. */
export function itemFromResult(result: FolderUpdateAndWaitResult): MigrationItem {
  return {
    folderId: result.folderId,
    taskId: result.taskId,
    outcome: result.numErrors > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETE',
    numErrors: result.numErrors,
    errors: result.errors.slice(0, MAX_ERRORS_PER_ITEM),
  };
}

function isStatus(value: unknown): value is FolderUpdateStatus {
  return value !== null && typeof value === 'object' && 'status' in value && 'taskId' in value && 'errors' in value;
}

/** The task id of a failed child: from the last status, or from the id of the `awaitFolderUpdate` grandchild. */
function taskIdOf(err: unknown, status: FolderUpdateStatus | undefined): string | undefined {
  if (status) return status.taskId;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const id = e instanceof ChildWorkflowFailure ? e.execution?.workflowId : undefined;
    if (id?.startsWith(AWAIT_ID_PREFIX)) return id.slice(AWAIT_ID_PREFIX.length);
  }
  return undefined;
}

/** The innermost `ApplicationFailure` of a child's failure chain that says what went wrong. */
function applicationFailureOf(err: unknown): ApplicationFailure | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof ApplicationFailure) return e;
  return undefined;
}

/** The item of a child that failed: CANCELED, COMPLETED_WITH_ERRORS or FAILED, with the failure's type and message. */
export function itemFromFailure(folderId: string, err: unknown): MigrationItem {
  const failure = applicationFailureOf(err);
  const last = failure?.details?.[0];
  const status = isStatus(last) ? last : undefined;
  const type = failure?.type ?? (err instanceof Error ? err.name : 'Error');
  const outcome =
    type === FailureTypes.FolderUpdateCanceled
      ? 'CANCELED'
      : type === FailureTypes.FolderUpdateCompletedWithErrors
        ? 'COMPLETED_WITH_ERRORS'
        : 'FAILED';
  const item: MigrationItem = {
    folderId,
    outcome,
    numErrors: status?.numErrors ?? 0,
    errors: (status?.errors ?? []).slice(0, MAX_ERRORS_PER_ITEM),
    failureType: type,
    message: failure?.message ?? (err instanceof Error ? err.message : String(err)),
  };
  const taskId = taskIdOf(err, status);
  if (taskId !== undefined) item.taskId = taskId;
  return item;
}
