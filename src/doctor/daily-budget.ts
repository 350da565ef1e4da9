/**
 * The daily budget left and when it resets: `GET /account-info/v3/api-usage/daily/private-apps` (HubSpot's spec
 * `account-info`: `results[]` of `{ name, usageLimit, currentUsage, collectedAt, resetsAt, fetchStatus }`), else the
 * `X-HubSpot-RateLimit-Daily` and `-Daily-Remaining` headers of the probe (private apps send them; no reset time).
 */
import type { RateLimitHeaders } from '../hubspot/budget/rate-limit-headers';
import { callHubSpot, type HubSpotCallDeps } from './hubspot-call';

/** HubSpot's daily usage path. */
export const DAILY_USAGE_PATH = '/account-info/v3/api-usage/daily/private-apps';

/** Reads the daily usage with `token`, falling back to the probe's headers; undefined when HubSpot reports neither. */
export async function readDailyBudget(
  deps: HubSpotCallDeps,
  token: string,
  probed: RateLimitHeaders | undefined,
): Promise<DailyBudget | undefined> {
  const answer = await callHubSpot(deps, {
    method: 'GET',
    path: DAILY_USAGE_PATH,
    bearer: token,
    what: 'The daily usage read',
  });
  const fromUsage = answer.status === 200 ? dailyBudgetFromUsage(answer.json) : undefined;
  if (fromUsage) return fromUsage;
  if (probed?.daily !== undefined && probed.dailyRemaining !== undefined) {
    return { limit: probed.daily, used: probed.daily - probed.dailyRemaining, source: 'headers' };
  }
  return undefined;
}

/** The first usable result of a daily usage answer. Pure; tolerant of missing or extra fields. */
export function dailyBudgetFromUsage(body: unknown): DailyBudget | undefined {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return undefined;
  for (const r of results as Array<Record<string, unknown> | null>) {
    const limit = r?.usageLimit;
    const used = r?.currentUsage;
    if (typeof limit !== 'number' || typeof used !== 'number' || !(limit > 0) || !(used >= 0)) continue;
    const resetsAt = typeof r?.resetsAt === 'string' && !Number.isNaN(Date.parse(r.resetsAt)) ? r.resetsAt : undefined;
    return { limit, used: Math.min(used, limit), source: 'account-info', ...(resetsAt ? { resetsAt } : {}) };
  }
  return undefined;
}

/** The account's daily budget. */
export interface DailyBudget {
  /** Requests a day. */
  limit: number;
  /** Requests made today. */
  used: number;
  /** When the budget resets (ISO 8601), when HubSpot says (midnight in the portal's time zone). */
  resetsAt?: string;
  /** Where the figures come from: the usage read, or the probe's headers. */
  source: 'account-info' | 'headers';
}
