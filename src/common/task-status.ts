/**
 * The typed status of any HubSpot async task, as the activities hand it to workflows, and the results the four kinds
 * produce. A folder-update status (`folder-update-status.ts`) is one of them, with the `Folder` as its result; the
 * other kinds read their bodies into the same shape (HUBSPOT.md, "Same task shape elsewhere"):
 * - a file import's `FileActionResponse` has the same fields, with the imported `File` as `result`;
 * - a CRM export's `ActionResponseWithSingleResultURI` echoes no `taskId` (the requested one is filled in), and its
 *   `result` is the download URL;
 * - a source-code extract's `ActionResponse` has no `errors`, `numErrors`, `result` or `taskId`: `numErrors` is 0 and
 *   `errors` empty, always.
 *
 * Workflow-safe: types only.
 */
import type { Extra, FolderUpdateStatus, HubSpotFolder } from './folder-update-status';
import type { HubSpotTaskKind } from './task-kinds/task-kind-names';

/** Any kind's task status: the folder-update status's fields, with the kind's `result`. */
export type HubSpotAsyncTaskStatus<R = unknown> = Omit<FolderUpdateStatus, 'result'> & {
  /** What the task produced, once COMPLETE, when HubSpot sent it in its documented shape. */
  result?: R;
};

/** The file a completed import produced (HubSpot's `File`; generated client `codegen/files/models/ModelFile.ts`). */
export interface HubSpotFile extends Extra {
  /** A string; a numeric id is turned into one. */
  id: string;
  name?: string;
  /** A string; a numeric id is turned into one. */
  parentFolderId?: string;
  path?: string;
  /** Size in bytes. */
  size?: number;
  /** Height of an image or video, in pixels. */
  height?: number;
  /** Width of an image or video, in pixels. */
  width?: number;
  encoding?: string;
  /** IMG, DOCUMENT, AUDIO, MOVIE or OTHER. */
  type?: string;
  extension?: string;
  defaultHostingUrl?: string;
  url?: string;
  isUsableInContent?: boolean;
  /** PUBLIC_INDEXABLE, PUBLIC_NOT_INDEXABLE, HIDDEN_INDEXABLE, HIDDEN_NOT_INDEXABLE, HIDDEN_PRIVATE or PRIVATE. */
  access?: string;
  archived?: boolean;
  archivedAt?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** What a COMPLETE task of kind `K` produced: a `Folder`, a `File`, a download URL, or nothing (`undefined`). */
export type TaskResultOf<K extends HubSpotTaskKind> = {
  'folder-update': HubSpotFolder;
  'file-import': HubSpotFile;
  'crm-export': string;
  'source-code-extract': undefined;
}[K];
