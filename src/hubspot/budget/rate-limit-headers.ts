/**
 * HubSpot's view of an app's request budget, read from the `X-HubSpot-RateLimit-*` headers every answer carries, and
 * the `policyName` of a 429 body (`TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY`).
 *
 * The figures are the app's as a whole: every worker, integration and script that uses the app's token counts
 * against them. A tolerant reader: a missing or malformed header leaves its field out (or the whole view undefined),
 * never fails the request.
 */

/** The app's rate-limit state as one answer reported it. */
export interface RateLimitHeaders {
  /** `X-HubSpot-RateLimit-Max`: requests the app may make in one rolling interval (e.g. 100, 190, 250). */
  max: number;
  /** `X-HubSpot-RateLimit-Remaining`: requests the app has left in the current rolling interval. */
  remaining: number;
  /** `X-HubSpot-RateLimit-Interval-Milliseconds`: the rolling interval, in milliseconds (10,000 on HubSpot today). */
  intervalMs: number;
  /** `X-HubSpot-RateLimit-Daily`: requests the account may make per day; private apps only. */
  daily?: number;
  /** `X-HubSpot-RateLimit-Daily-Remaining`: requests left today; private apps only. */
  dailyRemaining?: number;
}

/** A 429's `policyName`: which of HubSpot's limits was hit. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const POLICIES: readonly string[] = ['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY'];

function count(headers: Headers, name: string, positive: boolean): number | undefined {
  const raw = headers.get(name)?.trim();
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && (!positive || value > 0) ? value : undefined;
}

/**
 * Reads the rate-limit headers of one answer. Undefined unless `-Max`, `-Remaining` and `-Interval-Milliseconds` are
 * all whole numbers (max and interval above 0); `remaining` is capped at `max`. The daily fields are set when sent.
 */
export function parseRateLimitHeaders(headers: Headers): RateLimitHeaders | undefined {
  const max = count(headers, 'x-hubspot-ratelimit-max', true);
  const remaining = count(headers, 'x-hubspot-ratelimit-remaining', false);
  const intervalMs = count(headers, 'x-hubspot-ratelimit-interval-milliseconds', true);
  if (max === undefined || remaining === undefined || intervalMs === undefined) return undefined;
  const view: RateLimitHeaders = { max, remaining: Math.min(remaining, max), intervalMs };
  const daily = count(headers, 'x-hubspot-ratelimit-daily', true);
  const dailyRemaining = count(headers, 'x-hubspot-ratelimit-daily-remaining', false);
  if (daily !== undefined) view.daily = daily;
  if (dailyRemaining !== undefined)
    view.dailyRemaining = daily === undefined ? dailyRemaining : Math.min(dailyRemaining, daily);
  return view;
}

/** The `policyName` of a 429 body, when it is one HubSpot documents; undefined for any other body. */
export function rateLimitPolicy(bodyText: string): RateLimitPolicy | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const name = (body as { policyName?: unknown } | null)?.policyName;
  return typeof name === 'string' && POLICIES.includes(name.toUpperCase())
    ? (name.toUpperCase() as RateLimitPolicy)
    : undefined;
}
