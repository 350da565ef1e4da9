/**
 * Wire types of the two HubSpot Files API calls the simulator serves, as HubSpot documents them.
 * Timestamps on the wire are ISO 8601 date-time strings.
 */

/** Status of an asynchronous folder-update task. `COMPLETE` and `CANCELED` are terminal. */
export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETE' | 'CANCELED';

/** Terminal outcome a scripted task ends with. */
export type TaskOutcome = Extract<TaskStatus, 'COMPLETE' | 'CANCELED'>;

/** Body of `POST /files/v3/folders/update/async`. */
export interface FolderUpdateRequest {
  /** Id of the folder to update (required). */
  id: string;
  /** New folder name; the folder's path changes with it. */
  name?: string;
  /** New parent folder id (an integer on the request; a string on the returned {@link Folder}). */
  parentFolderId?: number;
}

/** 202 answer of `POST /files/v3/folders/update/async`: where to poll the started task. */
export interface FolderUpdateTaskLocator {
  /** Task id. */
  id: string;
  /** `status` is the absolute URL of the task's status endpoint. */
  links: { status: string };
}

/** A folder in the file manager, as returned in a completed task's `result`. */
export interface Folder {
  id: string;
  name: string;
  /** Id of the parent folder; absent for a folder at the root. */
  parentFolderId?: string;
  /** Full path, e.g. `/marketing/2024`. */
  path: string;
  archived: boolean;
  archivedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One detail inside a {@link HubSpotTaskError}. Note `context` is a string here (e.g. `{missingScopes=[a, b]}`). */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  context?: string;
  in?: string;
  subCategory?: string;
}

/** An error reported inside a task status (`errors[]`), HubSpot's `StandardError`. */
export interface HubSpotTaskError {
  category: string;
  message: string;
  /** HubSpot sends `'error'`. */
  status: string;
  id?: string;
  subCategory?: unknown;
  context: Record<string, string[]>;
  links: Record<string, string>;
  errors: HubSpotErrorDetail[];
}

/** 200 answer of `GET /files/v3/folders/update/async/tasks/{taskId}/status`. */
export interface FolderUpdateTaskStatusResponse {
  taskId: string;
  status: TaskStatus;
  requestedAt: string;
  /** Present once the task is `PROCESSING` or later. */
  startedAt?: string;
  /** Present once the task is terminal. */
  completedAt?: string;
  /** Present on terminal statuses unless the script omits it (absent means 0). */
  numErrors?: number;
  /** Present on terminal statuses when the task has errors. */
  errors?: HubSpotTaskError[];
  links: Record<string, string>;
  /** The updated folder; present only when `COMPLETE`. */
  result?: Folder;
}

/** Error body HubSpot sends with 4xx/5xx answers. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  /** A UUID identifying the request in HubSpot's logs. */
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: Array<{ message: string; context?: Record<string, string[]>; in?: string; code?: string }>;
  context?: Record<string, string[]>;
  links?: Record<string, string>;
}

/** Body HubSpot sends with a 429 from its rolling burst limit. */
export interface HubSpotRateLimitBody {
  status: 'error';
  message: string;
  errorType: 'RATE_LIMIT';
  correlationId: string;
  policyName: string;
}
