/**
 * The types of the `migrateFolders` workflow: its input, its per-folder items, its result and its progress.
 */
import type { FolderUpdateRequest, ValidFolderUpdate } from '../common/folder-update-request';
import type { FolderState } from '../common/folder-target';
import type { HubSpotTaskError } from '../common/folder-update-status';
import type { PollOptions } from './poll-options';

/**
 * How one folder's update ended. `ALREADY_DONE`: the folder was already in its target state, and no task was started;
 * `MISMATCH`: the task completed, but the folder read back differs from the target (see `mismatches`).
 */
export type MigrationOutcome =
  'COMPLETE' | 'COMPLETED_WITH_ERRORS' | 'CANCELED' | 'FAILED' | 'ALREADY_DONE' | 'MISMATCH';

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

/** Input of `migrateFolders`. */
export interface MigrateFoldersInput extends PollOptions {
  /** The folder updates, at most {@link MAX_MIGRATION_UPDATES}. Each needs a `folderId` and a `name` and/or `parentFolderId`. */
  updates: FolderUpdateRequest[];
  /** How many folder updates run at once, 1 to 100. Defaults to 5. */
  concurrency?: number;
  /** Internal: set by continue-as-new. */
  continuation?: MigrationContinuation;
  /** The workflow id of the migration this one retries (`migrate --retry-failed`); echoed in the result. */
  retryOf?: string;
}

/** What `migrateFolders` returns: counts by outcome, and one item per input row, in input order. */
export interface MigrationResult {
  total: number;
  completed: number;
  completedWithErrors: number;
  canceled: number;
  failed: number;
  /** Folders already in their target state (no task started). */
  alreadyDone: number;
  /** Folders whose task completed but whose state differs from the target. */
  mismatched: number;
  items: MigrationItem[];
  /** The migration this one retries, when it is a retry. */
  retryOf?: string;
}

/** What the `getProgress` query returns: the counts so far. */
export interface MigrationProgress {
  total: number;
  completed: number;
  completedWithErrors: number;
  canceled: number;
  failed: number;
  alreadyDone: number;
  mismatched: number;
  /** Folder updates in flight. */
  running: number;
  /** Folder updates finished, in every outcome. */
  done: number;
}

/** A row waiting to run, with its place in the input. */
export interface QueuedUpdate {
  index: number;
  update: ValidFolderUpdate;
}

/** A finished item with its place in the input. */
export interface IndexedItem extends MigrationItem {
  index: number;
}

/** State carried across continue-as-new. */
export interface MigrationContinuation {
  total: number;
  done: IndexedItem[];
  queue: QueuedUpdate[];
}

/** Most updates one migration takes; split larger ones (the result must fit one Temporal payload). */
export const MAX_MIGRATION_UPDATES = 10_000;

/** Errors kept per item; `numErrors` keeps the full count. */
export const MAX_ERRORS_PER_ITEM = 20;

/** The default number of folder updates in flight. */
export const DEFAULT_MIGRATION_CONCURRENCY = 5;

/** Most folder updates in flight at once. */
export const MAX_MIGRATION_CONCURRENCY = 100;
