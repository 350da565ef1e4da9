/**
 * Wire types: the JSON bodies of the two HubSpot Files API calls the simulator serves, named after HubSpot's schemas
 * (`…Body`), as HubSpot's Files API reference ("Schemas") documents them from HubSpot's spec
 * (`PublicApiSpecs/Files/Files/Rollouts/140950/v3/files.json`). Timestamps are ISO 8601 date-time strings.
 *
 * These are what goes over the wire, not what our activities hand to workflows (see
 * `../common/folder-update-status.ts` for that).
 */

/** Status of an asynchronous folder-update task. `COMPLETE` and `CANCELED` are terminal; there is no FAILED. */
export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETE' | 'CANCELED';

/** Terminal outcome a scripted task ends with. */
export type TaskOutcome = Extract<TaskStatus, 'COMPLETE' | 'CANCELED'>;

/** Body of `POST /files/v3/folders/update/async`: HubSpot's `FolderUpdateInputWithId`. */
export interface FolderUpdateInputBody {
  /** Id of the folder to update (required). */
  id: string;
  /** New folder name; the folder's path changes with it. */
  name?: string;
  /** New parent folder id (an int64 here; a string on the returned {@link FolderBody}). */
  parentFolderId?: number;
}

/** 202 answer of `POST /files/v3/folders/update/async`: HubSpot's `FolderUpdateTaskLocator`. */
export interface FolderUpdateTaskLocatorBody {
  /** Task id. */
  id: string;
  /** `status` is the absolute URL of the task's status endpoint. Optional in the date-versioned copies. */
  links?: { status: string };
}

/** A folder in the file manager, as returned in a completed task's `result`: HubSpot's `Folder`. */
export interface FolderBody {
  id: string;
  name?: string;
  /** Id of the parent folder, a string here; absent for a folder at the root. */
  parentFolderId?: string;
  /** Full path, e.g. `/marketing/2024`. */
  path?: string;
  archived: boolean;
  archivedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One detail inside a {@link StandardErrorBody}: HubSpot's `ErrorDetail`. */
export interface ErrorDetailBody {
  message: string;
  code?: string;
  /** Documented as a string such as `"{missingScopes=[scope1, scope2]}"`; real 403 bodies carry a map of lists. */
  context?: string | Record<string, string[]>;
  in?: string;
  subCategory?: string;
}

/** An error reported inside a task status (`errors[]`): HubSpot's `StandardError`. */
export interface StandardErrorBody {
  category: string;
  message: string;
  /** HubSpot sends `'error'`. */
  status: string;
  id?: string;
  /** Typed `any` by HubSpot; its reference example sends `{}`. */
  subCategory?: unknown;
  context: Record<string, string[]>;
  links: Record<string, string>;
  errors: ErrorDetailBody[];
}

/** 200 answer of `GET /files/v3/folders/update/async/tasks/{taskId}/status`: HubSpot's `FolderActionResponse`. */
export interface FolderActionResponseBody {
  taskId: string;
  status: TaskStatus;
  requestedAt?: string;
  /** Present once the task is `PROCESSING` or later. */
  startedAt?: string;
  /** Present once the task is terminal. */
  completedAt?: string;
  /** Present on terminal statuses unless the script omits it (absent means 0). */
  numErrors?: number;
  /** Present on terminal statuses when the task has errors. */
  errors?: StandardErrorBody[];
  links?: Record<string, string>;
  /** The updated folder; present only when `COMPLETE`. */
  result?: FolderBody;
}

/** Error body HubSpot sends with 4xx/5xx answers; keep `correlationId`, HubSpot support asks for it. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  /** A UUID identifying the request in HubSpot's logs. */
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: ErrorDetailBody[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
}

/** Body HubSpot sends with a 429 from its rate limits. `policyName`: TEN_SECONDLY_ROLLING, SECONDLY or DAILY. */
export interface HubSpotRateLimitBody {
  status: 'error';
  message: string;
  errorType: 'RATE_LIMIT';
  correlationId: string;
  policyName: string;
}

/** 202 answer of every kind's start POST: HubSpot's `TaskLocator` (`links` optional but in the v3 Files ones). */
export interface TaskLocatorBody {
  /** Task id, as a string (the CRM export spec types the locator's `id` a string though the status path's is int64). */
  id: string;
  links?: { status: string };
}

/** A file in the file manager, as a completed import's `result`: HubSpot's `File`. */
export interface FileBody {
  id: string;
  name?: string;
  parentFolderId?: string;
  path?: string;
  /** Size in bytes. */
  size?: number;
  type?: string;
  extension?: string;
  url?: string;
  defaultHostingUrl?: string;
  access: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** 200 answer of `GET /files/v3/files/import-from-url/async/tasks/{taskId}/status`: `FileActionResponse`. */
export type FileActionResponseBody = Omit<FolderActionResponseBody, 'result'> & { result?: FileBody };

/**
 * 200 answer of `GET /crm/v3/exports/export/async/tasks/{taskId}/status`: `ActionResponseWithSingleResultURI`, with no
 * `taskId`; `result` is the download URL once COMPLETE.
 */
export type ActionResponseWithSingleResultUriBody = Omit<FolderActionResponseBody, 'taskId' | 'result'> & {
  result?: string;
};

/**
 * 200 answer of `GET /cms/v3/source-code/extract/async/tasks/{taskId}/status`: `ActionResponse`, with no `taskId`,
 * `errors`, `numErrors` or `result`.
 */
export type ActionResponseBody = Pick<
  FolderActionResponseBody,
  'status' | 'requestedAt' | 'startedAt' | 'completedAt' | 'links'
>;
