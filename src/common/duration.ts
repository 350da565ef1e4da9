/**
 * Temporal `Duration`s in milliseconds: strings such as '30s' or '2h' as the SDK reads them (through `ms`, the library
 * the SDK itself uses, at the SDK's pinned version), or numbers of milliseconds. Workflow-safe.
 */
import type { Duration } from '@temporalio/common';
import ms from 'ms';

/**
 * A `Duration` in milliseconds: a number as it is, a string parsed as Temporal parses it.
 *
 * @throws TypeError for a string that is not a duration (`'soon'`, `''`).
 */
export function durationMs(value: Duration): number {
  if (typeof value === 'number') return value;
  const millis = typeof value === 'string' && value.length > 0 ? ms(value) : undefined;
  if (typeof millis !== 'number' || Number.isNaN(millis)) throw new TypeError(`Invalid duration string: '${value}'`);
  return millis;
}
