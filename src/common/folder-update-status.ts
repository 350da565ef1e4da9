/**
 * The typed shape of a HubSpot folder-update task status, as our activities hand it to workflows.
 *
 * These types are the tolerant reading of the body of `GET /files/v3/folders/update/async/tasks/{taskId}/status`
 * (see `../hubspot/schemas/folder-update-status.ts`). A documented field that has its documented shape is typed here; anything
 * else HubSpot sends (undocumented fields, documented fields in another shape) is kept, as plain JSON, in the
 * object's `extra`. Workflow-safe: no runtime dependencies.
 */

/** Every status a folder-update task can report. */
export const FOLDER_UPDATE_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETE', 'CANCELED'] as const;

/** A folder-update task's status. COMPLETE and CANCELED are terminal. */
export type FolderUpdateTaskStatus = (typeof FOLDER_UPDATE_STATUSES)[number];

/** True for COMPLETE and CANCELED, the statuses after which HubSpot does no more work on the task. */
export function isTerminalStatus(status: FolderUpdateTaskStatus): boolean {
  return status === 'COMPLETE' || status === 'CANCELED';
}

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a tolerant reading kept aside: fields HubSpot sent that are undocumented or not in their documented shape. */
export interface Extra {
  /** Those fields as sent, by name; absent when there were none. */
  extra?: Record<string, JsonValue>;
}

/** One detail inside a {@link HubSpotTaskError} (HubSpot's `ErrorDetail`). */
export interface HubSpotErrorDetail extends Extra {
  message?: string;
  code?: string;
  /** Documented as a string such as `"{missingScopes=[scope1, scope2]}"`; 403 bodies carry a map of lists. */
  context?: string | Record<string, string[]>;
  in?: string;
  subCategory?: string;
}

/** One error a folder-update task reports (HubSpot's `StandardError`), with the scopes it names parsed out. */
export interface HubSpotTaskError extends Extra {
  category?: string;
  message?: string;
  /** HubSpot sends `'error'`. */
  status?: string;
  /** A string; a numeric id is turned into one. */
  id?: string;
  /** Documented as `any`: HubSpot's reference example sends `{}`. Kept as sent. */
  subCategory?: JsonValue;
  context?: Record<string, string[]>;
  links?: Record<string, string>;
  errors: HubSpotErrorDetail[];
  /**
   * The scopes this error names, de-duplicated, in order: the lists under `missingScopes`, `requiredScopes` and
   * `requiredGranularScopes` in its context and its details' contexts, and the `"{missingScopes=[a, b]}"` strings.
   * Empty when none are named.
   */
  missingScopes: string[];
}

/** The folder a completed task produced (HubSpot's `Folder`). */
export interface HubSpotFolder extends Extra {
  /** A string; a numeric id is turned into one. */
  id: string;
  name?: string;
  /** A string; a numeric id is turned into one. */
  parentFolderId?: string;
  path?: string;
  archived?: boolean;
  archivedAt?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** A folder-update task status, read tolerantly: strict on `taskId`, `status` and `numErrors` only. */
export interface FolderUpdateStatus extends Extra {
  taskId: string;
  status: FolderUpdateTaskStatus;
  /** ISO date-time the update was requested, as HubSpot sent it. */
  requestedAt?: string;
  /** ISO date-time HubSpot started the work; absent while PENDING. */
  startedAt?: string;
  /** ISO date-time the task reached a terminal status; absent before (HubSpot's example sends it even then). */
  completedAt?: string;
  /** How many errors the task reports: HubSpot's count, at least the list's length; 0 when HubSpot omits both. */
  numErrors: number;
  errors: HubSpotTaskError[];
  links?: Record<string, string>;
  /** The updated folder, once COMPLETE. */
  result?: HubSpotFolder;
}
