/**
 * The migration's rows checked up front (src/common/migration-rows.ts): a bad row becomes a FAILED item of type
 * `InvalidInput` and the rest go on. Pure.
 */
import { FailureTypes } from '../../common/failure-types';
import { checkMigrationRows } from '../../common/migration-rows';
import type { IndexedItem, QueuedUpdate } from './migration-types';

/** The rows split into the updates to run and the FAILED items of the invalid ones. */
export interface CheckedRows {
  queue: QueuedUpdate[];
  invalid: IndexedItem[];
}

/** Splits `rows` into valid updates and FAILED `InvalidInput` items, keeping each row's index. */
export function checkRows(rows: readonly unknown[]): CheckedRows {
  const { queue, invalid } = checkMigrationRows(rows);
  return {
    queue,
    invalid: invalid.map(({ index, folderId, message }) => ({
      index,
      folderId,
      outcome: 'FAILED',
      numErrors: 0,
      errors: [],
      failureType: FailureTypes.InvalidInput,
      message,
    })),
  };
}
