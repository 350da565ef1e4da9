/**
 * The undo file `migrate` writes beside its report, `<report>.undo.csv`: a migration file (`folderId,name,
 * parentFolderId`) that puts every folder the migration changed back as it was before. Running it is an ordinary
 * `migrate`, with its own plan, ALREADY_DONE skips and verify.
 */
import type { FolderState } from '../common/folder-target';
import type { MigrationItem } from '../workflows/migration/migration-types';

/** One row of the undo file. */
export interface UndoRow {
  folderId: string;
  name?: string;
  parentFolderId?: string;
}

/** The undo rows, and the folders that cannot be put back by a migration row (with why). */
export interface UndoPlan {
  rows: UndoRow[];
  skipped: Array<{ folderId: string; reason: string }>;
}

/** Whether the migration may have changed the item's folder: a task ran, or a lost earlier task had landed. */
function mayHaveChanged(item: MigrationItem): boolean {
  if (item.taskId !== undefined) return true;
  return (
    item.outcome === 'ALREADY_DONE' &&
    item.after !== undefined &&
    item.before !== undefined &&
    differs(item.before, item.after)
  );
}

function differs(a: FolderState, b: FolderState): boolean {
  return a.name !== b.name || a.parentFolderId !== b.parentFolderId;
}

/**
 * The rows that undo `result`: for each folder the migration may have changed, its name and parent before the
 * migration (only the fields that differ from the state read back, or both when nothing was read back). A folder that
 * was at the root is skipped when its parent changed: a folder update cannot name the root as a parent. Pure.
 */
export function undoPlan(result: { items: readonly MigrationItem[] }): UndoPlan {
  const plan: UndoPlan = { rows: [], skipped: [] };
  for (const item of result.items) {
    const { before, after } = item;
    if (!before || !mayHaveChanged(item)) continue;
    const row: UndoRow = { folderId: item.folderId };
    if (before.name !== undefined && (after === undefined || after.name !== before.name)) row.name = before.name;
    const parentMoved = after === undefined || after.parentFolderId !== before.parentFolderId;
    if (parentMoved && before.parentFolderId !== undefined) row.parentFolderId = before.parentFolderId;
    if (parentMoved && before.parentFolderId === undefined && after?.parentFolderId !== undefined) {
      plan.skipped.push({
        folderId: item.folderId,
        reason: 'it was at the root, and a folder update cannot move it back there',
      });
    }
    if (row.name !== undefined || row.parentFolderId !== undefined) plan.rows.push(row);
  }
  return plan;
}

/** The undo rows as a migration CSV with the header `folderId,name,parentFolderId` (no formula guard: it is read back). */
export function undoCsv(rows: readonly UndoRow[]): string {
  const cell = (v: string | undefined): string =>
    v === undefined ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return [
    'folderId,name,parentFolderId',
    ...rows.map((r) => [r.folderId, r.name, r.parentFolderId].map(cell).join(',')),
  ]
    .join('\n')
    .concat('\n');
}
