/**
 * HubSpot's daily usage, `GET /account-info/v3/api-usage/daily/private-apps` (spec `account-info`): `{ results: [{
 * name, usageLimit, currentUsage, collectedAt, resetsAt, fetchStatus }] }`, from the calling app's daily budget.
 *
 * Assumptions beyond HubSpot's documentation: the figures are the calling app's (HubSpot's are the account's, which the
 * simulator does not model apart from its apps); `resetsAt` is the next midnight UTC (HubSpot: midnight in the
 * portal's time zone); the `name` is `private-apps-api-calls-daily` as in HubSpot's example; `fetchStatus` is always
 * `SUCCESS`; without a daily limit `results` is empty; any valid token may call it (HubSpot asks for the `oauth`
 * scope, which every token of the simulator is taken to have); the call counts against the app's limits like others.
 */
import type { AppRateLimits } from './app-rate-limits';

/** The path of HubSpot's daily usage. */
export const DAILY_USAGE_PATH = '/account-info/v3/api-usage/daily/private-apps';

/** The body of the daily usage answer for `app` at `now` (epoch ms). */
export function dailyUsageBody(limits: AppRateLimits | undefined, app: string, now: number): unknown {
  const usage = limits?.dailyUsage(app);
  if (!usage) return { results: [] };
  const midnight = new Date(now);
  midnight.setUTCHours(24, 0, 0, 0);
  return {
    results: [
      {
        name: 'private-apps-api-calls-daily',
        usageLimit: usage.limit,
        currentUsage: usage.used,
        collectedAt: new Date(now).toISOString(),
        resetsAt: midnight.toISOString(),
        fetchStatus: 'SUCCESS',
      },
    ],
  };
}
