/**
 * The HubSpot scopes the package's calls need (HubSpot's Files API reference, "Scopes"; the spec collection's
 * date versions): the folder-update calls, the status GET included, need a write scope; the folder read a read scope.
 * Workflow-safe: no runtime dependencies.
 */

/**
 * The scopes that grant the folder-update calls (`POST …/folders/update/async` and the status GET) in `apiVersion`:
 * `files`, `files.write` or `files.ui_hidden.write` in v3 and 2026-03; only `files` in 2025-09 and 2026-09.
 */
export function folderUpdateScopes(apiVersion: string): readonly string[] {
  return apiVersion === '2025-09' || apiVersion === '2026-09'
    ? ['files']
    : ['files', 'files.write', 'files.ui_hidden.write'];
}

/**
 * The scopes that grant the folder read (`GET /files/v3/folders/{folderId}`), which `update` and `migrate` make before
 * and after each update. Assumption: the read scopes HubSpot lists for the Files reads (`files`, `files.read`,
 * `files.ui_hidden.read`); a write scope alone is not taken to grant it.
 */
export const FOLDER_READ_SCOPES: readonly string[] = ['files', 'files.read', 'files.ui_hidden.read'];
