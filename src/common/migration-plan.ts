/**
 * The plan of a folder migration (`migrate --dry-run`): for each row, the folder before and after as HubSpot shows it,
 * and what is wrong with it. Built from the folders read with `GET /files/v3/folders/{folderId}`. Pure; workflow-safe.
 */
import { childPath, folderState, isInTargetState, type FolderState } from './folder-target';
import type { ValidFolderUpdate } from './folder-update-request';
import type { HubSpotFolder } from './folder-update-status';

/**
 * What the plan flags on a row. The first five are problems (the plan is not clean); `NO_OP` and `SAME_SUBTREE` are
 * notices: a no-op row will end ALREADY_DONE, and rows on one subtree are listed parents first.
 */
export const PLAN_FLAGS = {
  INVALID_ROW: 'the row is malformed or repeats a folder',
  NOT_FOUND: 'the folder does not exist',
  PARENT_MISSING: 'the target parent folder does not exist',
  OWN_SUBTREE: "the target parent is the folder itself or inside the folder's own subtree",
  NAME_COLLISION: 'another folder would get the same name under the same parent',
  NO_OP: 'the folder is already in its target state',
  SAME_SUBTREE: 'another row changes a folder above or below this one',
} as const;

/** One of the {@link PLAN_FLAGS}. */
export type PlanFlag = keyof typeof PLAN_FLAGS;

/** The flags that make a plan unclean (exit 1). */
export const PLAN_PROBLEMS: readonly PlanFlag[] = [
  'INVALID_ROW',
  'NOT_FOUND',
  'PARENT_MISSING',
  'OWN_SUBTREE',
  'NAME_COLLISION',
];

/** One row of the plan. */
export interface PlanRow {
  /** The row's place in the migration file, from 1. */
  row: number;
  folderId: string;
  /** The folder now; absent when it was not found or the row is invalid. */
  before?: FolderState;
  /** The folder once every row has run (its path follows its ancestors' planned changes too). */
  after?: FolderState;
  flags: PlanFlag[];
  /** Why each flag was raised, for people. */
  notes: string[];
}

/** The whole plan: rows in the order they should run (parents first where rows share a subtree). */
export interface MigrationPlan {
  total: number;
  /** True when no row has a problem flag. */
  clean: boolean;
  problems: number;
  noOps: number;
  rows: PlanRow[];
}

/** A valid row with its index in the file, or an invalid one with the reason. */
export type PlanInputRow =
  { index: number; update: ValidFolderUpdate } | { index: number; folderId: string; invalid: string };

/** Longest ancestor chain followed, so a cycle in a hostile answer cannot loop forever. */
const MAX_DEPTH = 64;

function isUnder(path: string | undefined, ancestor: string | undefined): boolean {
  return path !== undefined && ancestor !== undefined && (path === ancestor || path.startsWith(`${ancestor}/`));
}

function parentPathOf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? undefined : path.slice(0, cut);
}

/**
 * Plans a migration.
 *
 * @param rows the rows in file order (see `checkRows`).
 * @param folders every folder read: the rows' folders and their target parents; null for a 404.
 */
export function planMigration(
  rows: readonly PlanInputRow[],
  folders: ReadonlyMap<string, HubSpotFolder | null>,
): MigrationPlan {
  const updates = new Map<string, ValidFolderUpdate>();
  for (const r of rows) if ('update' in r) updates.set(r.update.folderId, r.update);
  const finalParent = (id: string): string | undefined =>
    updates.get(id)?.parentFolderId ?? folders.get(id)?.parentFolderId;
  const finalName = (id: string): string | undefined => updates.get(id)?.name ?? folders.get(id)?.name;
  const finalPath = (id: string, depth = 0): string | undefined => {
    const name = finalName(id);
    const parent = finalParent(id);
    if (name === undefined) return undefined;
    if (parent === undefined) return `/${name}`;
    if (!folders.get(parent) || depth >= MAX_DEPTH) return childPath(parentPathOf(folders.get(id)?.path), name);
    return childPath(finalPath(parent, depth + 1), name);
  };

  const siblings = new Map<string, string[]>();
  for (const [id, folder] of folders) {
    const name = finalName(id);
    if (!folder || name === undefined) continue;
    const key = `${finalParent(id) ?? ''}/${name}`;
    siblings.set(key, [...(siblings.get(key) ?? []), id]);
  }

  const planned = rows.map((r): PlanRow => {
    const flag = (row: PlanRow, f: PlanFlag, note: string): void => {
      row.flags.push(f);
      row.notes.push(note);
    };
    if ('invalid' in r) {
      const row: PlanRow = { row: r.index + 1, folderId: r.folderId, flags: [], notes: [] };
      flag(row, 'INVALID_ROW', r.invalid);
      return row;
    }
    const { update } = r;
    const row: PlanRow = { row: r.index + 1, folderId: update.folderId, flags: [], notes: [] };
    const current = folders.get(update.folderId);
    if (!current) {
      flag(row, 'NOT_FOUND', `folder ${update.folderId} was not found (404)`);
      return row;
    }
    row.before = folderState(current);
    const after: FolderState = { ...row.before };
    if (update.name !== undefined) after.name = update.name;
    if (update.parentFolderId !== undefined) after.parentFolderId = update.parentFolderId;
    const path = finalPath(update.folderId);
    if (path !== undefined) after.path = path;
    row.after = after;
    if (isInTargetState(current, update)) flag(row, 'NO_OP', PLAN_FLAGS.NO_OP);
    if (update.parentFolderId !== undefined) {
      const parent = folders.get(update.parentFolderId);
      if (update.parentFolderId === update.folderId || (parent && isUnder(parent.path, current.path))) {
        flag(
          row,
          'OWN_SUBTREE',
          `target parent ${update.parentFolderId} (${parent?.path ?? 'itself'}) is inside ${current.path ?? update.folderId}`,
        );
      } else if (!parent) {
        flag(row, 'PARENT_MISSING', `target parent ${update.parentFolderId} was not found (404)`);
      }
    }
    const key = `${after.parentFolderId ?? ''}/${after.name ?? ''}`;
    const others = (siblings.get(key) ?? []).filter((id) => id !== update.folderId);
    if (others.length > 0)
      flag(
        row,
        'NAME_COLLISION',
        `folder ${others.join(', ')} would also be ${JSON.stringify(after.name)} under the same parent`,
      );
    return row;
  });

  markSharedSubtrees(planned, folders);
  const problems = planned.filter((r) => r.flags.some((f) => PLAN_PROBLEMS.includes(f))).length;
  const noOps = planned.filter((r) => r.flags.includes('NO_OP')).length;
  return { total: rows.length, clean: problems === 0, problems, noOps, rows: parentsFirst(planned) };
}

/** Flags `SAME_SUBTREE` on rows whose folder is above or below another row's folder, or moves under it. */
function markSharedSubtrees(rows: PlanRow[], folders: ReadonlyMap<string, HubSpotFolder | null>): void {
  const placed = rows.filter((r) => r.before?.path !== undefined);
  for (const a of placed) {
    const related = placed.filter((b) => {
      if (b === a) return false;
      const targetParent = b.after?.parentFolderId === undefined ? undefined : folders.get(b.after.parentFolderId);
      return (
        isUnder(b.before?.path, a.before?.path) ||
        isUnder(a.before?.path, b.before?.path) ||
        isUnder(targetParent?.path ?? undefined, a.before?.path)
      );
    });
    if (related.length > 0) {
      a.flags.push('SAME_SUBTREE');
      a.notes.push(`shares a subtree with row ${related.map((r) => r.row).join(', ')}`);
    }
  }
}

/** Rows in file order, except that rows sharing a subtree are reordered among themselves by depth, parents first. */
function parentsFirst(rows: readonly PlanRow[]): PlanRow[] {
  const depth = (r: PlanRow): number => (r.before?.path ?? '').split('/').length;
  const shared = rows.filter((r) => r.flags.includes('SAME_SUBTREE'));
  const sorted = [...shared].sort((a, b) => depth(a) - depth(b) || a.row - b.row);
  let next = 0;
  return rows.map((r) => (r.flags.includes('SAME_SUBTREE') ? (sorted[next++] as PlanRow) : r));
}
