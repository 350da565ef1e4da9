/**
 * The worker's settings, read from environment variables and checked at start-up.
 *
 * | variable                          | meaning                                                       | default                 |
 * | --------------------------------- | ------------------------------------------------------------- | ----------------------- |
 * | TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE | Temporal connection, read by `@temporalio/envconfig` as the Temporal CLI does | localhost:7233, default |
 * | TEMPORAL_TASK_QUEUE               | task queue the worker polls                                   | hubspot-files           |
 * | HUBSPOT_ACCESS_TOKEN              | a static token: service key, private-app or OAuth access token | none                   |
 * | HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET | instead of a static token: the OAuth app's credentials  | none                    |
 * | HUBSPOT_REFRESH_TOKEN             | with them: refresh this install's token (else client credentials) | none                |
 * | HUBSPOT_BASE_URL                  | HubSpot API base URL                                          | https://api.hubapi.com  |
 * | HUBSPOT_MAX_REQUESTS_PER_SECOND   | optional ceiling: this worker's HubSpot requests per second   | none (headers pace it)  |
 * | HUBSPOT_RESERVE                   | share of the app's rate limit left for other integrations     | 0.1                     |
 * | HUBSPOT_WORKER_COUNT              | deprecated, ignored (prints a line saying so)                 |                         |
 * | HUBSPOT_REQUEST_TIMEOUT_MS        | timeout of one HTTP request, in milliseconds                  | 10000                   |
 * | HUBSPOT_MAX_CONCURRENT_ACTIVITIES | activities one worker runs at once                            | 2000                    |
 * | HUBSPOT_API_VERSION               | `v3`, `2025-09`, `2026-03` or `2026-09` (end dates: api-version.ts) | v3                |
 */
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { httpBaseUrl } from './hubspot/base-url';
import { DEFAULT_HUBSPOT_BASE_URL, HUBSPOT_CLIENT_DEFAULTS } from './hubspot/client-deps';
import { apiVersionProblem, apiVersionWarning } from './common/api-version';
import { hubspotClientCredentials, hubspotOAuth } from './hubspot/oauth';
import type { TokenSource } from './hubspot/token';

/** A setting is missing or malformed; the message names the variable (never a secret's value). */
export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
}

/** The defaults of the worker's settings. */
export const WORKER_DEFAULTS = {
  taskQueue: 'hubspot-files',
  hubspotBaseUrl: DEFAULT_HUBSPOT_BASE_URL,
  reserve: HUBSPOT_CLIENT_DEFAULTS.reserve,
  requestTimeoutMs: HUBSPOT_CLIENT_DEFAULTS.requestTimeoutMs,
  maxConcurrentActivities: 2000,
  apiVersion: HUBSPOT_CLIENT_DEFAULTS.apiVersion,
} as const;

/** The HubSpot side of the worker's settings. */
export interface HubSpotSettings {
  baseUrl: string;
  /** Kept in the worker only: HUBSPOT_ACCESS_TOKEN, or a token function refreshing OAuth tokens. */
  token: TokenSource;
  /** Where the token comes from: a static token, an OAuth refresh token, or the client-credentials grant. */
  tokenKind: 'static' | 'oauth-refresh-token' | 'oauth-client-credentials';
  requestTimeoutMs: number;
  /** Optional ceiling on this worker's requests per second (and the task queue's activity starts); undefined: none. */
  maxRequestsPerSecond?: number;
  /** Share of the app's rate limit left for other integrations, 0 to 0.5. */
  reserve: number;
  /** Deprecation lines to print at start-up (e.g. for HUBSPOT_WORKER_COUNT). */
  warnings: string[];
  /** `v3` or a date version such as `2026-03` (see `common/api-version.ts`). */
  apiVersion: string;
}

/** The line printed when HUBSPOT_WORKER_COUNT is set: it has no effect since the budget paces from HubSpot's headers. */
export const WORKER_COUNT_DEPRECATION =
  "HUBSPOT_WORKER_COUNT is deprecated and ignored: every worker now paces itself from HubSpot's rate-limit headers, " +
  'so any number of workers share the app budget without it. Remove the setting.';

/** The worker's checked settings. */
export interface WorkerConfig {
  connect: ClientConnectConfig;
  namespace: string;
  taskQueue: string;
  hubspot: HubSpotSettings;
  maxConcurrentActivities: number;
  /** HUBSPOT_MAX_CACHED_WORKFLOWS: workflows kept in the worker's sticky cache; unset, the SDK's default. */
  maxCachedWorkflows?: number;
}

/**
 * The number in `env[name]`, or `fallback` when it is unset or blank; throws a {@link WorkerConfigError} naming the
 * variable, the rule (`must be <rule>`) and the value when `valid` refuses it.
 */
function numberSetting<T extends number | undefined>(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: T,
  valid: (value: number) => boolean,
  rule: string,
): number | T {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!valid(value)) throw new WorkerConfigError(`${name} must be ${rule}, got ${JSON.stringify(raw)}`);
  return value;
}

function positiveNumber<T extends number | undefined>(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: T,
  max: number,
): number | T {
  const valid = (v: number): boolean => Number.isFinite(v) && v > 0 && v <= max;
  return numberSetting(env, name, fallback, valid, `a number above 0 and at most ${max}`);
}

function share(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const valid = (v: number): boolean => Number.isFinite(v) && v >= 0 && v <= max;
  return numberSetting(env, name, fallback, valid, `a number from 0 to ${max}`);
}

function wholeNumber<T extends number | undefined>(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: T,
  max: number,
): number | T {
  const valid = (v: number): boolean => Number.isSafeInteger(v) && v >= 1 && v <= max;
  return numberSetting(env, name, fallback, valid, `a whole number from 1 to ${max}`);
}

/**
 * Reads and checks the HubSpot settings: HUBSPOT_ACCESS_TOKEN (or HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and
 * HUBSPOT_REFRESH_TOKEN, which make an OAuth token function; without the refresh token, the client-credentials
 * grant), HUBSPOT_BASE_URL, HUBSPOT_MAX_REQUESTS_PER_SECOND,
 * HUBSPOT_RESERVE, HUBSPOT_REQUEST_TIMEOUT_MS and HUBSPOT_API_VERSION. HUBSPOT_WORKER_COUNT only adds a deprecation
 * line to `warnings`, and an API version whose support ends within 6 months of `now` a line naming the next one.
 *
 * @throws {@link WorkerConfigError} naming the first missing or malformed variable.
 */
export function loadHubSpotSettings(
  env: NodeJS.ProcessEnv = process.env,
  now: () => number = Date.now,
): HubSpotSettings {
  const staticToken = env.HUBSPOT_ACCESS_TOKEN?.trim() || undefined;
  const clientId = env.HUBSPOT_CLIENT_ID?.trim();
  const clientSecret = env.HUBSPOT_CLIENT_SECRET?.trim();
  const refreshToken = env.HUBSPOT_REFRESH_TOKEN?.trim();
  const oauthSet = ['HUBSPOT_CLIENT_ID', 'HUBSPOT_CLIENT_SECRET', 'HUBSPOT_REFRESH_TOKEN'].filter((n) =>
    env[n]?.trim(),
  );
  if (staticToken && oauthSet.length > 0) {
    throw new WorkerConfigError(
      `HUBSPOT_ACCESS_TOKEN and ${oauthSet.join(', ')} are both set: set either a static token (HUBSPOT_ACCESS_TOKEN) ` +
        'or the OAuth app (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REFRESH_TOKEN), not both',
    );
  }
  if (!staticToken && oauthSet.length === 0) {
    throw new WorkerConfigError(
      'HUBSPOT_ACCESS_TOKEN is not set: set it to a HubSpot service key, private-app token or OAuth access token with ' +
        'the files scope, or set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REFRESH_TOKEN for OAuth',
    );
  }
  if (staticToken && /\s/.test(staticToken))
    throw new WorkerConfigError('HUBSPOT_ACCESS_TOKEN must not contain whitespace');
  for (const [name, value] of [
    ['HUBSPOT_CLIENT_ID', clientId],
    ['HUBSPOT_CLIENT_SECRET', clientSecret],
  ] as const) {
    if (!staticToken && !value) {
      throw new WorkerConfigError(`${name} is not set: OAuth needs HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET`);
    }
    if (value && /\s/.test(value)) throw new WorkerConfigError(`${name} must not contain whitespace`);
  }
  if (refreshToken && /\s/.test(refreshToken)) {
    throw new WorkerConfigError('HUBSPOT_REFRESH_TOKEN must not contain whitespace');
  }

  const { baseUrl, valid } = httpBaseUrl(env.HUBSPOT_BASE_URL?.trim() || WORKER_DEFAULTS.hubspotBaseUrl);
  if (!valid) {
    throw new WorkerConfigError(`HUBSPOT_BASE_URL must be an http(s) URL, got ${JSON.stringify(env.HUBSPOT_BASE_URL)}`);
  }
  const apiVersion = env.HUBSPOT_API_VERSION?.trim() || WORKER_DEFAULTS.apiVersion;
  const versionProblem = apiVersionProblem(apiVersion);
  if (versionProblem) {
    throw new WorkerConfigError(
      `HUBSPOT_API_VERSION ${versionProblem}, got ${JSON.stringify(env.HUBSPOT_API_VERSION)}`,
    );
  }
  const requestTimeoutMs = positiveNumber(env, 'HUBSPOT_REQUEST_TIMEOUT_MS', WORKER_DEFAULTS.requestTimeoutMs, 600_000);
  const oauth = { clientId: clientId ?? '', clientSecret: clientSecret ?? '', baseUrl, requestTimeoutMs };
  const token: TokenSource =
    staticToken ?? (refreshToken ? hubspotOAuth({ ...oauth, refreshToken }) : hubspotClientCredentials(oauth));
  return {
    baseUrl,
    token,
    tokenKind: staticToken ? 'static' : refreshToken ? 'oauth-refresh-token' : 'oauth-client-credentials',
    apiVersion,
    requestTimeoutMs,
    maxRequestsPerSecond: positiveNumber(env, 'HUBSPOT_MAX_REQUESTS_PER_SECOND', undefined, 1000),
    reserve: share(env, 'HUBSPOT_RESERVE', WORKER_DEFAULTS.reserve, 0.5),
    warnings: [
      ...(env.HUBSPOT_WORKER_COUNT?.trim() ? [WORKER_COUNT_DEPRECATION] : []),
      ...[apiVersionWarning(apiVersion, now())].filter((w): w is string => w !== undefined),
    ],
  };
}

/**
 * Reads the Temporal connection settings as the Temporal CLI does (`@temporalio/envconfig`), with `overrides` (say,
 * from command-line flags) taking precedence. Defaults to localhost:7233 and the namespace 'default'.
 */
export function loadTemporalConnection(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { address?: string; namespace?: string } = {},
): { connect: ClientConnectConfig; namespace: string } {
  const vars = definedOnly(env);
  if (overrides.address) vars.TEMPORAL_ADDRESS = overrides.address;
  if (overrides.namespace) vars.TEMPORAL_NAMESPACE = overrides.namespace;
  let connect: ClientConnectConfig;
  try {
    connect = loadClientConnectConfig({ overrideEnvVars: vars });
  } catch (err) {
    throw new WorkerConfigError(`Temporal connection settings are invalid: ${(err as Error).message}`);
  }
  connect.connectionOptions.address ??= 'localhost:7233';
  return { connect, namespace: connect.namespace ?? 'default' };
}

/**
 * Reads and checks the worker's settings.
 *
 * @throws {@link WorkerConfigError} naming the first missing or malformed variable.
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now): WorkerConfig {
  const hubspot = loadHubSpotSettings(env, now);
  const taskQueue = env.TEMPORAL_TASK_QUEUE?.trim() || WORKER_DEFAULTS.taskQueue;
  const maxConcurrentActivities = wholeNumber(
    env,
    'HUBSPOT_MAX_CONCURRENT_ACTIVITIES',
    WORKER_DEFAULTS.maxConcurrentActivities,
    100_000,
  );
  const maxCachedWorkflows = wholeNumber(env, 'HUBSPOT_MAX_CACHED_WORKFLOWS', undefined, 100_000);
  return { ...loadTemporalConnection(env), taskQueue, hubspot, maxConcurrentActivities, maxCachedWorkflows };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
