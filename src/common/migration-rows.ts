/**
 * Checks the rows of a migration up front, the same way for the plan (`planFolders`) and the run (`migrateFolders`):
 * a row with no `folderId`, with neither `name` nor `parentFolderId`, or whose `folderId` came earlier is invalid, and
 * the rest go on. Pure.
 */
import { ApplicationFailure } from '@temporalio/common';
import { validateFolderUpdate, type ValidFolderUpdate } from './folder-update-request';

/** A row waiting to run, with its place in the input. */
export interface QueuedUpdate {
  /** 0-based index of the row in the input. */
  index: number;
  update: ValidFolderUpdate;
}

/** A row that cannot run, with its place in the input and why. */
export interface InvalidRow {
  /** 0-based index of the row in the input. */
  index: number;
  /** The row's `folderId` as text, or `''` when it has none. */
  folderId: string;
  /** `Row <n>: <problem>`, with n 1-based. */
  message: string;
}

/** The rows split into the updates to run and the invalid ones, each keeping its index. */
export interface CheckedMigrationRows {
  queue: QueuedUpdate[];
  invalid: InvalidRow[];
}

function folderIdOf(row: unknown): string {
  const id = row !== null && typeof row === 'object' ? (row as { folderId?: unknown }).folderId : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** Splits `rows` into valid updates and invalid rows, keeping each row's index. */
export function checkMigrationRows(rows: readonly unknown[]): CheckedMigrationRows {
  const queue: QueuedUpdate[] = [];
  const invalid: InvalidRow[] = [];
  const firstRow = new Map<string, number>();
  rows.forEach((row, index) => {
    const fail = (problem: string): void => {
      invalid.push({ index, folderId: folderIdOf(row), message: `Row ${index + 1}: ${problem}` });
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
