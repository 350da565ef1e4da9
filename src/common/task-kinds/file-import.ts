/**
 * The Files import from URL (HUBSPOT.md, "Same task shape elsewhere"): `POST /files/{ver}/files/import-from-url/async`
 * with an `ImportFromUrlInput`, `GET …/tasks/{taskId}/status` answering a `FileActionResponse` (the fields of the
 * folder's `FolderActionResponse`) whose `result` is the imported `File`. Task ids are strings. A CANCELED import was
 * not uploaded and must be started again (HubSpot's Files guide): its own failure, `FileImportCanceled`.
 * Workflow-safe.
 */
import { FailureTypes } from '../failure-types';
import { validateFileImportRequest } from './file-import-request';
import type { TaskKindFacts } from './task-kind-facts';
import { checkedApiVersion, taskStatusPath } from './task-paths';

/** `/files/<apiVersion>/files/import-from-url/async`. */
export function fileImportPath(apiVersion?: string): string {
  return `/files/${checkedApiVersion(apiVersion)}/files/import-from-url/async`;
}

/** The file import's workflow-safe facts. */
export const FILE_IMPORT_FACTS = {
  kind: 'file-import',
  label: 'File-import',
  taskIdType: 'string',
  startPath: fileImportPath,
  statusPath: (taskId: string, apiVersion?: string) => taskStatusPath(fileImportPath(apiVersion), taskId),
  canceledFailure: FailureTypes.FileImportCanceled,
  reportsErrors: true,
  validateStart: validateFileImportRequest,
} as const satisfies TaskKindFacts;
