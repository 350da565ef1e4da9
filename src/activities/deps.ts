/**
 * What the activities need from the outside world, injected through `createActivities(deps)`.
 */
import { apiVersionProblem, DEFAULT_API_VERSION } from '../common/api-version';
import type { CancellationCheck } from './cancellation-check';
import { closeWatchCancellationCheck } from './close-watch';
import { activityMetrics, type HubSpotMetrics } from './hubspot-metrics';
import { httpBaseUrl } from './base-url';
import { RequestBudget } from './request-budget';
import { abortableSleep } from './sleep';

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

/** Dependencies of the HubSpot activities. */
export interface ActivityDeps {
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
   * An optional ceiling on this process's HubSpot requests per second, over every activity built by this call. The
   * budget paces itself from HubSpot's rate-limit headers without it (see `request-budget.ts`), for any number of
   * workers. `Infinity` turns the budget off (no pacing at all). Defaults to none.
   */
  maxRequestsPerSecond?: number;
  /** The clock of the early-window poller, in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
  /**
   * How the early-window poller waits between polls: `ms` milliseconds, or until `signal` aborts, then rejects with
   * its reason. Defaults to a timer of `node:timers/promises`.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The jitter source, in [0, 1). Defaults to `Math.random`. */
  random?: () => number;
  /**
   * Where the HubSpot metrics go (`hubspot_requests`, `hubspot_rate_limited`, `hubspot_budget_wait`,
   * `hubspot_rate_limit_remaining`; see `hubspot-metrics.ts`). Defaults to the running activity's `metricMeter`,
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
  /**
   * How the early-window poller learns between two polls that its workflow was cancelled or closed, so that it stops
   * within one poll instead of at its next heartbeat answer (up to 48 s later). Defaults to
   * `closeWatchCancellationCheck`: one long poll on the run's close event per poller (one call per 20 s, not a billed
   * action), and `describeCancellationCheck` (one `DescribeWorkflowExecution` before each read after the first) where
   * it cannot run. `false` turns it off: the poller then learns of a cancellation only from a heartbeat answer.
   */
  cancellationCheck?: CancellationCheck | false;
}

/** HubSpot's public API. */
export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** The defaults applied by {@link resolveDeps}. */
export const ACTIVITY_DEFAULTS = {
  baseUrl: DEFAULT_HUBSPOT_BASE_URL,
  requestTimeoutMs: 10_000,
  maxResponseBytes: 5 * 1024 * 1024,
  apiVersion: DEFAULT_API_VERSION,
  reserve: 0.1,
} as const;

/** {@link ActivityDeps} with every default filled in, and the process's request budget. */
export type ResolvedDeps = Required<Omit<ActivityDeps, 'maxRequestsPerSecond' | 'reserve'>> & { budget: RequestBudget };

/** Fills in defaults and checks the deps once, when the worker builds the activities. */
export function resolveDeps(deps: ActivityDeps): ResolvedDeps {
  const { baseUrl, valid } = httpBaseUrl(deps.baseUrl ?? ACTIVITY_DEFAULTS.baseUrl);
  if (!valid) {
    throw new TypeError(`createActivities: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (typeof deps.token !== 'function' && (typeof deps.token !== 'string' || deps.token.trim() === '')) {
    throw new TypeError('createActivities: token must be a non-empty string or a function returning one');
  }
  const requestTimeoutMs = deps.requestTimeoutMs ?? ACTIVITY_DEFAULTS.requestTimeoutMs;
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new TypeError(`createActivities: requestTimeoutMs must be a positive number, got ${requestTimeoutMs}`);
  }
  const maxResponseBytes = deps.maxResponseBytes ?? ACTIVITY_DEFAULTS.maxResponseBytes;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new TypeError(`createActivities: maxResponseBytes must be a positive integer, got ${maxResponseBytes}`);
  }
  const { maxRequestsPerSecond, reserve = ACTIVITY_DEFAULTS.reserve } = deps;
  if (maxRequestsPerSecond !== undefined && (typeof maxRequestsPerSecond !== 'number' || !(maxRequestsPerSecond > 0))) {
    throw new TypeError(
      `createActivities: maxRequestsPerSecond must be a number above 0 (or Infinity), got ${maxRequestsPerSecond}`,
    );
  }
  const apiVersion = deps.apiVersion ?? ACTIVITY_DEFAULTS.apiVersion;
  const versionProblem = apiVersionProblem(apiVersion);
  if (versionProblem) {
    throw new TypeError(`createActivities: apiVersion ${versionProblem}, got ${JSON.stringify(apiVersion)}`);
  }
  if (typeof reserve !== 'number' || !(reserve >= 0 && reserve <= 0.5)) {
    throw new TypeError(`createActivities: reserve must be a number from 0 to 0.5, got ${reserve}`);
  }
  return {
    apiVersion,
    budget: new RequestBudget({ ceilingPerSecond: maxRequestsPerSecond, reserve }),
    baseUrl,
    token: deps.token,
    requestTimeoutMs,
    maxResponseBytes,
    fetch: deps.fetch ?? globalThis.fetch.bind(globalThis),
    now: deps.now ?? Date.now,
    sleep: deps.sleep ?? abortableSleep,
    random: deps.random ?? Math.random,
    metrics: deps.metrics ?? activityMetrics(),
    cancellationCheck: deps.cancellationCheck ?? closeWatchCancellationCheck,
  };
}
