/**
 * HubSpot's token checks, as the simulator serves them (what `doctor` asks):
 *
 * - `GET /oauth/v1/access-tokens/{token}` (HubSpot's OAuth token metadata): for an OAuth access token, `{ token, user,
 *   hub_domain, scopes, hub_id, app_id, expires_in, user_id, token_type }`;
 * - `POST /oauth/v2/private-apps/get/access-token-info` with `{ tokenKey }` (HubSpot's private-apps page): for a
 *   private-app token, `{ userId, hubId, appId, scopes }`.
 *
 * Assumptions beyond HubSpot's documentation: a token the check does not know (another kind, unknown, or expired) gets
 * a 404 HubSpot error body with category `OBJECT_NOT_FOUND`; a body without `tokenKey` gets a 400 `VALIDATION_ERROR`;
 * both checks are outside the app's rate limit and need no bearer token; the ids (hub, app, user) are fixed numbers.
 */
import type { ServerResponse } from 'node:http';
import { hubSpotErrorBody } from './error-bodies';
import { sendJson } from './http-io';
import type { TokenStore } from './token-store';

/** Path prefix of HubSpot's OAuth token metadata check. */
export const OAUTH_TOKEN_INFO_PREFIX = '/oauth/v1/access-tokens/';

/** Path of HubSpot's private-app token check. */
export const PRIVATE_APP_TOKEN_INFO_PATH = '/oauth/v2/private-apps/get/access-token-info';

/** The fixed ids the simulator reports (an assumption: any numbers would do). */
export const SIMULATOR_IDS = Object.freeze({ hubId: 62515, appId: 456789, userId: 123456 });

/** The token a request asks about, when it is one of the two checks; undefined for any other request. */
export function tokenInfoRequest(method: string, path: string): 'oauth' | 'private-app' | undefined {
  if (method === 'GET' && path.startsWith(OAUTH_TOKEN_INFO_PREFIX)) return 'oauth';
  if (method === 'POST' && path === PRIVATE_APP_TOKEN_INFO_PATH) return 'private-app';
  return undefined;
}

/** Answers one of the two token checks. */
export function answerTokenInfo(
  tokens: TokenStore,
  check: 'oauth' | 'private-app',
  path: string,
  bodyText: string,
  now: number,
  res: ServerResponse,
): number {
  const token = check === 'oauth' ? decodeURIComponent(path.slice(OAUTH_TOKEN_INFO_PREFIX.length)) : tokenKey(bodyText);
  if (token === undefined) {
    sendJson(res, 400, hubSpotErrorBody('VALIDATION_ERROR', 'The body must be JSON with a string tokenKey.'));
    return 400;
  }
  const facts = tokens.facts(token);
  if (!facts || facts.expired || facts.kind !== check) {
    const what = check === 'oauth' ? 'OAuth access token' : 'private app access token';
    sendJson(res, 404, hubSpotErrorBody('OBJECT_NOT_FOUND', `The ${what} is not valid or has expired.`));
    return 404;
  }
  const { hubId, appId, userId } = SIMULATOR_IDS;
  const body =
    check === 'private-app'
      ? { userId, hubId, appId, scopes: facts.scopes }
      : {
          token,
          user: 'simulator@example.com',
          hub_domain: 'simulator.example.com',
          scopes: facts.scopes,
          hub_id: hubId,
          app_id: appId,
          user_id: userId,
          token_type: 'access',
          expires_in: facts.expiresAt === undefined ? 1800 : Math.max(0, Math.floor((facts.expiresAt - now) / 1000)),
        };
  sendJson(res, 200, body);
  return 200;
}

function tokenKey(bodyText: string): string | undefined {
  try {
    const body = JSON.parse(bodyText) as { tokenKey?: unknown } | null;
    return typeof body?.tokenKey === 'string' && body.tokenKey !== '' ? body.tokenKey : undefined;
  } catch {
    return undefined;
  }
}
