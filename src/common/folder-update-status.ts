/**
 * The typed shape of a HubSpot folder-update task status, as our activities hand it to workflows.
 *
 * These types are the validated, normalised form of the body of
 * `GET /files/v3/folders/update/async/tasks/{taskId}/status`; see `../activities/status-schema.ts`
 * for the parser that builds them.
 */

/** Every status a folder-update task can report. */
export const FOLDER_UPDATE_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETE', 'CANCELED'] as const;

/** A folder-update task's status. COMPLETE and CANCELED are terminal. */
export type FolderUpdateTaskStatus = (typeof FOLDER_UPDATE_STATUSES)[number];

/** True for COMPLETE and CANCELED, the statuses after which HubSpot does no more work on the task. */
export function isTerminalStatus(status: FolderUpdateTaskStatus): boolean {
  return status === 'COMPLETE' || status === 'CANCELED';
}

/** One detail inside a {@link HubSpotTaskError}. */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  /** HubSpot sends either an object or a string such as `"{missingScopes=[scope1, scope2]}"`. */
  context?: Record<string, string[]> | string;
  in?: string;
  subCategory?: string;
}

/** One error a folder-update task reports, with the scopes it names parsed out. */
export interface HubSpotTaskError {
  category: string;
  message: string;
  status: string;
  id?: string;
  subCategory?: string;
  context: Record<string, string[]>;
  links: Record<string, string>;
  errors: HubSpotErrorDetail[];
  /**
   * The missing scopes this error names, parsed from `context.missingScopes` and from every detail's context
   * (object or `"{missingScopes=[a, b]}"` string), de-duplicated. Empty when none are named.
   */
  missingScopes: string[];
}

/** The folder a completed task produced. */
export interface HubSpotFolder {
  id: string;
  name?: string;
  parentFolderId?: string;
  path?: string;
  archived: boolean;
  archivedAt?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** A validated folder-update task status. */
export interface FolderUpdateStatus {
  taskId: string;
  status: FolderUpdateTaskStatus;
  /** ISO date-time the update was requested. */
  requestedAt?: string;
  /** ISO date-time HubSpot started the work; absent while PENDING. */
  startedAt?: string;
  /** ISO date-time the task reached a terminal status; absent before. */
  completedAt?: string;
  /** How many errors the task reports; 0 when HubSpot omits the field. */
  numErrors: number;
  errors: HubSpotTaskError[];
  links: Record<string, string>;
  /** The updated folder, once COMPLETE. */
  result?: HubSpotFolder;
}
