/**
 * The validation of the `migrateFolders` input, in one place: the poll options, the concurrency, `lostFolderCheck`,
 * and either the rows (a first run) or the continue-as-new state (a later one). A bad row does not fail the input: it
 * becomes a FAILED item of type `InvalidInput`. Workflow-safe.
 */
import { invalidInput } from '../../common/invalid-input';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../await/poll-options';
import type { IndexedItem } from '../folder-update/folder-update-types';
import { durationMs } from '../poll-option-fields';
import { DEFAULT_LOST_FOLDER_CHECK_MS, MAX_LOST_FOLDER_CHECK_MS } from './migration-children';
import { checkConcurrency } from './migration-control';
import { checkRows } from './migration-rows';
import {
  DEFAULT_MIGRATION_CONCURRENCY,
  MAX_MIGRATION_UPDATES,
  type MigrateFoldersInput,
  type MigrationContinuation,
  type QueuedUpdate,
} from './migration-types';

/** The `migrateFolders` input, validated: what the workflow runs on. */
export interface ValidMigrateFoldersInput {
  /** Folder updates in flight at most, defaulted to {@link DEFAULT_MIGRATION_CONCURRENCY}. */
  concurrency: number;
  /** When to first check taken-over children, in milliseconds. */
  lostCheckMs: number;
  /** The poll options as given (checked), passed on to each folder's child. */
  pollOptions: PollOptions;
  /** The state of the run before, after a continue-as-new. */
  carried?: MigrationContinuation;
  /** Rows in the whole migration. */
  total: number;
  /** The valid updates still to start, in row order. */
  queue: QueuedUpdate[];
  /** The FAILED items of invalid rows (first run only). */
  invalid: IndexedItem[];
}

/**
 * Validates the whole `migrateFolders` input, once.
 *
 * @throws `InvalidInput` (non-retryable) naming the field and the value, for a non-object input, bad poll options, a
 *   bad `concurrency` or `lostFolderCheck`, or an empty or oversized `updates` list.
 */
export function validateMigrateFoldersInput(input: MigrateFoldersInput): ValidMigrateFoldersInput {
  if (input === null || typeof input !== 'object') {
    throw invalidInput('input', input, 'must be an object { updates, concurrency?, ...poll options }');
  }
  const pollOptions = pickPollOptions(input);
  resolvePollOptions(pollOptions);
  const concurrency = checkConcurrency(input.concurrency ?? DEFAULT_MIGRATION_CONCURRENCY);
  const lostCheckMs = durationMs(
    'lostFolderCheck',
    input.lostFolderCheck,
    DEFAULT_LOST_FOLDER_CHECK_MS,
    MAX_LOST_FOLDER_CHECK_MS,
  );
  const carried = input.continuation;
  if (carried) {
    return { concurrency, lostCheckMs, pollOptions, carried, total: carried.total, queue: carried.queue, invalid: [] };
  }
  if (!Array.isArray(input.updates)) throw invalidInput('updates', input.updates, 'must be an array of folder updates');
  if (input.updates.length === 0) throw invalidInput('updates', input.updates, 'must hold at least one folder update');
  if (input.updates.length > MAX_MIGRATION_UPDATES) {
    throw invalidInput(
      'updates',
      `${input.updates.length} updates`,
      `must hold at most ${MAX_MIGRATION_UPDATES}; split the migration`,
    );
  }
  const { queue, invalid } = checkRows(input.updates);
  return { concurrency, lostCheckMs, pollOptions, total: input.updates.length, queue, invalid };
}
