/**
 * The simulator's OAuth token endpoint, `POST /oauth/2026-03/token` (also `/oauth/v3/token`), for the
 * `refresh_token` and `client_credentials` grants: the parameters in a form body (developers.hubspot.com changelog),
 * an answer with `access_token`, `refresh_token`, `expires_in`, and failures with RFC 6749 `error` and
 * `error_description` beside HubSpot's `status`/`message`/`correlationId`.
 *
 * Assumptions beyond HubSpot's documentation: every failure is a 400 (`invalid_request`, `invalid_client`,
 * `invalid_grant`, `unsupported_grant_type`); a refresh answers the same refresh token (no rotation); the endpoint is
 * outside the app's rate limit. Access tokens are issued by the simulator's {@link TokenStore}, so they expire on its
 * clock with `EXPIRED_AUTHENTICATION` like any other. Grants are logged without any secret.
 */
import { randomUUID } from 'node:crypto';
import type { TokenStore } from './token-store';

/** The token endpoint paths the simulator serves. */
export const OAUTH_TOKEN_PATHS: readonly string[] = ['/oauth/2026-03/token', '/oauth/v3/token'];

/** An OAuth app the simulator knows, as `registerOAuthApp` takes it. */
export interface OAuthAppOptions {
  clientId: string;
  clientSecret: string;
  /** Refresh tokens of the app's installs; each one refreshes. Defaults to none (client credentials only). */
  refreshTokens?: string[];
  /** Lifetime of an issued access token, in milliseconds (simulator clock; `expires_in` is it in whole seconds). Defaults to 1,800,000 (HubSpot's 30 minutes). */
  accessTokenTtlMs?: number;
  /** Scopes of issued tokens. Defaults to `['files']`. */
  scopes?: string[];
  /** Whether the app may use the `client_credentials` grant. Defaults to true. */
  clientCredentials?: boolean;
}

/** One exchange at the token endpoint, as logged (no secret). */
export interface OAuthGrantLogEntry {
  /** Simulator clock, epoch ms. */
  at: number;
  clientId: string;
  grantType: string;
  /** 200, or the 400 sent. */
  status: number;
  /** The RFC 6749 error sent, if any. */
  error?: string;
}

/** The simulator's OAuth apps and the exchanges made at its token endpoint. */
export class OAuthApps {
  private readonly apps = new Map<string, Required<OAuthAppOptions>>();
  private readonly grants: OAuthGrantLogEntry[] = [];

  constructor(
    private readonly now: () => number,
    private readonly tokens: TokenStore,
  ) {}

  register(app: OAuthAppOptions): void {
    const ttl = app.accessTokenTtlMs ?? 1_800_000;
    if (!(ttl >= 1000)) throw new RangeError(`accessTokenTtlMs [${ttl}] must be at least 1000`);
    for (const field of ['clientId', 'clientSecret'] as const) {
      if (typeof app[field] !== 'string' || app[field] === '')
        throw new RangeError(`${field} must be a non-empty string`);
    }
    this.apps.set(app.clientId, {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      refreshTokens: [...(app.refreshTokens ?? [])],
      accessTokenTtlMs: ttl,
      scopes: [...(app.scopes ?? ['files'])],
      clientCredentials: app.clientCredentials ?? true,
    });
  }

  /** The exchanges so far, oldest first. */
  log(): OAuthGrantLogEntry[] {
    return this.grants.map((g) => ({ ...g }));
  }

  /** Answers one token request: its status and JSON body. */
  answer(contentType: string | undefined, bodyText: string): { status: number; body: unknown } {
    const form = /application\/x-www-form-urlencoded/i.test(contentType ?? '')
      ? new URLSearchParams(bodyText)
      : undefined;
    const grantType = form?.get('grant_type') ?? '';
    const clientId = form?.get('client_id') ?? '';
    const fail = (error: string, description: string): { status: number; body: unknown } => {
      this.grants.push({ at: this.now(), clientId, grantType, status: 400, error });
      const body = {
        status: 'error',
        message: description,
        correlationId: randomUUID(),
        category: 'VALIDATION_ERROR',
        error,
        error_description: description,
      };
      return { status: 400, body };
    };
    if (!form)
      return fail('invalid_request', 'The parameters must be sent as a form body (application/x-www-form-urlencoded).');
    if (grantType !== 'refresh_token' && grantType !== 'client_credentials') {
      return fail('unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported.`);
    }
    const app = this.apps.get(clientId);
    if (!app || form.get('client_secret') !== app.clientSecret)
      return fail('invalid_client', 'Invalid client_id or client_secret.');
    let refreshToken: string | undefined;
    if (grantType === 'refresh_token') {
      refreshToken = form.get('refresh_token') ?? '';
      if (!app.refreshTokens.includes(refreshToken))
        return fail('invalid_grant', 'The refresh token is missing, invalid or revoked.');
    } else if (!app.clientCredentials) {
      return fail('unauthorized_client', 'This app may not use the client_credentials grant.');
    }
    const accessToken = this.tokens.issue({ ttlMs: app.accessTokenTtlMs, scopes: app.scopes, kind: 'oauth' });
    this.grants.push({ at: this.now(), clientId, grantType, status: 200 });
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        access_token: accessToken,
        expires_in: Math.floor(app.accessTokenTtlMs / 1000),
        ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      },
    };
  }
}
