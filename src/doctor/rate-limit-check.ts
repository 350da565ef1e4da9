/**
 * The `rate-limit` line: the `X-HubSpot-RateLimit-*` headers the probe saw and the budget they imply for this app, and
 * for a plan the shortest time its requests take at that rate. Pure.
 */
import { formatDuration } from '../cli/format';
import type { RateLimitHeaders } from '../hubspot/budget/rate-limit-headers';
import type { RequestEstimate } from './request-estimate';
import { pass, warn, type SetupCheck } from './setup-check';

/** The line for the headers seen (undefined: none), with the share `reserve` (0 to 0.5) left to other integrations. */
export function rateLimitCheck(
  headers: RateLimitHeaders | undefined,
  reserve: number,
  estimate: RequestEstimate | undefined,
): SetupCheck {
  if (!headers) {
    return warn(
      'rate-limit',
      'HubSpot sent no X-HubSpot-RateLimit-* headers: the workers cannot pace from them',
      'Check that no proxy strips them; meanwhile set HUBSPOT_MAX_REQUESTS_PER_SECOND as a ceiling.',
    );
  }
  const perSecond = (headers.max * (1 - reserve) * 1000) / headers.intervalMs;
  const rate = `about ${perSecond.toFixed(1)} requests/s for this app after the ${Math.round(reserve * 100)}% reserve`;
  const seen = `${headers.max} requests per ${headers.intervalMs / 1000} s, ${headers.remaining} left now: ${rate}`;
  const plan = estimate
    ? `; the plan's ${estimate.requests} requests take at least ${formatDuration((estimate.requests / perSecond) * 1000)}`
    : '';
  if (headers.remaining === 0) {
    return warn(
      'rate-limit',
      `${seen}${plan}; the app is at its limit right now`,
      'Another integration on the same app is spending the budget: the workers share what it leaves.',
    );
  }
  return pass('rate-limit', `${seen}${plan}`);
}
