/**
 * Reads the JSON body of `GET /files/v3/folders/update/async/tasks/{taskId}/status` into a {@link FolderUpdateStatus},
 * as a tolerant reader: the folder-update kind's use of `task-status.ts`, whose module doc lists what is strict (the
 * body an object of bounded depth, `status`, a `taskId` echo, `numErrors`) and what is information (everything else,
 * kept typed or in `extra`). Its `result` is HubSpot's `Folder`.
 */
import { z } from 'zod';
import type { FolderUpdateStatus, HubSpotFolder } from '../../common/folder-update-status';
import { taskStatusReader } from './task-status';
import { idSchema, tolerantObject } from './tolerant-object';

export { MAX_STATUS_DEPTH } from './task-status';

/** HubSpot's `Folder`. Without a usable `id` it is not read as a folder (and is kept in the status's `extra`). */
export const folderSchema: z.ZodType<HubSpotFolder> = tolerantObject(
  {
    id: idSchema,
    name: z.string(),
    parentFolderId: idSchema,
    path: z.string(),
    archived: z.boolean(),
    archivedAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  },
  (folder) => (folder.id === undefined ? undefined : { ...folder, id: folder.id }),
);

const readFolderUpdateStatus = taskStatusReader({
  what: 'folder-update status',
  taskIdType: 'string',
  reportsErrors: true,
  result: folderSchema,
});

/**
 * Reads a parsed status body tolerantly (see the module doc).
 *
 * @param body - the parsed JSON.
 * @param expectedTaskId - the task id that was asked for; a body that names another task is rejected.
 * @throws `HubSpotInvalidResponse` naming the field and its value, for the violations in `task-status.ts` only.
 */
export function parseFolderUpdateStatus(body: unknown, expectedTaskId: string): FolderUpdateStatus {
  return readFolderUpdateStatus(body, expectedTaskId);
}
