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
