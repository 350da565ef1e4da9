/**
 * The ETA of a migration, from the durations of the folder updates finished so far. Pure; times are workflow time in
 * milliseconds, so a query answers the same on every replay.
 */

/** What the ETA is computed from. */
export interface EtaInput {
  /** Folder updates finished so far (with a child workflow; invalid rows don't count) and their summed duration. */
  durations: { count: number; totalMs: number };
  /** Rows still waiting for their turn. */
  queued: number;
  /** How long each running folder update has run so far, in milliseconds. */
  runningAgesMs: readonly number[];
  /** Folder updates allowed in flight. */
  concurrency: number;
}

/**
 * Milliseconds until the last folder update ends, undefined before the first one finishes. Each waiting row takes the
 * mean duration and each running one the mean less its age (at least 0). With rows waiting, that work is shared by
 * `concurrency` lanes; with none, the longest running one decides.
 */
export function estimateRemainingMs({ durations, queued, runningAgesMs, concurrency }: EtaInput): number | undefined {
  if (durations.count === 0) return undefined;
  const meanMs = durations.totalMs / durations.count;
  const leftMs = runningAgesMs.map((age) => Math.max(0, meanMs - age));
  if (queued === 0) return Math.round(Math.max(0, ...leftMs));
  const workMs = queued * meanMs + leftMs.reduce((sum, ms) => sum + ms, 0);
  return Math.round(workMs / Math.max(1, concurrency));
}
