/**
 * `GET /files/v3/folders/{folderId}`: one folder of the simulator's tree, in HubSpot's `Folder` shape (required `id`,
 * `archived`, `createdAt`, `updatedAt`; `name`, `parentFolderId` (a string), `path`), or 404 for an unknown folder.
 */
import { hubSpotErrorBody } from './error-bodies';
import type { FolderStore } from './folder-store';

const FOLDER_PATH = /^\/files\/v3\/folders\/([^/]+)\/?$/;

/** Path segments under `/files/v3/folders/` that are other endpoints, not folder ids. */
const NOT_FOLDER_IDS = new Set(['update', 'search']);

/** The folder id of a `GET /files/v3/folders/{folderId}`, or undefined for any other request. */
export function matchFolderRoute(method: string, path: string): string | undefined {
  const match = method === 'GET' ? FOLDER_PATH.exec(path) : null;
  const id = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
  return id === undefined || NOT_FOLDER_IDS.has(id) ? undefined : id;
}

/**
 * The answer to a folder read. `settle` first applies every task completion due by now, so the folder shows what
 * HubSpot would show even when nobody polled the task that changed it.
 */
export function answerFolder(
  folders: FolderStore,
  settle: () => void,
  folderId: string,
): { status: number; body: unknown } {
  settle();
  const folder = folders.read(folderId);
  if (folder) return { status: 200, body: folder };
  return { status: 404, body: hubSpotErrorBody('OBJECT_NOT_FOUND', `Folder ${folderId} not found.`) };
}
