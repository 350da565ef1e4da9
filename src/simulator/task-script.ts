import type { StandardErrorBody, TaskOutcome } from './types';

/**
 * How a simulated folder-update task moves through its lifecycle.
 *
 * A task stays `PENDING` until `pendingMs` have passed since it was requested (simulator clock) AND it has answered
 * `pendingPolls` status polls while pending; then `PROCESSING` until `processingMs` more have passed AND it has
 * answered `processingPolls` polls while processing; then it ends with `outcome`. Poll counts make tests
 * deterministic where wall-clock time does not move (Temporal time skipping).
 *
 * With the defaults a task is `PENDING` on the first poll, `PROCESSING` on the second and `COMPLETE` on the third.
 *
 * Our assumption, not a HubSpot fact: HubSpot documents the four statuses and the body shapes (HubSpot's Files API reference,
 * "Schemas"), not how long a task stays in each; every timing and poll count here is ours.
 */
export interface TaskScript {
  /** Minimum time in `PENDING`, in milliseconds. Defaults to 0. */
  pendingMs?: number;
  /** Minimum time in `PROCESSING`, in milliseconds. Defaults to 0. */
  processingMs?: number;
  /** Polls answered `PENDING` before the task may start. Defaults to 1. */
  pendingPolls?: number;
  /** Polls answered `PROCESSING` before the task may finish. Defaults to 1. */
  processingPolls?: number;
  /** Terminal status. Defaults to `'COMPLETE'`. */
  outcome?: TaskOutcome;
  /** Errors reported once terminal (`errors[]`, `numErrors`). Defaults to none. */
  errors?: StandardErrorBody[];
  /** Leave `numErrors` out of terminal statuses, to test that absent means 0. Defaults to false. */
  omitNumErrors?: boolean;
  /**
   * Complete without changing the folder (our assumption of how a task can report COMPLETE yet leave the folder as it
   * was, e.g. when something else changed it back), to test a migration's verify step. Defaults to false.
   */
  leaveFolderUnchanged?: boolean;
  /**
   * Answer every status poll with exactly this body (a string verbatim, anything else as JSON) instead of the one
   * built from the lifecycle, e.g. `REFERENCE_STATUS_EXAMPLE`; polls still count. Defaults to none.
   */
  statusBody?: unknown;
}

/** A {@link TaskScript} with every default filled in. */
export type ResolvedTaskScript = Required<Omit<TaskScript, 'statusBody'>> & Pick<TaskScript, 'statusBody'>;

/** The defaults of {@link TaskScript}. */
export const DEFAULT_TASK_SCRIPT: Readonly<ResolvedTaskScript> = Object.freeze({
  pendingMs: 0,
  processingMs: 0,
  pendingPolls: 1,
  processingPolls: 1,
  outcome: 'COMPLETE',
  errors: [],
  omitNumErrors: false,
  leaveFolderUnchanged: false,
});

/**
 * Validates a script and fills in its defaults.
 *
 * @throws RangeError naming the field and value when a duration or poll count is negative or not finite, a poll
 * count is not an integer, or the outcome is not terminal.
 */
export function resolveTaskScript(script: TaskScript = {}): ResolvedTaskScript {
  const resolved: ResolvedTaskScript = { ...DEFAULT_TASK_SCRIPT, ...withoutUndefined(script) };
  for (const field of ['pendingMs', 'processingMs', 'pendingPolls', 'processingPolls'] as const) {
    const value = resolved[field];
    const integral = field.endsWith('Polls');
    if (!Number.isFinite(value) || value < 0 || (integral && !Number.isInteger(value))) {
      throw new RangeError(`TaskScript.${field} [${value}] must be a non-negative ${integral ? 'integer' : 'number'}`);
    }
  }
  if (resolved.outcome !== 'COMPLETE' && resolved.outcome !== 'CANCELED') {
    throw new RangeError(`TaskScript.outcome [${String(resolved.outcome)}] must be 'COMPLETE' or 'CANCELED'`);
  }
  return { ...resolved, errors: [...resolved.errors] };
}

function withoutUndefined(script: TaskScript): TaskScript {
  return Object.fromEntries(Object.entries(script).filter(([, value]) => value !== undefined)) as TaskScript;
}
