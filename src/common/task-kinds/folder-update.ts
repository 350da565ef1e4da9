/**
 * The Files folder update, the package's first task kind (HUBSPOT.md, "Schemas"): `POST /files/{ver}/folders/update/async`
 * with a `FolderUpdateInputWithId`, `GET …/tasks/{taskId}/status` answering a `FolderActionResponse` whose `result` is
 * the updated `Folder`. Task ids are strings. Its paths are `../api-version.ts`'s, unchanged. Workflow-safe.
 */
import { folderUpdatePath, folderUpdateStatusPath } from '../api-version';
import { FailureTypes } from '../failure-types';
import { validateFolderUpdate } from '../folder-update-request';
import type { TaskKindFacts } from './task-kind-facts';

/** The folder update's workflow-safe facts. */
export const FOLDER_UPDATE_FACTS = {
  kind: 'folder-update',
  label: 'Folder-update',
  taskIdType: 'string',
  startPath: folderUpdatePath,
  statusPath: folderUpdateStatusPath,
  canceledFailure: FailureTypes.FolderUpdateCanceled,
  reportsErrors: true,
  validateStart: validateFolderUpdate,
} as const satisfies TaskKindFacts;
