/**
 * The `importFileFromUrl` workflow: one HubSpot Files import from a URL (`POST /files/v3/files/import-from-url/async`),
 * waited on until the file is in the file manager. A CANCELED import fails with `FileImportCanceled`: HubSpot did not
 * upload the file, and only a new import can (HubSpot's Files guide). Workflow-safe.
 */
import type { FileImportRequest } from '../../common/task-kinds/file-import-request';
import type { AwaitHubSpotTaskResult } from '../await/await-hubspot-task';
import type { PollOptions } from '../await/poll-options';
import { startAndWait } from './start-and-wait';

/**
 * Imports a file from a URL and waits for it.
 *
 * @returns the COMPLETE status, its `result` the imported `File`.
 * @throws `InvalidInput` before any HTTP call (naming the field); `FileImportCanceled`,
 *   `FolderUpdateCompletedWithErrors`, `FolderUpdateTimedOut`, `HubSpotForbidden`, … (see `awaitHubSpotTask`).
 */
export async function importFileFromUrl(input: ImportFileFromUrlInput): Promise<FileImportResult> {
  // The import's validation keeps only the import fields, and the poll options are picked from the same object.
  const into = input?.folderPath ?? `folder ${String(input?.folderId ?? '')}`;
  return startAndWait('file-import', input, input ?? {}, `import ${String(input?.name ?? 'a file')} into ${into}`);
}

/** Input of `importFileFromUrl`: HubSpot's `ImportFromUrlInput` fields and the poll options, side by side. */
export interface ImportFileFromUrlInput extends FileImportRequest, PollOptions {}

/** What `importFileFromUrl` returns: the wait's result, `result` the imported `File`. */
export type FileImportResult = AwaitHubSpotTaskResult<'file-import'>;
