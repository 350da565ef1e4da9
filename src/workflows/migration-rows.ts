/**
 * Checks the rows of a migration up front. A bad row becomes a FAILED item of type `InvalidInput` and the rest go on:
 * a row with no `folderId`, with neither `name` nor `parentFolderId`, or whose `folderId` came earlier. Pure.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../common/failure-types';
import { validateFolderUpdate } from '../common/folder-update-request';
import type { IndexedItem, QueuedUpdate } from './migration-types';

/** The rows split into the updates to run and the FAILED items of the invalid ones. */
export interface CheckedRows {
  queue: QueuedUpdate[];
  invalid: IndexedItem[];
}

function folderIdOf(row: unknown): string {
  const id = row !== null && typeof row === 'object' ? (row as { folderId?: unknown }).folderId : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** Splits `rows` into valid updates and FAILED `InvalidInput` items, keeping each row's index. */
export function checkRows(rows: readonly unknown[]): CheckedRows {
  const queue: QueuedUpdate[] = [];
  const invalid: IndexedItem[] = [];
  const firstRow = new Map<string, number>();
  rows.forEach((row, index) => {
    const fail = (message: string): void => {
      invalid.push({
        index,
        folderId: folderIdOf(row),
        outcome: 'FAILED',
        numErrors: 0,
        errors: [],
        failureType: FailureTypes.InvalidInput,
        message: `Row ${index + 1}: ${message}`,
      });
    };
    try {
      const update = validateFolderUpdate(row, `updates[${index}]`);
      const earlier = firstRow.get(update.folderId);
      if (earlier !== undefined) {
        fail(`folderId ${update.folderId} is a duplicate of row ${earlier + 1}; each folder may appear once`);
        return;
      }
      firstRow.set(update.folderId, index);
      queue.push({ index, update });
    } catch (err) {
      if (!(err instanceof ApplicationFailure)) throw err;
      fail(err.message.replace(/^Invalid input: /, ''));
    }
  });
  return { queue, invalid };
}
