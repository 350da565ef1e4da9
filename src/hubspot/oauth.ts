/**
 * OAuth token sources: `hubspotOAuth` (a public app's refresh token) and `hubspotClientCredentials` (the
 * client-credentials grant), each returning the token function `createActivities({ token })` takes.
 *
 * HubSpot's token endpoint (developers.hubspot.com changelog): `POST /oauth/2026-03/token` with the parameters in a
 * form body; the answer carries `access_token`, `expires_in` (seconds) and, for a refresh, `refresh_token`; a failure
 * carries RFC 6749 `error` and `error_description`. The function caches the access token until `expires_in` less a
 * safety margin, runs one exchange at a time however many requests wait on it, and after a 401 refreshes once for the
 * token that was refused, not once per refused request. The client secret and refresh token stay in its closure: no
 * message, failure or log it makes holds them.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../common/failure-types';
import { httpBaseUrl } from './base-url';
import { redact } from './redact';
import { TOKEN_UNAVAILABLE, type TokenRequest } from './token';
import { parseJsonObject } from './json-object';

/** The path of HubSpot's token endpoint (the v1 endpoints stop on 2027-02-16). */
export const OAUTH_TOKEN_PATH = '/oauth/2026-03/token';

/** The defaults of the OAuth token sources. */
export const OAUTH_DEFAULTS = {
  /** HubSpot's public API. */
  baseUrl: 'https://api.hubapi.com',
  /** How long before `expires_in` runs out a token is refreshed, in milliseconds; at most a quarter of its lifetime. */
  refreshMarginMs: 60_000,
  /** Timeout of one token request, in milliseconds. */
  requestTimeoutMs: 10_000,
} as const;

/** RFC 6749 errors that a retry cannot fix: the credentials themselves are refused. */
const PERMANENT_ERRORS = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'unsupported_grant_type',
  'invalid_request',
]);

/** What both OAuth token sources share. */
export interface OAuthCommonOptions {
  /** The app's client id. Required. */
  clientId: string;
  /** The app's client secret. Required; kept in the token function only. */
  clientSecret: string;
  /** HubSpot API base URL, without a trailing path. Defaults to `https://api.hubapi.com`. */
  baseUrl?: string;
  /** The fetch implementation. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Clock in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
  /** Refresh this long before the token expires, in milliseconds (at most a quarter of its lifetime). Defaults to 60,000. */
  refreshMarginMs?: number;
  /** Timeout of one token request, in milliseconds. Defaults to 10,000. */
  requestTimeoutMs?: number;
}

/** Options of {@link hubspotOAuth}. */
export interface HubSpotOAuthOptions extends OAuthCommonOptions {
  /** The refresh token of the app's install. Required; kept in the token function only (a rotated one replaces it). */
  refreshToken: string;
}

/** Options of {@link hubspotClientCredentials}. */
export interface HubSpotClientCredentialsOptions extends OAuthCommonOptions {
  /** Scopes to ask for, space-separated or a list. Defaults to none (the app's own). */
  scope?: string | string[];
}

/** A token function made by {@link hubspotOAuth} or {@link hubspotClientCredentials}. */
export type OAuthTokenFunction = (request?: TokenRequest) => Promise<string>;

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not used without a refresh. */
  refreshAt: number;
}

/**
 * A token function for a public app's install: exchanges `refreshToken` at HubSpot's token endpoint
 * (`grant_type=refresh_token`) and refreshes before each access token expires.
 *
 * @example
 * ```ts
 * const token = hubspotOAuth({ clientId, clientSecret, refreshToken });
 * createActivities({ token });
 * ```
 * @throws TypeError naming the option, before any HTTP call, when an option is missing or malformed.
 */
export function hubspotOAuth(options: HubSpotOAuthOptions): OAuthTokenFunction {
  const caller = 'hubspotOAuth';
  checkCommon(caller, options);
  checkSecret(caller, 'refreshToken', options.refreshToken);
  let refreshToken = options.refreshToken;
  return tokenFunction(caller, options, 'refresh_token', {
    params: () => ({ refresh_token: refreshToken }),
    secrets: () => [options.clientSecret, refreshToken],
    onAnswer: (body) => {
      if (typeof body.refresh_token === 'string' && body.refresh_token.trim() !== '') refreshToken = body.refresh_token;
    },
  });
}

/**
 * A token function for the client-credentials grant (`grant_type=client_credentials`): a token for the app itself,
 * fetched again before each one expires.
 *
 * @throws TypeError naming the option, before any HTTP call, when an option is missing or malformed.
 */
export function hubspotClientCredentials(options: HubSpotClientCredentialsOptions): OAuthTokenFunction {
  const caller = 'hubspotClientCredentials';
  checkCommon(caller, options);
  const { scope } = options;
  if (scope !== undefined && !(typeof scope === 'string' || (Array.isArray(scope) && scope.every(isWord)))) {
    throw new TypeError(`${caller}: scope must be a string or a list of scope names, got ${JSON.stringify(scope)}`);
  }
  const scopeText = Array.isArray(scope) ? scope.join(' ') : scope?.trim();
  return tokenFunction(caller, options, 'client_credentials', {
    params: (): Record<string, string> => (scopeText ? { scope: scopeText } : {}),
    secrets: () => [options.clientSecret],
    onAnswer: () => undefined,
  });
}

function isWord(value: unknown): value is string {
  return typeof value === 'string' && /^\S+$/.test(value);
}

function checkCommon(caller: string, options: OAuthCommonOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${caller}: options must be an object`);
  if (!isWord(options.clientId)) {
    throw new TypeError(
      `${caller}: clientId must be a non-empty string without spaces, got ${JSON.stringify(options.clientId)}`,
    );
  }
  checkSecret(caller, 'clientSecret', options.clientSecret);
  if (options.baseUrl !== undefined && !httpBaseUrl(String(options.baseUrl)).valid) {
    throw new TypeError(`${caller}: baseUrl must be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
  }
  for (const field of ['refreshMarginMs', 'requestTimeoutMs'] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= (field === 'refreshMarginMs' ? 0 : 1))) {
      throw new TypeError(`${caller}: ${field} must be a number of milliseconds, got ${JSON.stringify(value)}`);
    }
  }
}

/** Checks a secret without ever quoting it: the message names the field and what kind of value it got. */
function checkSecret(caller: string, field: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${caller}: ${field} must be a non-empty string, got ${value === null ? 'null' : typeof value}`,
    );
  }
  if (!isWord(value)) {
    throw new TypeError(`${caller}: ${field} must be a non-empty string without spaces (its value is not shown)`);
  }
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
  message?: unknown;
  correlationId?: unknown;
}

interface Grant {
  params: () => Record<string, string>;
  secrets: () => string[];
  onAnswer: (body: TokenAnswer) => void;
}

function tokenFunction(
  caller: string,
  options: OAuthCommonOptions,
  grantType: string,
  grant: Grant,
): OAuthTokenFunction {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const url = `${httpBaseUrl(options.baseUrl ?? OAUTH_DEFAULTS.baseUrl).baseUrl}${OAUTH_TOKEN_PATH}`;
  const marginMs = options.refreshMarginMs ?? OAUTH_DEFAULTS.refreshMarginMs;
  const timeoutMs = options.requestTimeoutMs ?? OAUTH_DEFAULTS.requestTimeoutMs;
  let current: CachedToken | undefined;
  let inflight: Promise<string> | undefined;

  const exchange = async (): Promise<string> => {
    const form = new URLSearchParams({
      grant_type: grantType,
      client_id: options.clientId,
      client_secret: options.clientSecret,
      ...grant.params(),
    });
    const secrets = grant.secrets();
    let status: number;
    let text: string;
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      const reason = redact(err instanceof Error ? err.message : String(err), secrets);
      throw ApplicationFailure.create({
        type: TOKEN_UNAVAILABLE,
        message: `${caller}: could not reach HubSpot's token endpoint ${url}: ${reason}`,
        nonRetryable: false,
      });
    }
    const body = parseJsonObject<TokenAnswer>(text);
    if (status < 200 || status >= 300) throw exchangeFailure(caller, grantType, status, body, text, secrets);
    const token = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof token !== 'string' || token.trim() === '' || !(expiresIn > 0)) {
      throw ApplicationFailure.create({
        type: TOKEN_UNAVAILABLE,
        message: `${caller}: HubSpot's token endpoint answered ${status} without an access_token and a positive expires_in`,
        nonRetryable: false,
      });
    }
    grant.onAnswer(body);
    const lifetimeMs = expiresIn * 1000;
    current = { token, refreshAt: now() + lifetimeMs - Math.min(marginMs, lifetimeMs / 4) };
    return token;
  };

  const refresh = (): Promise<string> => {
    inflight ??= exchange().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  return async (request?: TokenRequest): Promise<string> => {
    if (inflight) return inflight;
    if (current) {
      const { forceRefresh = false, rejectedToken } = request ?? {};
      // A request refused with a token already replaced gets the new one: one refresh per refused token.
      if (forceRefresh && rejectedToken !== undefined && rejectedToken !== current.token) return current.token;
      if (!forceRefresh && now() < current.refreshAt) return current.token;
    }
    return refresh();
  };
}

function exchangeFailure(
  caller: string,
  grantType: string,
  status: number,
  body: TokenAnswer,
  text: string,
  secrets: readonly string[],
): ApplicationFailure {
  const error = typeof body.error === 'string' ? body.error : undefined;
  const said = [body.error_description, body.message].find((v): v is string => typeof v === 'string' && v !== '');
  const reason = redact(said ?? (text.trim().slice(0, 200) || 'no body'), secrets);
  const correlation = typeof body.correlationId === 'string' ? `, correlationId ${body.correlationId}` : '';
  const permanent = (error !== undefined && PERMANENT_ERRORS.has(error)) || status === 400 || status === 401;
  const fix = permanent
    ? ` Check the client id, the client secret${grantType === 'refresh_token' ? ' and the refresh token (reinstall the app for a new one)' : ''}.`
    : '';
  return ApplicationFailure.create({
    type: permanent ? FailureTypes.HubSpotOAuthRejected : TOKEN_UNAVAILABLE,
    message: `${caller}: HubSpot's token endpoint answered ${status} to the ${grantType} grant: ${error ? `${error}: ` : ''}${reason}${correlation}.${fix}`,
    nonRetryable: permanent,
    details: [{ httpStatus: status, ...(error ? { error } : {}) }],
  });
}
