import { ApplicationFailure } from '@temporalio/common';
import type { TokenSource } from './deps';
import { redact } from './redact';

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
