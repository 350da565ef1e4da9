/**
 * The types of the `importFilesFromUrls` workflow: its input, its per-import items and its result. Workflow-safe.
 */
import type { FileImportRequest } from '../../common/task-kinds/file-import-request';
import type { HubSpotTaskError } from '../../common/folder-update-status';
import type { PollOptions } from '../await/poll-options';
import type { MigrationOutcome, MigrationResult } from '../migration/migration-types';

/** Input of `importFilesFromUrls`. */
export interface ImportFilesFromUrlsInput extends PollOptions {
  /**
   * The imports, 1 to {@link MAX_BATCH_IMPORTS}: each HubSpot's `ImportFromUrlInput`, as `importFileFromUrl` takes it.
   * A bad one does not fail the batch: it becomes a FAILED item of type `InvalidInput`.
   */
  imports: FileImportRequest[];
  /**
   * How many imports run at once, 1 to 500 (`MAX_MIGRATION_CONCURRENCY`). Defaults to 200
   * (`DEFAULT_MIGRATION_CONCURRENCY`), as for a migration.
   */
  concurrency?: number;
}

/**
 * Most imports one batch takes: 500, the children one migration run starts before it continues as new
 * (`MAX_CHILDREN_PER_RUN`). A batch runs in one run (it does not continue as new): split larger ones.
 */
export const MAX_BATCH_IMPORTS = 500;

/**
 * How one import ended: COMPLETE (the file is in the file manager), COMPLETED_WITH_ERRORS (under `allowErrors`),
 * CANCELED (`FileImportCanceled`: HubSpot did not upload the file; start it again), FAILED (bad input, a start that
 * HubSpot refused, a timeout, …), NOT_STARTED (an Update `cancel` came before its turn).
 */
export type FileImportOutcome = Exclude<MigrationOutcome, 'ALREADY_DONE' | 'MISMATCH'>;

/** One import's line in the batch's report. */
export interface FileImportItem {
  /** 0-based index of the import in the input. */
  index: number;
  /** The import's URL, as given. */
  url: string;
  /** The HubSpot task id, once the import was started. */
  taskId?: string;
  outcome: FileImportOutcome;
  /** The imported file's id and path, for COMPLETE and COMPLETED_WITH_ERRORS. */
  fileId?: string;
  path?: string;
  numErrors: number;
  /** HubSpot's task errors (at most 20; `numErrors` keeps the full count). */
  errors: HubSpotTaskError[];
  /** The failure type, for FAILED and CANCELED. */
  failureType?: string;
  message?: string;
}

/**
 * What `importFilesFromUrls` returns: the counts by outcome (a migration's counts; `alreadyDone` and `mismatched`
 * stay 0) and its run id. The items are read with the `getItems` query (see `readFileImportItems`).
 */
export type ImportFilesFromUrlsResult = MigrationResult;
