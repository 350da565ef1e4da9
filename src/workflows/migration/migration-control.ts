/**
 * The handles of a running `migrateFolders`: Updates `pause`, `resume`, `setConcurrency` and `cancel`, and the
 * queries `getProgress` and `getItems`.
 */
import { ApplicationFailure } from '@temporalio/common';
import { defineQuery, defineUpdate, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { invalidInput } from '../../common/invalid-input';
import { progressDetails, progressOf, type ProgressState } from './migration-progress';
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

/** Rejects `pause` and `resume` once `cancel` was accepted (a validator: a rejected Update leaves no history). */
function refuseAfterCancel(controls: MigrationControls): void {
  if (controls.canceling) {
    throw ApplicationFailure.create({
      type: 'MigrationCanceling',
      message: 'The migration is being canceled: pause and resume no longer apply',
      nonRetryable: true,
    });
  }
}

/**
 * Handles the Updates `pause`, `resume`, `setConcurrency` and `cancel` on `controls` (changed in place): each calls
 * `changed` and answers the controls after the change. Workflow-safe.
 */
export function handleControls(controls: MigrationControls, changed: () => void): void {
  const guard = { validator: () => refuseAfterCancel(controls) };
  const change = <A extends unknown[]>(apply: (...args: A) => void) => {
    return (...args: A): MigrationControls => {
      apply(...args);
      changed();
      return { ...controls };
    };
  };
  setHandler(
    pauseUpdate,
    change(() => (controls.paused = true)),
    guard,
  );
  setHandler(
    resumeUpdate,
    change(() => (controls.paused = false)),
    guard,
  );
  setHandler(
    setConcurrencyUpdate,
    change((n: number) => (controls.concurrency = n)),
    {
      validator: (n) => void checkConcurrency(n),
    },
  );
  setHandler(
    cancelUpdate,
    change(() => (controls.canceling = true)),
  );
}

/**
 * Answers the `getProgress` query from `state` (read at each call, with workflow time as now) and returns the function
 * that shows the progress in the Web UI's current details. Workflow-safe.
 */
export function handleProgress(state: () => Omit<ProgressState, 'now'>): () => void {
  const progress = (): MigrationProgress => progressOf({ ...state(), now: Date.now() });
  setHandler(getProgressQuery, progress);
  return () => setCurrentDetails(progressDetails(progress()));
}
