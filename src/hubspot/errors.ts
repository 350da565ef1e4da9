/**
 * Maps HubSpot's HTTP answers to Temporal `ApplicationFailure`s with stable types (see `FailureTypes`).
 *
 * | HTTP                | type                       | retryable |
 * | ------------------- | -------------------------- | --------- |
 * | 401                 | HubSpotUnauthorized        | no (after one refresh, see `request.ts`) |
 * | 401/403 `USER_DOES_NOT_HAVE_PERMISSIONS` | HubSpotTokenNeedsRotation | no |
 * | 403                 | HubSpotForbidden           | no        |
 * | 404                 | FolderUpdateTaskNotFound   | no        |
 * | 408                 | HubSpotUnavailable         | yes       |
 * | 429 Files creation throttle | HubSpotFilesThrottled | yes, after the wait it names |
 * | 429                 | HubSpotRateLimited         | yes, after `nextRetryDelay` |
 * | other 4xx           | HubSpotBadRequest          | no        |
 * | 5xx                 | HubSpotServerError         | yes       |
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../common/failure-types';
import { collectScopes } from '../common/missing-scopes';
import { filesThrottleWaitMs } from './files-throttle';
import { parseJsonObject } from './json-object';

/** What the mapping needs to know about one failed HTTP exchange. */
export interface HttpErrorInput {
  /** Human description of the call, e.g. `GET folder-update status of task 123`. */
  operation: string;
  status: number;
  headers: Headers;
  /** The response body as text; may be empty or not JSON. */
  bodyText: string;
}

/** The data every HubSpot HTTP failure carries as `details[0]`. */
export interface HubSpotErrorDetails {
  httpStatus: number;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  /** Every scope the body names, under `missingScopes`, `requiredScopes` or `requiredGranularScopes`, or in strings. */
  missingScopes?: string[];
  /** Scopes HubSpot says the call requires (403 bodies). */
  requiredScopes?: string[];
  /** The wait HubSpot asked for, in milliseconds (429 only). */
  retryAfterMs?: number;
}

interface HubSpotErrorBody {
  message?: unknown;
  category?: unknown;
  subCategory?: unknown;
  correlationId?: unknown;
  context?: unknown;
  errors?: unknown;
  errorType?: unknown;
  policyName?: unknown;
}

/** Longest piece of a non-JSON error body quoted in a message, in characters. */
const MAX_QUOTED_BODY_CHARS = 200;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The wait a 429 asks for, in milliseconds: `Retry-After` (seconds or an HTTP date) first, then
 * `X-HubSpot-RateLimit-Interval-Milliseconds`; undefined when neither is usable.
 */
export function retryAfterMs(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const interval = Number(headers.get('x-hubspot-ratelimit-interval-milliseconds'));
  return Number.isFinite(interval) && interval > 0 ? interval : undefined;
}

/**
 * The scopes a HubSpot error body names: `missingScopes` from every place HubSpot puts them (see `missing-scopes.ts`),
 * `requiredScopes` from the `requiredScopes` and `requiredGranularScopes` lists alone.
 */
function scopeDetails(body: HubSpotErrorBody): Pick<HubSpotErrorDetails, 'missingScopes' | 'requiredScopes'> {
  const missing = collectScopes(body.context, body.errors);
  const required = collectScopes(body.context, body.errors, ['requiredScopes', 'requiredGranularScopes']);
  return {
    ...(missing.length > 0 ? { missingScopes: missing } : {}),
    ...(required.length > 0 ? { requiredScopes: required } : {}),
  };
}

/** The marker HubSpot sends when a private app's creating user was removed (HubSpot's changelog): rotate the token. */
export const USER_REMOVED_MARKER = 'USER_DOES_NOT_HAVE_PERMISSIONS';

/** Whether an error body says `USER_DOES_NOT_HAVE_PERMISSIONS`, as its category, sub-category, error type or a detail's code. */
function userRemoved(body: HubSpotErrorBody): boolean {
  const codes = Array.isArray(body.errors)
    ? body.errors.map((e: unknown) =>
        e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined,
      )
    : [];
  return [body.category, body.subCategory, body.errorType, ...codes].some((v) => v === USER_REMOVED_MARKER);
}

function classify(status: number): { type: string; retryable: boolean } {
  if (status === 401) return { type: FailureTypes.HubSpotUnauthorized, retryable: false };
  if (status === 403) return { type: FailureTypes.HubSpotForbidden, retryable: false };
  if (status === 404) return { type: FailureTypes.FolderUpdateTaskNotFound, retryable: false };
  if (status === 408) return { type: FailureTypes.HubSpotUnavailable, retryable: true };
  if (status === 429) return { type: FailureTypes.HubSpotRateLimited, retryable: true };
  if (status >= 500) return { type: FailureTypes.HubSpotServerError, retryable: true };
  return { type: FailureTypes.HubSpotBadRequest, retryable: false };
}

/** Turns a non-2xx HubSpot answer into a typed `ApplicationFailure`. */
export function hubSpotHttpFailure(input: HttpErrorInput): ApplicationFailure {
  const body = parseJsonObject<HubSpotErrorBody>(input.bodyText);
  const throttleMs = filesThrottleWaitMs(input.status, input.bodyText);
  const rotate = (input.status === 401 || input.status === 403) && userRemoved(body);
  const { type, retryable } = rotate
    ? { type: FailureTypes.HubSpotTokenNeedsRotation, retryable: false }
    : throttleMs !== undefined
      ? { type: FailureTypes.HubSpotFilesThrottled, retryable: true }
      : classify(input.status);
  const details: HubSpotErrorDetails = {
    httpStatus: input.status,
    ...(optionalString(body.category) ? { category: optionalString(body.category) } : {}),
    ...(optionalString(body.subCategory) ? { subCategory: optionalString(body.subCategory) } : {}),
    ...(optionalString(body.correlationId) ? { correlationId: optionalString(body.correlationId) } : {}),
    ...scopeDetails(body),
  };
  const waitMs = throttleMs ?? (input.status === 429 ? retryAfterMs(input.headers) : undefined);
  if (waitMs !== undefined) details.retryAfterMs = waitMs;

  const hubspotMessage =
    optionalString(body.message) ??
    (input.bodyText.trim() === '' ? 'no body' : input.bodyText.trim().slice(0, MAX_QUOTED_BODY_CHARS));
  const facts = [
    details.category && `category ${details.category}`,
    details.correlationId && `correlationId ${details.correlationId}`,
  ]
    .filter(Boolean)
    .join(', ');
  const scopes = details.missingScopes ?? details.requiredScopes;
  const scopeHint = scopes ? ` Scopes needed: ${scopes.join(', ')}.` : '';
  const expiredHint =
    input.status === 401 && details.category === 'EXPIRED_AUTHENTICATION'
      ? ' OAuth access tokens expire after about 30 minutes: give the activities a token function that refreshes them.'
      : '';
  const rotateHint = rotate
    ? ' The user who created this private app was removed from the HubSpot account, so its token no longer works: rotate the token (or use a service key) and restart the worker.'
    : '';
  const throttleHint =
    throttleMs !== undefined
      ? ` This is HubSpot Files' throttle on creating files, not the app's rate limit: retried after ${Math.round(throttleMs / 1000)} s.`
      : '';
  return ApplicationFailure.create({
    type,
    message: `HubSpot answered ${input.status} to ${input.operation}: ${hubspotMessage}${facts ? ` (${facts})` : ''}.${scopeHint}${expiredHint}${rotateHint}${throttleHint}`,
    nonRetryable: !retryable,
    details: [details],
    ...(waitMs !== undefined ? { nextRetryDelay: waitMs } : {}),
  });
}
