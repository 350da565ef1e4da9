/**
 * The Files folder update as a task kind: its facts (`../../common/task-kinds/folder-update.ts`), the status reader
 * of `../schemas/folder-update-status.ts`, and the POST body of `FolderUpdateInputWithId` (HUBSPOT.md, "Schemas").
 * The folder activities use exactly these, so the folder update behaves as it did before there were kinds.
 */
import type { HubSpotFolder } from '../../common/folder-update-status';
import type { ValidFolderUpdate } from '../../common/folder-update-request';
import { FOLDER_UPDATE_FACTS } from '../../common/task-kinds/folder-update';
import { parseFolderUpdateStatus } from '../schemas/folder-update-status';
import type { TaskKind } from './task-kind';

/** `{ id, name?, parentFolderId? }`, the parent as an int64 number (HubSpot's update body types it so). */
export function folderUpdateBody(update: ValidFolderUpdate): Record<string, unknown> {
  const body: Record<string, unknown> = { id: update.folderId };
  if (update.name !== undefined) body.name = update.name;
  if (update.parentFolderId !== undefined) body.parentFolderId = Number(update.parentFolderId);
  return body;
}

/** The folder update. */
export const FOLDER_UPDATE_KIND: TaskKind<HubSpotFolder> = {
  ...FOLDER_UPDATE_FACTS,
  parseStatus: parseFolderUpdateStatus,
  startBody: (valid) => folderUpdateBody(valid as ValidFolderUpdate),
  startOperation: (valid) => `POST folder update of folder ${(valid as ValidFolderUpdate).folderId}`,
  statusRoute: 'task-status',
  startRoute: 'folder-update',
};
