/**
 * The bits of the Temporal activity context our activities use, or no-ops when a function is called outside an
 * activity (a plain script or a unit test).
 */
import { Context } from '@temporalio/activity';

/** How often an in-flight request heartbeats, in milliseconds; the worker throttles what reaches the server. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * How long a request runs before its first heartbeat, in milliseconds (default 1,000). Most HubSpot answers come well
 * within it, so a poll costs no heartbeat (one Temporal Cloud action fewer); a slow or hung request heartbeats from
 * then on, so that a cancellation still reaches it (Temporal delivers it in the answer to a heartbeat).
 */
export const FIRST_HEARTBEAT_DELAY_MS = 1_000;

/** The current activity's context, or undefined outside an activity. */
export function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** The activity's cancellation signal, or undefined outside an activity. */
export function activitySignal(): AbortSignal | undefined {
  return currentContext()?.cancellationSignal;
}

/** Logs at debug level through the activity logger (which adds the workflow and activity ids); silent outside one. */
export function logDebug(message: string, attrs: Record<string, unknown>): void {
  currentContext()?.log.debug(message, attrs);
}

/**
 * Runs `fn`, heartbeating every {@link HEARTBEAT_INTERVAL_MS} once it has run for {@link FIRST_HEARTBEAT_DELAY_MS},
 * so that the worker learns of a cancellation of a slow request (Temporal delivers it in the answer to a heartbeat)
 * and the server sees the activity is alive, while a request that answers within the delay sends no heartbeat at all.
 * `details`, when given, gives each heartbeat's details (so that a slow request keeps an attempt's recorded progress).
 */
export async function whileHeartbeating<T>(fn: () => Promise<T>, details?: () => unknown): Promise<T> {
  const ctx = currentContext();
  if (!ctx) return fn();
  let interval: ReturnType<typeof setInterval> | undefined;
  const beat = () => ctx.heartbeat(details?.());
  const first = setTimeout(() => {
    beat();
    interval = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  }, FIRST_HEARTBEAT_DELAY_MS);
  try {
    return await fn();
  } finally {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  }
}
