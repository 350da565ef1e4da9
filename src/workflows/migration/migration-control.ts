/**
 * The handles of a running `migrateFolders`: Updates `pause`, `resume`, `setConcurrency` and `cancel`, and the
 * queries `getProgress` and `getItems`.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { invalidInput } from '../../common/invalid-input';
import {
  MAX_MIGRATION_CONCURRENCY,
  type ItemsPage,
  type ItemsPageRequest,
  type MigrationControls,
  type MigrationProgress,
} from './migration-types';

/** Query `getProgress`: the migration's counts so far, its controls and an ETA. */
export const getProgressQuery = defineQuery<MigrationProgress>('getProgress');

/** Query `getItems`: a page of this run's finished items (ask each run of `MigrationResult.runIds`). */
export const getItemsQuery = defineQuery<ItemsPage, [ItemsPageRequest?]>('getItems');

/** Update `pause`: start no new folder update (running ones go on) until `resume`; kept across continue-as-new. */
export const pauseUpdate = defineUpdate<MigrationControls>('pause');

/** Update `resume`: start folder updates again. */
export const resumeUpdate = defineUpdate<MigrationControls>('resume');

/** Update `setConcurrency`: how many folder updates may run at once from now on (1 to 500, `MAX_MIGRATION_CONCURRENCY`). */
export const setConcurrencyUpdate = defineUpdate<MigrationControls, [number]>('setConcurrency');

/**
 * Update `cancel`: start no new folder update, let the running ones finish, and end the migration with the rest
 * NOT_STARTED. It cannot be undone; unlike cancelling the workflow, it does not cancel the running folder updates.
 */
export const cancelUpdate = defineUpdate<MigrationControls>('cancel');

/**
 * Checks a concurrency, from the input or from `setConcurrency`.
 *
 * @throws `InvalidInput` naming `field` and the value unless it is a whole number from 1 to `MAX_MIGRATION_CONCURRENCY` (500).
 */
export function checkConcurrency(value: unknown, field = 'concurrency'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_MIGRATION_CONCURRENCY) {
    throw invalidInput(field, value, `must be a whole number from 1 to ${MAX_MIGRATION_CONCURRENCY}`);
  }
  return value;
}
