import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from './failure-types';

/** Longest rendering of a bad value inside an error message, in characters; longer values are cut with '…'. */
const MAX_VALUE_CHARS = 80;

/** Renders a value for an error message: JSON where possible, cut to a readable length. */
export function describeValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function' || typeof value === 'symbol') text = typeof value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  if (text.length <= MAX_VALUE_CHARS) return text;
  const size = typeof value === 'string' ? `${value.length} chars` : `${text.length} chars as JSON`;
  return `${text.slice(0, MAX_VALUE_CHARS)}… (${size})`;
}

/**
 * A non-retryable `InvalidInput` failure that names the field, the rule and the value.
 *
 * @example invalidInput('initialPollInterval', '0s', 'must be a positive duration')
 * // → "Invalid input: initialPollInterval must be a positive duration, got \"0s\""
 */
export function invalidInput(field: string, value: unknown, rule: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.InvalidInput,
    message: `Invalid input: ${field} ${rule}, got ${describeValue(value)}`,
    nonRetryable: true,
    details: [{ field, rule }],
  });
}
