/**
 * The status bodies of every task kind, and the results of the kinds other than the folder update (whose folder the
 * folder store changes), in the shapes HUBSPOT.md documents ("Schemas", "Same task shape elsewhere"):
 * - folder update: a `FolderActionResponse`, with `taskId` and the updated `Folder` as result;
 * - file import: a `FileActionResponse`, the folder body's fields, with `taskId` and a `File` result;
 * - CRM export: an `ActionResponseWithSingleResultURI`, with no `taskId`, and the download URL as result;
 * - source-code extract: an `ActionResponse`, with no `taskId`, `errors`, `numErrors` or `result`.
 *
 * Our assumptions, not HubSpot facts: the dates appear as a task reaches them (the spec marks `startedAt` and
 * `completedAt` required, as it does for the folder body, which HubSpot sends without them while PENDING); a CANCELED
 * task has no result; an imported file's id, size (1,024 bytes), type and URL, and an export's download URL
 * (`<simulator>/simulator/exports/<taskId>.<format>`), are made up.
 */
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import type { TaskProgress } from './task-lifecycle';
import type { ResolvedTaskScript } from './task-script';
import type {
  ActionResponseBody,
  ActionResponseWithSingleResultUriBody,
  FileActionResponseBody,
  FileBody,
  FolderActionResponseBody,
  FolderBody,
  TaskStatus,
} from './types';

/** The start body a task of another kind was created with, as far as its result needs it. */
export interface KindRequest {
  /** A file import's URL, name, destination and access. */
  url?: string;
  name?: string;
  folderId?: string;
  folderPath?: string;
  access?: string;
  /** A CRM export's format (CSV, XLS, XLSX). */
  format?: string;
}

/**
 * The status body of a task of `kind` in its current progress. A folder update's and a file import's have the same
 * fields (`FolderActionResponse`, `FileActionResponse`), in the order the simulator always sent them.
 */
export function kindStatusBody(
  kind: HubSpotTaskKind,
  taskId: string,
  progress: TaskProgress,
  script: ResolvedTaskScript,
  result: FolderBody | FileBody | string | undefined,
): FolderActionResponseBody | FileActionResponseBody | ActionResponseWithSingleResultUriBody | ActionResponseBody {
  const { status, requestedAt, startedAt, completedAt } = progress;
  const base: ActionResponseBody = { status, requestedAt: toIso(requestedAt), links: {} };
  if (startedAt !== undefined) base.startedAt = toIso(startedAt);
  if (completedAt !== undefined) base.completedAt = toIso(completedAt);
  if (kind === 'source-code-extract') return base;
  const complete = status === 'COMPLETE' && result !== undefined;
  if (kind === 'crm-export') {
    return { ...base, ...terminalErrors(status, script), ...(complete ? { result: result as string } : {}) };
  }
  const file = complete ? { result: { ...(result as FolderBody & FileBody) } } : {};
  return { taskId, ...base, ...terminalErrors(status, script), ...file };
}

/** What a COMPLETE task of `kind` produced: an imported file, an export's download URL, or nothing. */
export function kindResult(
  kind: Exclude<HubSpotTaskKind, 'folder-update'>,
  taskId: string,
  request: KindRequest,
  baseUrl: string,
  at: string,
): FileBody | string | undefined {
  if (kind === 'crm-export') return `${baseUrl}/simulator/exports/${taskId}.${(request.format ?? 'CSV').toLowerCase()}`;
  if (kind === 'source-code-extract') return undefined;
  const name = request.name ?? lastSegment(request.url) ?? `file-${taskId}`;
  const folder = request.folderPath ?? (request.folderId !== undefined ? `/folder-${request.folderId}` : '');
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1];
  const file: FileBody = {
    id: taskId.slice(0, 12),
    name,
    path: `${folder.replace(/\/$/, '')}/${name}`,
    size: 1024,
    type: 'OTHER',
    url: `${baseUrl}/hubfs/${encodeURIComponent(name)}`,
    access: request.access ?? 'PRIVATE',
    archived: false,
    createdAt: at,
    updatedAt: at,
  };
  if (request.folderId !== undefined) file.parentFolderId = request.folderId;
  if (extension !== undefined) file.extension = extension.toLowerCase();
  return file;
}

function lastSegment(url: string | undefined): string | undefined {
  const segment = url?.split(/[?#]/)[0]?.split('/').pop();
  return segment ? decodeURIComponent(segment) : undefined;
}

/** `numErrors` (unless the script omits it) and `errors` (when any) of a terminal status; nothing before. */
export function terminalErrors(
  status: TaskStatus,
  script: ResolvedTaskScript,
): Pick<FolderActionResponseBody, 'numErrors' | 'errors'> {
  if (status !== 'COMPLETE' && status !== 'CANCELED') return {};
  const { errors, omitNumErrors } = script;
  return {
    ...(omitNumErrors ? {} : { numErrors: errors.length }),
    ...(errors.length > 0 ? { errors: structuredClone(errors) } : {}),
  };
}

/** Epoch milliseconds as an ISO date-time. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
