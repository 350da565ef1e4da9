/**
 * What HubSpot says of a token, where it has a check for its kind:
 *
 * - an OAuth access token: `GET /oauth/v1/access-tokens/{token}` (HubSpot's token metadata: `scopes`, `hub_id`,
 *   `expires_in`, `token_type`);
 * - a private-app token: `POST /oauth/v2/private-apps/get/access-token-info` with `{ tokenKey }` (HubSpot's private-apps
 *   page: `scopes`, `hubId`).
 *
 * A service key has no such check (HubSpot documents none): both answer with an error, and the kind stays unknown.
 * The token goes in the path or the body of these calls, never into a message.
 */
import { callHubSpot, type HubSpotCallDeps } from './hubspot-call';

/** Asks HubSpot about `token`: the private-app check first for a static token, the OAuth one first otherwise. */
export async function introspectToken(
  deps: HubSpotCallDeps,
  token: string,
  source: 'static' | 'oauth',
): Promise<TokenIntrospection | undefined> {
  const order = source === 'static' ? [privateAppInfo, oauthInfo] : [oauthInfo, privateAppInfo];
  for (const check of order) {
    const found = await check(deps, token);
    if (found) return found;
  }
  return undefined;
}

async function oauthInfo(deps: HubSpotCallDeps, token: string): Promise<TokenIntrospection | undefined> {
  const path = `/oauth/v1/access-tokens/${encodeURIComponent(token)}`;
  const answer = await callHubSpot(deps, { method: 'GET', path, what: "HubSpot's OAuth token check" });
  return answer.status === 200 ? read('oauth', answer.json, 'hub_id') : undefined;
}

async function privateAppInfo(deps: HubSpotCallDeps, token: string): Promise<TokenIntrospection | undefined> {
  const answer = await callHubSpot(deps, {
    method: 'POST',
    path: '/oauth/v2/private-apps/get/access-token-info',
    json: { tokenKey: token },
    what: "HubSpot's private-app token check",
  });
  return answer.status === 200 ? read('private-app', answer.json, 'hubId') : undefined;
}

/** The scopes and hub of an introspection answer; undefined when it has no scope list. Pure. */
export function read(kind: TokenIntrospection['kind'], body: unknown, hubKey: string): TokenIntrospection | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const fields = body as Record<string, unknown>;
  const scopes = fields.scopes;
  if (!Array.isArray(scopes)) return undefined;
  const hubId = fields[hubKey];
  return {
    kind,
    scopes: scopes.filter((s): s is string => typeof s === 'string'),
    ...(typeof hubId === 'number' || typeof hubId === 'string' ? { hubId: String(hubId) } : {}),
  };
}

/** What HubSpot said of a token. */
export interface TokenIntrospection {
  /** Which check knew it. */
  kind: 'oauth' | 'private-app';
  /** The scopes granted. */
  scopes: string[];
  /** The HubSpot account (portal) id. */
  hubId?: string;
}
