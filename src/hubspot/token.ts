import { ApplicationFailure } from '@temporalio/common';
import { redact } from './redact';

/**
 * Where the HubSpot token comes from.
 *
 * - a string: a static private-app token;
 * - a function: called for each request to get a current OAuth access token (HubSpot's expire after 30 minutes).
 *   After a 401 it is called once more with `{ forceRefresh: true }` and the request is retried once.
 *
 * The token stays in the worker: it is never put in activity inputs, results, failures or logs.
 */
export type TokenSource = string | ((request: { forceRefresh: boolean }) => Promise<string> | string);

/** Type of the retryable failure raised when a token function throws or returns nothing usable. */
export const TOKEN_UNAVAILABLE = 'HubSpotTokenUnavailable';

/**
 * Reads the current token from a {@link TokenSource}.
 *
 * A function that throws (its OAuth server is down, say) gives a retryable `HubSpotTokenUnavailable` failure; its
 * message is kept but never the token.
 */
export async function readToken(source: TokenSource, forceRefresh: boolean): Promise<string> {
  if (typeof source === 'string') return source;
  let token: unknown;
  try {
    token = await source({ forceRefresh });
  } catch (err) {
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
