/**
 * The poll backoff schedule: capped exponential growth with a little downward jitter. Pure and workflow-safe; the
 * workflow's timers and the early-window activity both follow it.
 */

/** The backoff schedule, in milliseconds: what {@link pollDelayMs} needs from the resolved poll options. */
export interface BackoffSchedule {
  /** The wait before the second poll, in milliseconds. */
  initialPollIntervalMs: number;
  /** The longest wait between two polls, in milliseconds. */
  maxPollIntervalMs: number;
  /** Each wait is the previous one times this (at least 1). */
  backoffCoefficient: number;
}

/** Share of a delay that jitter may take off (0.1 = up to 10% shorter), so that many waits don't poll in step. */
export const JITTER_RATIO = 0.1;

/**
 * The wait before the next poll, in milliseconds, after `sleepsSoFar` earlier waits.
 *
 * `initialPollInterval × backoffCoefficient^sleepsSoFar`, capped at `maxPollInterval`, then shortened by up to
 * {@link JITTER_RATIO} using `random` (in [0, 1); inside a workflow `Math.random` is deterministic). Never above the
 * cap and never below 1 ms.
 *
 * @example with '2s', 1.5 and '1m' the un-jittered waits are 2s, 3s, 4.5s, 6.75s, … 60s, 60s.
 */
export function pollDelayMs(sleepsSoFar: number, schedule: BackoffSchedule, random: () => number): number {
  const grown = schedule.initialPollIntervalMs * Math.pow(schedule.backoffCoefficient, Math.max(0, sleepsSoFar));
  const capped = Math.min(grown, schedule.maxPollIntervalMs);
  return Math.max(1, Math.round(capped * (1 - JITTER_RATIO * random())));
}

/** Just the {@link BackoffSchedule} fields of a larger object (the resolved poll options), e.g. for an activity input. */
export function backoffSchedule(from: BackoffSchedule): BackoffSchedule {
  const { initialPollIntervalMs, maxPollIntervalMs, backoffCoefficient } = from;
  return { initialPollIntervalMs, maxPollIntervalMs, backoffCoefficient };
}
