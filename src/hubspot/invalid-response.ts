/**
 * The `HubSpotInvalidResponse` failure: a 2xx answer whose body breaks a rule the activity decides by. Its message
 * names the field path and the value; a bad answer will not fix itself on a retry, so it is not retryable.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { FailureTypes } from '../common/failure-types';
import { describeValue } from '../common/invalid-input';

/**
 * A non-retryable `HubSpotInvalidResponse` naming the field path and the value.
 *
 * @param what - the answer, e.g. `folder-update status`.
 * @example invalidResponse('folder-update status', 'numErrors', -1, 'must be a non-negative integer')
 * // → "HubSpot sent an invalid folder-update status: numErrors must be a non-negative integer, got -1"
 */
export function invalidResponse(what: string, path: string, value: unknown, rule: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.HubSpotInvalidResponse,
    message: `HubSpot sent an invalid ${what}: ${path} ${rule}, got ${describeValue(value)}`,
    nonRetryable: true,
    details: [{ field: path, rule }],
  });
}

/** `['errors', 0, 'id']` → `errors[0].id`; the empty path is `body`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The first issue of a failed zod parse of `body` as a `HubSpotInvalidResponse`, with the value at its path. */
export function invalidResponseFromZod(what: string, body: unknown, error: z.ZodError): ApplicationFailure {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  return invalidResponse(what, formatPath(path), valueAt(body, path), issue?.message ?? 'is invalid');
}
