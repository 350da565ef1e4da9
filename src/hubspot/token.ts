import { ApplicationFailure } from '@temporalio/common';
import { redact } from './redact';

/**
 * What a token function is asked for: a current token, or after a 401 a fresh one (`forceRefresh`), with the token
 * HubSpot refused (`rejectedToken`) so that many requests refused with one token make one refresh.
 */
export interface TokenRequest {
  forceRefresh: boolean;
  /** After a 401: the token HubSpot refused. */
  rejectedToken?: string;
}

/**
 * Where the HubSpot token comes from.
 *
 * - a string: a static token, a service key or a (legacy) private-app token;
 * - a function: called for each request to get a current OAuth access token (HubSpot's expire after 30 minutes),
 *   such as `hubspotOAuth(...)` or `hubspotClientCredentials(...)` make. After a 401 it is called once more with
 *   `{ forceRefresh: true, rejectedToken }` and the request is retried once.
 *
 * The token stays in the worker: it is never put in activity inputs, results, failures or logs.
 */
export type TokenSource = string | ((request: TokenRequest) => Promise<string> | string);

/** Type of the retryable failure raised when a token function throws or returns nothing usable. */
export const TOKEN_UNAVAILABLE = 'HubSpotTokenUnavailable';

/**
 * Reads the current token from a {@link TokenSource}.
 *
 * A function that throws (its OAuth server is down, say) gives a retryable `HubSpotTokenUnavailable` failure; its
 * message is kept but never the token. A typed `ApplicationFailure` it throws (as `hubspotOAuth`'s do) passes as is.
 */
export async function readToken(source: TokenSource, forceRefresh: boolean, rejectedToken?: string): Promise<string> {
  if (typeof source === 'string') return source;
  let token: unknown;
  try {
    token = await source(
      forceRefresh && rejectedToken !== undefined ? { forceRefresh, rejectedToken } : { forceRefresh },
    );
  } catch (err) {
    // Our own OAuth sources (oauth.ts) throw typed failures whose messages hold no secret.
    if (err instanceof ApplicationFailure && err.type !== null && err.type !== undefined) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw ApplicationFailure.create({
      type: TOKEN_UNAVAILABLE,
      message: `The HubSpot token source failed: ${redact(reason, [])}`,
      nonRetryable: false,
    });
  }
  if (typeof token !== 'string' || token.trim() === '') {
    throw ApplicationFailure.create({
      type: TOKEN_UNAVAILABLE,
      message: 'The HubSpot token source returned no token (expected a non-empty string)',
      nonRetryable: false,
    });
  }
  return token;
}
