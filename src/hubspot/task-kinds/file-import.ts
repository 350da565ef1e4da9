/**
 * The Files import from URL as a task kind: its facts (`../../common/task-kinds/file-import.ts`), the status reader of
 * a `FileActionResponse` (the folder status's fields; spec `PublicApiSpecs/Files/Files/Rollouts/140950/v3/
 * files.json`) whose `result` is HubSpot's `File` (generated client `codegen/files/models/ModelFile.ts`), and the POST
 * body, the validated `ImportFromUrlInput` as it is.
 */
import { z } from 'zod';
import { FILE_IMPORT_FACTS } from '../../common/task-kinds/file-import';
import type { ValidFileImportRequest } from '../../common/task-kinds/file-import-request';
import type { HubSpotFile } from '../../common/task-status';
import { taskStatusReader } from '../schemas/task-status';
import { idSchema, tolerantObject } from '../schemas/tolerant-object';
import type { TaskKind } from './task-kind';

/** HubSpot's `File`. Without a usable `id` it is not read as a file (and is kept in the status's `extra`). */
export const fileSchema: z.ZodType<HubSpotFile> = tolerantObject(
  {
    id: idSchema,
    name: z.string(),
    parentFolderId: idSchema,
    path: z.string(),
    size: z.number().nonnegative(),
    height: z.number().nonnegative(),
    width: z.number().nonnegative(),
    encoding: z.string(),
    type: z.string(),
    extension: z.string(),
    defaultHostingUrl: z.string(),
    url: z.string(),
    isUsableInContent: z.boolean(),
    access: z.string(),
    archived: z.boolean(),
    archivedAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  },
  (file) => (file.id === undefined ? undefined : { ...file, id: file.id }),
);

/** The file import from URL. */
export const FILE_IMPORT_KIND: TaskKind<HubSpotFile> = {
  ...FILE_IMPORT_FACTS,
  parseStatus: taskStatusReader({
    what: 'file-import status',
    taskIdType: 'string',
    reportsErrors: true,
    result: fileSchema,
  }),
  startBody: (valid) => ({ ...(valid as ValidFileImportRequest) }),
  startOperation: (valid) => `POST file import from URL into ${folderOf(valid as ValidFileImportRequest)}`,
  statusRoute: 'file-import-status',
  startRoute: 'file-import',
};

/** The destination, for messages: the folder id or path (the URL may be long, and is in the input anyway). */
function folderOf(request: ValidFileImportRequest): string {
  return request.folderId !== undefined ? `folder ${request.folderId}` : `folder path ${request.folderPath ?? ''}`;
}
