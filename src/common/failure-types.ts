/**
 * The stable `ApplicationFailure.type` names this package raises. Match on these, not on messages.
 *
 * Activity failures (HTTP) and workflow outcomes share one list so that callers can handle both the same way.
 */
export const FailureTypes = {
  /** Bad workflow or activity input. Raised before any HTTP call. Not retryable. */
  InvalidInput: 'InvalidInput',
  /** HubSpot answered 401: the token is missing, invalid or expired. Not retryable. */
  HubSpotUnauthorized: 'HubSpotUnauthorized',
  /** HubSpot answered 403; `details[0]` carries the missing or required scopes. Not retryable. */
  HubSpotForbidden: 'HubSpotForbidden',
  /**
   * HubSpot answered `USER_DOES_NOT_HAVE_PERMISSIONS`: the user who created the private app was removed from the
   * account, and its token no longer works. Rotate the token (or move to a service key). Not retryable.
   */
  HubSpotTokenNeedsRotation: 'HubSpotTokenNeedsRotation',
  /**
   * HubSpot's OAuth token endpoint refused the credentials (RFC 6749 `invalid_grant`, `invalid_client`, … or another
   * 400/401): check the client id, client secret and refresh token. Not retryable. `details[0]` has `httpStatus` and
   * `error`; never a secret.
   */
  HubSpotOAuthRejected: 'HubSpotOAuthRejected',
  /** HubSpot answered 404 for the task. Not retryable. */
  FolderUpdateTaskNotFound: 'FolderUpdateTaskNotFound',
  /** HubSpot answered 404 for the folder a migration row names. Not retryable. */
  FolderNotFound: 'FolderNotFound',
  /** HubSpot answered another 4xx (not 408 or 429). Not retryable. */
  HubSpotBadRequest: 'HubSpotBadRequest',
  /** HubSpot answered 429. Retryable, with `nextRetryDelay` from `Retry-After` or the rate-limit interval. */
  HubSpotRateLimited: 'HubSpotRateLimited',
  /**
   * HubSpot Files' own throttle on creating files ("Rate limit exceeded for creating files. Retry in 1 minute."), a
   * 429 outside the app's rate limits. Retryable, with `nextRetryDelay` the wait it names; the request budget does not
   * slow down for it.
   */
  HubSpotFilesThrottled: 'HubSpotFilesThrottled',
  /** HubSpot answered 5xx. Retryable. */
  HubSpotServerError: 'HubSpotServerError',
  /** The request failed on the network, timed out, or HubSpot answered 408. Retryable. */
  HubSpotUnavailable: 'HubSpotUnavailable',
  /** The body was not complete JSON (cut in transit). Retryable. */
  HubSpotTruncatedResponse: 'HubSpotTruncatedResponse',
  /** A 2xx body that fails validation, or is larger than allowed. Names the field and the value. Not retryable. */
  HubSpotInvalidResponse: 'HubSpotInvalidResponse',
  /** The task completed with errors and `allowErrors` was not set. `details[0]` is the last status. */
  FolderUpdateCompletedWithErrors: 'FolderUpdateCompletedWithErrors',
  /**
   * The task was canceled. `details[0]` is the last status. Raised for folder updates, CRM exports and source-code
   * extracts alike (the same meaning); a canceled file import is `FileImportCanceled`.
   */
  FolderUpdateCanceled: 'FolderUpdateCanceled',
  /**
   * A file import from URL was canceled: HubSpot did not upload the file, and polling cannot change that (HubSpot's
   * Files guide: start the import again). `details[0]` is the last status. Not retryable.
   */
  FileImportCanceled: 'FileImportCanceled',
  /** The workflow's `timeout` passed before the task finished. `details[0]` is the last status seen, if any. */
  FolderUpdateTimedOut: 'FolderUpdateTimedOut',
  /**
   * The early-window poller stopped because its workflow run was closed or its cancellation requested (seen by the
   * cancellation check between polls). Benign, not retryable; the workflow has already moved on and never sees it.
   */
  FolderUpdateWaitCancelled: 'FolderUpdateWaitCancelled',
  /**
   * An attempt of the retry-phase poller (`pollFolderUpdateUntilDone`) read a status that is not terminal yet. Benign
   * and retryable, with `nextRetryDelay` the schedule's next wait and the progress as `details[0]`; non-retryable once
   * the deadline has come. The workflow reports a wait that ends on it as `FolderUpdateTimedOut`.
   */
  FolderUpdatePending: 'FolderUpdatePending',
  /**
   * A migration's folder-update child closed without reporting its outcome (terminated, timed out or reset): the
   * migration's item for it is FAILED with this type, and the child's own history tells how it ended.
   */
  FolderUpdateLost: 'FolderUpdateLost',
} as const;

/** One of the {@link FailureTypes} names. */
export type FailureType = (typeof FailureTypes)[keyof typeof FailureTypes];
