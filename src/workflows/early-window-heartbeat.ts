/**
 * The early-window poller's heartbeat timeout, as the workflow schedules it. Workflow-safe.
 *
 * The default `earlyWindowHeartbeatTimeout` went from 30 s to 60 s (2 heartbeats in a 2-minute window instead of
 * about 5; a crashed worker's window resumes after up to 60 s instead of 30 s; see "Choosing
 * earlyWindowHeartbeatTimeout" in the README). It is an attribute of the workflow's command, so the new default sits
 * behind `patched`: a wait started before it replays with the 30 s it was scheduled with.
 */
import type { Duration } from '@temporalio/common';
import { patched } from '@temporalio/workflow';

/** The `patched` id of the 60 s default (workflows started before it replay with 30 s). */
export const EARLY_WINDOW_HEARTBEAT_PATCH = 'early-window-heartbeat-60s';

/** The default before {@link EARLY_WINDOW_HEARTBEAT_PATCH}, in milliseconds. */
export const EARLY_WINDOW_HEARTBEAT_TIMEOUT_BEFORE_MS = 30_000;

/**
 * The heartbeat timeout of the early-window activity, in milliseconds: `resolvedMs` (the option, or its default)
 * when the caller gave the option or the workflow is patched; else the old default. Calls `patched` only when the
 * option was not given.
 */
export function earlyWindowHeartbeatTimeoutMs(given: Duration | undefined, resolvedMs: number): number {
  if (given !== undefined) return resolvedMs;
  return patched(EARLY_WINDOW_HEARTBEAT_PATCH) ? resolvedMs : EARLY_WINDOW_HEARTBEAT_TIMEOUT_BEFORE_MS;
}
