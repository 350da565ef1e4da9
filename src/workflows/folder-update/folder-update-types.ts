/**
 * The types of one folder update: the input and result of `updateFolderAndWait`, and the per-folder outcome model a
 * migration keeps (one item a folder). Workflow-safe; imports nothing of the workflows but the wait's types.
 */
import type { FolderState } from '../../common/folder-target';
import type { FolderUpdateRequest } from '../../common/folder-update-request';
import type { HubSpotTaskError } from '../../common/folder-update-status';
import type { FolderUpdateResult } from '../await/outcome';
import type { PollOptions } from '../await/poll-options';

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

/** A folder update that ran: the task's result, the folder before and after, and what verify found. */
export interface FolderUpdatedResult extends FolderUpdateResult {
  folderId: string;
  /** The folder as read before the POST. */
  before: FolderState;
  /** The folder as read back after the task completed (empty when it was not found). */
  after: FolderState;
  /** What differs from the target after the task completed (`name: expected "B", found "A"`); empty when verified. */
  mismatches: string[];
}

/** A folder already in its target state: no task was started (or an earlier attempt's task had already landed). */
export interface FolderAlreadyDoneResult {
  folderId: string;
  status: 'ALREADY_DONE';
  numErrors: 0;
  errors: [];
  polls: 0;
  before: FolderState;
  after: FolderState;
}

/** Where a child reports: the migration's workflow id and the folder's row index in the migration. */
export interface FolderReportTarget {
  migrationId: string;
  /** 0-based index of the folder's row in the migration's input. */
  index: number;
}

/**
 * How one folder's update ended. `ALREADY_DONE`: the folder was already in its target state, and no task was started;
 * `MISMATCH`: the task completed, but the folder read back differs from the target (see `mismatches`); `NOT_STARTED`:
 * the migration was canceled (Update `cancel`) before the folder's turn.
 */
export type MigrationOutcome =
  'COMPLETE' | 'COMPLETED_WITH_ERRORS' | 'CANCELED' | 'FAILED' | 'ALREADY_DONE' | 'MISMATCH' | 'NOT_STARTED';

/** One folder's line in the migration result. */
export interface MigrationItem {
  folderId: string;
  /** The HubSpot task id, once the update was started. */
  taskId?: string;
  outcome: MigrationOutcome;
  numErrors: number;
  /** HubSpot's task errors (at most {@link MAX_ERRORS_PER_ITEM}; `numErrors` keeps the full count). */
  errors: HubSpotTaskError[];
  /** The failure type, for FAILED (and CANCELED, COMPLETED_WITH_ERRORS when they failed the child). */
  failureType?: string;
  message?: string;
  /** The folder's name, parent and path before the update, when it was read. */
  before?: FolderState;
  /** The folder's name, parent and path as read back after the task completed (or as found, for ALREADY_DONE). */
  after?: FolderState;
  /** For MISMATCH: what differs from the target, one line per field. */
  mismatches?: string[];
}

/** A finished item with its place in the input. */
export interface IndexedItem extends MigrationItem {
  index: number;
}

/** Errors kept per item; `numErrors` keeps the full count. */
export const MAX_ERRORS_PER_ITEM = 20;
