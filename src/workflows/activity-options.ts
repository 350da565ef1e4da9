/**
 * How the workflows call the HubSpot activities: timeouts and the retry policy for transient failures.
 */
import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Activity options for one status poll. One attempt may take `startToCloseTimeout` (two requests of the default
 * 10 s `requestTimeoutMs`, for the 401 refresh, plus margin). Retries back off from 1 s to at most 1 m; a 429's
 * `nextRetryDelay` overrides that. The heartbeat timeout lets a crashed worker's attempt be retried within 10 s.
 */
export const STATUS_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
} as const satisfies ActivityOptions;

/**
 * Activity options for the early-window poller (`watchFolderUpdate`), but for `startToCloseTimeout`, which the workflow
 * sets to the window plus {@link WATCH_ATTEMPT_MARGIN_MS}, and `heartbeatTimeout`, which is the poll option
 * `earlyWindowHeartbeatTimeout` (default 60 s: a crashed worker's attempt is retried within 60 s; the poller
 * heartbeats once per 48 s, the first after 48 s, each one an action on Temporal Cloud, so a 2-minute window costs 2).
 */
export const WATCH_ACTIVITY_OPTIONS = {
  retry: STATUS_ACTIVITY_OPTIONS.retry,
} as const satisfies ActivityOptions;

/**
 * The longest 429 wait the retry phase honours, in milliseconds (default 10 minutes): HubSpot's rolling limits ask
 * for seconds; a daily limit's wait (hours) is cut to this, and the next attempt asks again.
 */
export const RETRY_PHASE_MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

/**
 * Activity options of the retry-phase poller (`pollFolderUpdateUntilDone`), but for `scheduleToCloseTimeout` (the
 * wait's deadline), which the workflow sets. Each attempt is one status read: `startToCloseTimeout` and
 * `heartbeatTimeout` as for a single poll. Every retry the activity asks for carries its own `nextRetryDelay`; the
 * policy's own interval (1 s, coefficient 1) applies only where none can be given (a crashed worker's attempt timing
 * out). `maximumInterval` is `maxDelayMs`, at least every delay asked for, because servers before 1.25 cap
 * `nextRetryDelay` at it; there is no `maximumAttempts`: the deadline ends the retries.
 */
export function retryPhaseActivityOptions(maxDelayMs: number): ActivityOptions {
  return {
    startToCloseTimeout: STATUS_ACTIVITY_OPTIONS.startToCloseTimeout,
    heartbeatTimeout: STATUS_ACTIVITY_OPTIONS.heartbeatTimeout,
    retry: { initialInterval: '1s', backoffCoefficient: 1, maximumInterval: maxDelayMs },
  };
}

/** Room one early-window attempt gets beyond its window, in milliseconds: for its last request and budget waits. */
export const WATCH_ATTEMPT_MARGIN_MS = 5 * 60_000;

/** The shortest schedule-to-close window given to a poll, in milliseconds: room for one whole attempt. */
export const MIN_POLL_WINDOW_MS = 30_000;

/**
 * Activity options for starting a folder update (a POST, which HubSpot does not deduplicate). Transient failures are
 * retried at most 5 times in all, within 5 minutes, so that an outage cannot loop forever: a retry after an ambiguous
 * failure (a timeout or reset after the request was sent) may start a second task for the same target, which
 * converges on the same folder state.
 */
export const START_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '5m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
} as const satisfies ActivityOptions;

/**
 * Activity options for one folder read (`getFolder`): like a status poll, but given up after 10 minutes in all, so a
 * HubSpot outage fails the folder (as `HubSpotUnavailable`, …) instead of holding the migration.
 */
export const FOLDER_READ_ACTIVITY_OPTIONS = {
  ...STATUS_ACTIVITY_OPTIONS,
  scheduleToCloseTimeout: '10m',
} as const satisfies ActivityOptions;
