/**
 * What the HubSpot HTTP client needs from the outside world: base URL, token source, fetch, request timeout, body
 * limit, API version, the request budget's settings and the metrics recorder. The activities' `ActivityDeps` extend
 * it; `hubspotRequest` (see `request.ts`) takes it resolved.
 */
import { apiVersionProblem, DEFAULT_API_VERSION } from '../common/api-version';
import { httpBaseUrl } from './base-url';
import { RequestBudget } from './budget/request-budget';
import { activityMetrics, type HubSpotMetrics } from './metrics';
import type { TokenSource } from './token';

/** Dependencies of the HubSpot HTTP client. */
export interface HubSpotClientDeps {
  /** HubSpot API base URL, without a trailing path. Defaults to {@link DEFAULT_HUBSPOT_BASE_URL}. */
  baseUrl?: string;
  /** The HubSpot token: a private-app token or a function returning a fresh OAuth token. Required. */
  token: TokenSource;
  /** Timeout of one HTTP request, in milliseconds, including reading the body. Defaults to 10,000. */
  requestTimeoutMs?: number;
  /** Largest response body read, in bytes; a larger one fails as `HubSpotInvalidResponse`. Defaults to 5 MiB. */
  maxResponseBytes?: number;
  /** The fetch implementation. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * An optional ceiling on this process's HubSpot requests per second, over every request made with these deps (every
   * activity of one `createActivities` call). The budget paces itself from HubSpot's rate-limit headers without it
   * (see `budget/request-budget.ts`), for any number of workers. `Infinity` turns the budget off (no pacing at all). Defaults to none.
   */
  maxRequestsPerSecond?: number;
  /**
   * Where the HubSpot metrics go (`hubspot_requests`, `hubspot_rate_limited`, `hubspot_budget_wait`,
   * `hubspot_rate_limit_remaining`; see `metrics.ts`). Defaults to the running activity's `metricMeter`,
   * which the worker's runtime exports (e.g. to Prometheus); a no-op outside an activity.
   */
  metrics?: HubSpotMetrics;
  /**
   * HubSpot API version of the folder-update paths: `'v3'` (`/files/v3/folders/update/async…`) or a date version
   * such as `'2026-03'` (`/files/2026-03/folders/update/async…`, same shapes). Defaults to `'v3'`.
   */
  apiVersion?: string;
  /** Share of the HubSpot app's limit left for other integrations, 0 to 0.5. Defaults to 0.1 (10%). */
  reserve?: number;
}

/** HubSpot's public API. */
export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** The defaults applied by {@link resolveClientDeps}. */
export const HUBSPOT_CLIENT_DEFAULTS = {
  baseUrl: DEFAULT_HUBSPOT_BASE_URL,
  requestTimeoutMs: 10_000,
  maxResponseBytes: 5 * 1024 * 1024,
  apiVersion: DEFAULT_API_VERSION,
  reserve: 0.1,
} as const;

/** {@link HubSpotClientDeps} with every default filled in, and the process's request budget. */
export type ResolvedClientDeps = Required<Omit<HubSpotClientDeps, 'maxRequestsPerSecond' | 'reserve'>> & {
  budget: RequestBudget;
};

/**
 * Fills in defaults and checks the deps once, when the worker builds the activities.
 *
 * @param caller - the function whose settings these are, named in each `TypeError`, e.g. `createActivities`.
 */
export function resolveClientDeps(deps: HubSpotClientDeps, caller: string): ResolvedClientDeps {
  const { baseUrl, valid } = httpBaseUrl(deps.baseUrl ?? HUBSPOT_CLIENT_DEFAULTS.baseUrl);
  if (!valid) {
    throw new TypeError(`${caller}: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (typeof deps.token !== 'function' && (typeof deps.token !== 'string' || deps.token.trim() === '')) {
    throw new TypeError(`${caller}: token must be a non-empty string or a function returning one`);
  }
  const requestTimeoutMs = deps.requestTimeoutMs ?? HUBSPOT_CLIENT_DEFAULTS.requestTimeoutMs;
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new TypeError(`${caller}: requestTimeoutMs must be a positive number, got ${requestTimeoutMs}`);
  }
  const maxResponseBytes = deps.maxResponseBytes ?? HUBSPOT_CLIENT_DEFAULTS.maxResponseBytes;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new TypeError(`${caller}: maxResponseBytes must be a positive integer, got ${maxResponseBytes}`);
  }
  const { maxRequestsPerSecond, reserve = HUBSPOT_CLIENT_DEFAULTS.reserve } = deps;
  if (maxRequestsPerSecond !== undefined && (typeof maxRequestsPerSecond !== 'number' || !(maxRequestsPerSecond > 0))) {
    throw new TypeError(
      `${caller}: maxRequestsPerSecond must be a number above 0 (or Infinity), got ${maxRequestsPerSecond}`,
    );
  }
  const apiVersion = deps.apiVersion ?? HUBSPOT_CLIENT_DEFAULTS.apiVersion;
  const versionProblem = apiVersionProblem(apiVersion);
  if (versionProblem) {
    throw new TypeError(`${caller}: apiVersion ${versionProblem}, got ${JSON.stringify(apiVersion)}`);
  }
  if (typeof reserve !== 'number' || !(reserve >= 0 && reserve <= 0.5)) {
    throw new TypeError(`${caller}: reserve must be a number from 0 to 0.5, got ${reserve}`);
  }
  return {
    apiVersion,
    budget: new RequestBudget({ ceilingPerSecond: maxRequestsPerSecond, reserve }),
    baseUrl,
    token: deps.token,
    requestTimeoutMs,
    maxResponseBytes,
    fetch: deps.fetch ?? globalThis.fetch.bind(globalThis),
    metrics: deps.metrics ?? activityMetrics(),
  };
}
