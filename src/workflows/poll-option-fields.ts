/**
 * Readers of single poll-option fields, shared by `resolvePollOptions`: durations and the later phase. Workflow-safe.
 */
import type { Duration } from '@temporalio/common';
import { durationMs as parseDurationMs } from '../common/duration';
import { invalidInput } from '../common/invalid-input';

/**
 * A duration option in milliseconds: `fallback` when absent, else positive and at most `maxMs`.
 *
 * @throws `InvalidInput` naming the field and the value.
 */
export function durationMs(field: string, value: unknown, fallback: Duration, maxMs: number): number {
  const raw = value === undefined || value === null ? fallback : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw invalidInput(field, raw, "must be a duration such as '30s' or a number of milliseconds");
  }
  let ms: number;
  try {
    ms = parseDurationMs(raw as Duration);
  } catch {
    throw invalidInput(field, raw, "must be a duration such as '30s', '5m' or '2h'");
  }
  if (!Number.isFinite(ms) || ms <= 0) throw invalidInput(field, raw, 'must be a positive duration');
  if (ms > maxMs) throw invalidInput(field, raw, `must be at most ${maxMs} ms`);
  return ms;
}

/** True for 0 and for zero-length duration strings such as '0', '0s' or '0m'. */
export function isZeroDuration(value: unknown): boolean {
  if (value === 0) return true;
  if (typeof value !== 'string') return false;
  try {
    return parseDurationMs(value as Duration) === 0;
  } catch {
    return false;
  }
}

/** The later-phase mechanisms of `PollOptions.laterPhase`. */
export const LATER_PHASES = ['retry', 'timer', 'shared'] as const;
/** One of {@link LATER_PHASES}. */
export type LaterPhase = (typeof LATER_PHASES)[number];

/**
 * The `laterPhase` option: one of {@link LATER_PHASES}, `fallback` when absent.
 *
 * @throws `InvalidInput` naming the field and the value.
 */
export function laterPhaseOption(value: unknown, fallback: LaterPhase): LaterPhase {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (LATER_PHASES as readonly string[]).includes(value)) return value as LaterPhase;
  throw invalidInput('laterPhase', value, `must be one of ${LATER_PHASES.map((p) => `'${p}'`).join(', ')}`);
}
