/**
 * `checkSetup`: the setup checks of `temporal-hubspot-files doctor`, for programs. For the HubSpot token, the Temporal
 * connection and its namespace, one {@link SetupCheck} per item, PASS, WARN or FAIL, with a fix for each WARN and FAIL.
 * It makes at most four HubSpot calls, none of which changes anything: the token probe, HubSpot's token checks (one or
 * two) and the daily usage read; and four read-only Temporal calls.
 */
import type { Client } from '@temporalio/client';
import { apiVersionProblem, DEFAULT_API_VERSION } from '../common/api-version';
import { durationMs } from '../common/duration';
import { httpBaseUrl } from '../hubspot/base-url';
import { DEFAULT_HUBSPOT_BASE_URL, HUBSPOT_CLIENT_DEFAULTS } from '../hubspot/client-deps';
import { redact } from '../hubspot/redact';
import { readToken, type TokenSource } from '../hubspot/token';
import { resolvePollOptions, type PollOptions } from '../workflows/await/poll-options';
import { apiVersionCheck } from './api-version-check';
import { readDailyBudget } from './daily-budget';
import { dailyBudgetCheck } from './daily-budget-check';
import type { HubSpotCallDeps } from './hubspot-call';
import { rateLimitCheck } from './rate-limit-check';
import { estimateRequests, type RequestEstimate } from './request-estimate';
import { scopeCheck } from './scope-check';
import { fail, type SetupCheck } from './setup-check';
import { tokenCheck, tokenUnavailableCheck } from './token-check';
import { introspectToken } from './token-introspection';
import { probeToken } from './token-probe';
import { temporalChecks } from './temporal-checks';

/** The defaults of {@link checkSetup}'s options. */
export const SETUP_CHECK_DEFAULTS = {
  /** How long each task of a planned migration is taken to run, for the request estimate. */
  taskDuration: '1m',
} as const;

/**
 * Checks a setup before a migration: the HubSpot token (accepted, its kind, its scopes), the daily budget against the
 * planned folders, the rate-limit headers, the API version's end of support, the Temporal server version, the
 * namespace and the search attributes. Never throws for a fault of the setup: each becomes a FAIL or WARN line. No
 * token, refresh token or client secret appears in the report.
 *
 * @example
 * ```ts
 * const report = await checkSetup({ client, hubspot: { token }, plannedFolders: 5000 });
 * for (const c of report.checks) console.log(c.status, c.id, c.summary, c.fix ?? '');
 * if (!report.ok) process.exit(1);
 * ```
 * @throws TypeError naming the option, before any call, when an option is malformed.
 */
export async function checkSetup(options: SetupCheckOptions): Promise<SetupReport> {
  const settings = validate(options);
  const now = options.now ?? Date.now;
  const estimate =
    options.plannedFolders === undefined
      ? undefined
      : estimateRequests(
          options.plannedFolders,
          settings.taskDurationMs,
          resolvePollOptions(options.pollOptions ?? {}),
        );
  const checks = [
    ...(await hubspotChecks(settings, estimate)),
    apiVersionCheck(settings.apiVersion, now()),
    ...(await temporalChecks(options.client)),
  ];
  return { ok: checks.every((c) => c.status !== 'FAIL'), checks, ...(estimate ? { estimate } : {}) };
}

async function hubspotChecks(settings: Settings, estimate: RequestEstimate | undefined): Promise<SetupCheck[]> {
  const source = typeof settings.token === 'function' ? 'oauth' : 'static';
  let token: string;
  try {
    token = await readToken(settings.token, false);
  } catch (err) {
    return [tokenUnavailableCheck(err instanceof Error ? err.message : String(err))];
  }
  const deps: HubSpotCallDeps = { ...settings.call, secrets: [token] };
  try {
    const probe = await probeToken(deps, token, settings.apiVersion);
    const info =
      probe.outcome === 'accepted' || probe.outcome === 'missing-scopes'
        ? await introspectToken(deps, token, source)
        : undefined;
    const tokenLine = tokenCheck(source, probe, info);
    if (tokenLine.status !== 'PASS') return [tokenLine, rateLimitCheck(probe.rateLimit, settings.reserve, estimate)];
    // HubSpot reports daily figures for private apps (and service keys) only: an OAuth token's are not read.
    const kind = source === 'oauth' || info?.kind === 'oauth' ? 'oauth' : 'static';
    const budget = kind === 'oauth' ? undefined : await readDailyBudget(deps, token, probe.rateLimit);
    return [
      tokenLine,
      scopeCheck(probe, info, settings.apiVersion),
      dailyBudgetCheck(budget, kind, estimate),
      rateLimitCheck(probe.rateLimit, settings.reserve, estimate),
    ];
  } catch (err) {
    const reason = redact(err instanceof Error ? err.message : String(err), [token]);
    return [fail('token', reason, `Check HUBSPOT_BASE_URL (${settings.call.baseUrl}) and the network.`)];
  }
}

function validate(options: SetupCheckOptions): Settings {
  const caller = 'checkSetup';
  if (options === null || typeof options !== 'object') throw new TypeError(`${caller}: options must be an object`);
  const { hubspot, client, plannedFolders } = options;
  if (!client?.connection?.workflowService) throw new TypeError(`${caller}: client must be a Temporal Client`);
  if (hubspot === null || typeof hubspot !== 'object') throw new TypeError(`${caller}: hubspot must be an object`);
  if (typeof hubspot.token !== 'function' && (typeof hubspot.token !== 'string' || hubspot.token.trim() === '')) {
    throw new TypeError(`${caller}: hubspot.token must be a non-empty string or a function returning one`);
  }
  const { baseUrl, valid } = httpBaseUrl(hubspot.baseUrl ?? DEFAULT_HUBSPOT_BASE_URL);
  if (!valid)
    throw new TypeError(`${caller}: hubspot.baseUrl must be an http(s) URL, got ${JSON.stringify(hubspot.baseUrl)}`);
  const apiVersion = hubspot.apiVersion ?? DEFAULT_API_VERSION;
  const versionProblem = apiVersionProblem(apiVersion);
  if (versionProblem)
    throw new TypeError(`${caller}: hubspot.apiVersion ${versionProblem}, got ${JSON.stringify(apiVersion)}`);
  const requestTimeoutMs = hubspot.requestTimeoutMs ?? HUBSPOT_CLIENT_DEFAULTS.requestTimeoutMs;
  if (!(Number.isFinite(requestTimeoutMs) && requestTimeoutMs > 0)) {
    throw new TypeError(
      `${caller}: hubspot.requestTimeoutMs must be a positive number, got ${JSON.stringify(requestTimeoutMs)}`,
    );
  }
  const reserve = hubspot.reserve ?? HUBSPOT_CLIENT_DEFAULTS.reserve;
  if (!(typeof reserve === 'number' && reserve >= 0 && reserve <= 0.5)) {
    throw new TypeError(`${caller}: hubspot.reserve must be a number from 0 to 0.5, got ${JSON.stringify(reserve)}`);
  }
  if (plannedFolders !== undefined && !(Number.isSafeInteger(plannedFolders) && plannedFolders >= 0)) {
    throw new TypeError(
      `${caller}: plannedFolders must be a whole number from 0, got ${JSON.stringify(plannedFolders)}`,
    );
  }
  let taskDurationMs: number;
  try {
    taskDurationMs = durationMs(options.taskDuration ?? SETUP_CHECK_DEFAULTS.taskDuration);
  } catch {
    taskDurationMs = NaN;
  }
  if (!(taskDurationMs >= 0)) {
    throw new TypeError(
      `${caller}: taskDuration must be a duration such as '1m', got ${JSON.stringify(options.taskDuration)}`,
    );
  }
  return {
    token: hubspot.token,
    apiVersion,
    reserve,
    taskDurationMs,
    call: { baseUrl, requestTimeoutMs, fetch: hubspot.fetch ?? globalThis.fetch.bind(globalThis) },
  };
}

/** The checked options. */
interface Settings {
  token: TokenSource;
  apiVersion: string;
  reserve: number;
  taskDurationMs: number;
  call: Omit<HubSpotCallDeps, 'secrets'>;
}

/** Options of {@link checkSetup}. */
export interface SetupCheckOptions {
  /** A client of the Temporal connection and namespace to check (the namespace is `client.options.namespace`). */
  client: Client;
  /** The HubSpot side, as the worker has it. */
  hubspot: {
    /** The token: a service key, a private-app token, or a token function such as `hubspotOAuth(...)`. Required. */
    token: TokenSource;
    /** HubSpot's API base URL. Defaults to `https://api.hubapi.com`. */
    baseUrl?: string;
    /** The API version the worker uses: `v3`, `2025-09`, `2026-03` or `2026-09`. Defaults to `v3`. */
    apiVersion?: string;
    /** Timeout of one HubSpot call, in milliseconds. Defaults to 10,000. */
    requestTimeoutMs?: number;
    /** Share of the app's rate limit left for other integrations, 0 to 0.5, as the worker's. Defaults to 0.1. */
    reserve?: number;
    /** The fetch implementation. Defaults to the global `fetch`. */
    fetch?: typeof fetch;
  };
  /** Folders a planned migration updates: the daily budget is checked against its estimated requests. Defaults to none. */
  plannedFolders?: number;
  /** The migration's poll options, for the estimate. Defaults to the package's poll defaults. */
  pollOptions?: PollOptions;
  /** How long each task is taken to run, for the estimate, e.g. `'5m'`. Defaults to `'1m'`. */
  taskDuration?: string;
  /** Clock in epoch milliseconds, for the API version's end of support. Defaults to `Date.now`. */
  now?: () => number;
}

/** What {@link checkSetup} found. */
export interface SetupReport {
  /** True when no check FAILed (WARNs allowed): `doctor` exits 0 and `migrate` starts. */
  ok: boolean;
  /** One line per check, in a fixed order (`token`, `scopes`, `daily-budget`, `rate-limit`, `api-version`, `temporal-server`, `namespace`, `search-attributes`); a check whose precondition failed is left out. */
  checks: SetupCheck[];
  /** With `plannedFolders`: the migration's estimated HubSpot requests. */
  estimate?: RequestEstimate;
}

export type { SetupCheck } from './setup-check';
export type { RequestEstimate } from './request-estimate';
