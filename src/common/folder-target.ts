/**
 * Compares a folder as HubSpot shows it with the state a folder update asks for: whether it is already there (so the
 * update is skipped as ALREADY_DONE), and, after a COMPLETE task, whether it got there (verify). Pure; workflow-safe.
 */
import type { ValidFolderUpdate } from './folder-update-request';
import type { HubSpotFolder } from './folder-update-status';

/** The part of a folder an update sets and verify compares: name, parent and path. */
export interface FolderState {
  name?: string;
  /** Absent for a folder at the root. */
  parentFolderId?: string;
  path?: string;
}

/** Name, parent and path of `folder`, without its other fields (for reports and undo). */
export function folderState(folder: HubSpotFolder): FolderState {
  const state: FolderState = {};
  if (folder.name !== undefined) state.name = folder.name;
  if (folder.parentFolderId !== undefined) state.parentFolderId = folder.parentFolderId;
  if (folder.path !== undefined) state.path = folder.path;
  return state;
}

/** True when `folder` already has every field `update` sets: its name and its parent. */
export function isInTargetState(folder: FolderState, update: ValidFolderUpdate): boolean {
  if (update.name !== undefined && folder.name !== update.name) return false;
  if (update.parentFolderId !== undefined && folder.parentFolderId !== update.parentFolderId) return false;
  return true;
}

/** The path a folder named `name` has under a parent at `parentPath` (undefined: the root). */
export function childPath(parentPath: string | undefined, name: string): string {
  return `${parentPath === undefined || parentPath === '/' ? '' : parentPath}/${name}`;
}

/**
 * What differs between the folder read back after a COMPLETE task and the update's target, one line per field
 * (`name: expected "B", found "A"`). Empty when the folder matches.
 *
 * @param parentPath the path of the folder's parent as read back, or undefined for a root folder or when unknown; the
 *   expected path is that path plus the target name. Without it only the last path segment is compared.
 */
export function folderMismatches(
  after: FolderState,
  update: ValidFolderUpdate,
  parentPath: string | undefined,
): string[] {
  const out: string[] = [];
  const differs = (field: string, expected: string | undefined, found: string | undefined): void => {
    if (expected !== found) out.push(`${field}: expected ${quote(expected)}, found ${quote(found)}`);
  };
  if (update.name !== undefined) differs('name', update.name, after.name);
  if (update.parentFolderId !== undefined) differs('parentFolderId', update.parentFolderId, after.parentFolderId);
  const name = update.name ?? after.name;
  if (name !== undefined && after.path !== undefined) {
    if (parentPath !== undefined || after.parentFolderId === undefined)
      differs('path', childPath(parentPath, name), after.path);
    else if (!after.path.endsWith(`/${name}`)) differs('path', `…/${name}`, after.path);
  }
  return out;
}

function quote(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
