import { randomUUID } from 'node:crypto';
import type { HubSpotErrorBody, ErrorDetailBody, HubSpotRateLimitBody, StandardErrorBody } from './types';

/** HubSpot's message for a token that lacks a required scope. */
export const MISSING_SCOPES_MESSAGE =
  "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.";

/** HubSpot's message for a call without credentials. */
export const MISSING_CREDENTIALS_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/** HubSpot's message for a 429 from the ten-secondly rolling limit. */
export const RATE_LIMIT_MESSAGE = 'You have reached your ten_secondly_rolling limit.';

/** HubSpot Files' message for its throttle on creating files (HubSpot/hubspot-cli#1036). */
export const FILES_THROTTLE_MESSAGE = 'Rate limit exceeded for creating files. Retry in 1 minute.';

/** HubSpot's category for a private-app token whose creating user was removed from the account (HubSpot's changelog). */
export const USER_REMOVED_CATEGORY = 'USER_DOES_NOT_HAVE_PERMISSIONS';

/**
 * The 429 body of HubSpot Files' creation throttle. Assumption: HubSpot documents only the message; the rest is the
 * older 429 form the same issue shows (`requestId`, `policyName: "SECONDLY"`) beside the usual `status`/`correlationId`.
 */
export function filesThrottleBody(): HubSpotRateLimitBody & { requestId: string } {
  return {
    status: 'error',
    message: FILES_THROTTLE_MESSAGE,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    requestId: randomUUID(),
    policyName: 'SECONDLY',
  };
}

/** Optional parts of a {@link hubSpotErrorBody}. */
export type HubSpotErrorExtras = Partial<Omit<HubSpotErrorBody, 'status' | 'message' | 'category'>>;

/**
 * Builds a HubSpot error body `{ status: 'error', message, correlationId, category, ... }`.
 * A fresh `correlationId` (UUID) is generated unless `extras` gives one.
 */
export function hubSpotErrorBody(category: string, message: string, extras: HubSpotErrorExtras = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extras };
}

/** The 403 body HubSpot sends when the token lacks one of `requiredScopes` (category `MISSING_SCOPES`). */
export function missingScopesBody(requiredScopes: string[]): HubSpotErrorBody {
  return hubSpotErrorBody('MISSING_SCOPES', MISSING_SCOPES_MESSAGE, {
    errors: [
      {
        message: 'One or more of the following scopes are required.',
        context: { requiredGranularScopes: requiredScopes },
      },
    ],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
  });
}

/** The 429 body HubSpot sends when the ten-secondly rolling limit is reached. */
export function rateLimitBody(): HubSpotRateLimitBody {
  return {
    status: 'error',
    message: RATE_LIMIT_MESSAGE,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: 'TEN_SECONDLY_ROLLING',
  };
}

/** A plausible HubSpot error body for an HTTP status, used when a fault does not give its own body. */
export function errorBodyForStatus(status: number): HubSpotErrorBody {
  if (status === 400) return hubSpotErrorBody('VALIDATION_ERROR', 'Invalid request.');
  if (status === 404) return hubSpotErrorBody('OBJECT_NOT_FOUND', 'Resource not found.');
  if (status === 408) return hubSpotErrorBody('TIMEOUT', 'The request timed out.');
  if (status === 502 || status === 503 || status === 504) {
    return hubSpotErrorBody('SERVICE_UNAVAILABLE', `The service is temporarily unavailable (HTTP ${status}).`);
  }
  return hubSpotErrorBody('INTERNAL_ERROR', `Internal error (HTTP ${status}).`);
}

/** Input of {@link hubSpotTaskError}: `category` and `message` are required, the rest defaults to empty. */
export type HubSpotTaskErrorInput = Pick<StandardErrorBody, 'category' | 'message'> & Partial<StandardErrorBody>;

/**
 * Builds an entry of a task status `errors[]`, defaulting `status` to `'error'`, `context`, `links` and `subCategory`
 * to `{}` and `errors` to `[]`: the shapes of the example on HubSpot's Files API reference page.
 */
export function hubSpotTaskError(input: HubSpotTaskErrorInput): StandardErrorBody {
  return { status: 'error', context: {}, links: {}, errors: [], subCategory: {}, ...input };
}

/**
 * A task error saying the token lacks scopes. The item `context` holds the list (`{ missingScopes: [...] }`, a map
 * string → string[] as `StandardError` documents it), while the nested detail `context` holds the documented string
 * form (`"{missingScopes=[files, files.ui_hidden.read]}"`); `subCategory` is `{}` as in HubSpot's reference example.
 *
 * @param missingScopes - defaults to `['files', 'files.ui_hidden.read']`.
 */
export function missingScopeTaskError(missingScopes: string[] = ['files', 'files.ui_hidden.read']): StandardErrorBody {
  const detail: ErrorDetailBody = {
    message: 'One or more of the following scopes are required.',
    code: 'MISSING_SCOPES',
    context: `{missingScopes=[${missingScopes.join(', ')}]}`,
  };
  return hubSpotTaskError({
    category: 'MISSING_SCOPES',
    message: MISSING_SCOPES_MESSAGE,
    context: { missingScopes: [...missingScopes] },
    errors: [detail],
  });
}
