import { randomBytes } from 'node:crypto';
import {
  MISSING_CREDENTIALS_MESSAGE,
  USER_REMOVED_CATEGORY,
  hubSpotErrorBody,
  missingScopesBody,
} from './error-bodies';
import type { HubSpotErrorBody } from './types';

/** What a bearer token grants. */
export interface TokenGrant {
  /** Granted scopes. Defaults to `['files', 'crm.export', 'content']`. */
  scopes?: string[];
  /** Expiry in epoch milliseconds (simulator clock). Defaults to never. */
  expiresAt?: number;
  /** The private app's creating user was removed: every call gets 403 `USER_DOES_NOT_HAVE_PERMISSIONS`. */
  creatorRemoved?: boolean;
  /**
   * What kind of token it is, which decides what HubSpot's token checks say of it: a private-app token (known to
   * `POST /oauth/v2/private-apps/get/access-token-info`), an OAuth access token (known to
   * `GET /oauth/v1/access-tokens/{token}`) or a service key (known to neither: HubSpot documents no check for them).
   * Defaults to `'private-app'`; the token endpoint issues `'oauth'` tokens.
   */
  kind?: TokenKind;
}

/** The kinds of bearer token the simulator tells apart; see {@link TokenGrant.kind}. */
export type TokenKind = 'private-app' | 'oauth' | 'service-key';

/** What the simulator knows of one token, for its token checks (`token-info-routes.ts`). */
export interface TokenFacts {
  kind: TokenKind;
  scopes: string[];
  /** Expiry in epoch milliseconds (simulator clock); undefined: never. */
  expiresAt?: number;
  /** True once `expiresAt` has passed. */
  expired: boolean;
}

/** Options of {@link TokenStore.issue}. */
export interface IssueTokenOptions {
  /** Lifetime in milliseconds from now (simulator clock). Defaults to never expiring. */
  ttlMs?: number;
  /** Granted scopes. Defaults to `['files', 'crm.export', 'content']`. */
  scopes?: string[];
  /** The token's kind. Defaults to `'private-app'`. */
  kind?: TokenKind;
}

/** Outcome of {@link TokenStore.authenticate}: admitted, or the HubSpot error answer to send. */
export type AuthResult = { ok: true } | { ok: false; status: 401 | 403; body: HubSpotErrorBody };

/** The token a simulator accepts when no `tokens` option is given. */
export const DEFAULT_SIMULATOR_TOKEN = 'sim-token';

/** The scope the simulator names in its 403s: the folder-update calls need a write scope (HubSpot's Files API reference, "Scopes"). */
export const REQUIRED_SCOPE = 'files';

/** The scopes that grant the folder-update calls, the status GET included (HubSpot's Files API reference, "Scopes"). */
export const WRITE_SCOPES: readonly string[] = [REQUIRED_SCOPE, 'files.write', 'files.ui_hidden.write'];

/**
 * The scopes of a token given without its own: the Files write scope, and the scopes of the CRM export
 * (`crm.export`) and the source-code extract (`content`), so that the default token serves every task kind.
 */
const DEFAULT_SCOPES: readonly string[] = [REQUIRED_SCOPE, 'crm.export', 'content'];

/** The simulator's bearer tokens. Never logs or exposes a token it was sent. */
export class TokenStore {
  private readonly grants = new Map<string, Required<Pick<TokenGrant, 'scopes'>> & TokenGrant>();

  /**
   * @param now - clock in epoch milliseconds, used for expiry.
   * @param tokens - accepted tokens; defaults to `{ 'sim-token': {} }` (the default scopes).
   */
  constructor(
    private readonly now: () => number,
    tokens: Record<string, TokenGrant> = { [DEFAULT_SIMULATOR_TOKEN]: {} },
  ) {
    for (const [token, grant] of Object.entries(tokens)) this.add(token, grant);
  }

  /** Creates a fresh random token and returns it. */
  issue(options: IssueTokenOptions = {}): string {
    const { ttlMs, scopes, kind } = options;
    if (ttlMs !== undefined && !(ttlMs >= 0)) throw new RangeError(`ttlMs [${ttlMs}] must be a non-negative number`);
    const token = `sim-${randomBytes(16).toString('hex')}`;
    this.add(token, { scopes, kind, expiresAt: ttlMs === undefined ? undefined : this.now() + ttlMs });
    return token;
  }

  /** The first accepted token, if any (the app a foreign consumer spends by default). */
  first(): string | undefined {
    return this.grants.keys().next().value;
  }

  /** Marks `token` as a private-app token whose creating user was removed. Returns whether it was known. */
  removeCreator(token: string): boolean {
    const grant = this.grants.get(token);
    if (grant) grant.creatorRemoved = true;
    return grant !== undefined;
  }

  /** Makes `token` unknown from now on. Returns whether it was known. */
  revoke(token: string): boolean {
    return this.grants.delete(token);
  }

  /** What the simulator knows of `token`, or undefined when it is unknown (never issued, or revoked). */
  facts(token: string): TokenFacts | undefined {
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    const { expiresAt } = grant;
    return {
      kind: grant.kind ?? 'private-app',
      scopes: [...grant.scopes],
      expired: expiresAt !== undefined && this.now() >= expiresAt,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
  }

  /**
   * Checks an `Authorization` header value: 401 when missing, unknown or expired; 403 without one of `scopes.accepted`
   * (default a Files write scope, {@link WRITE_SCOPES}), naming `scopes.named`; an empty `accepted` list checks no scope.
   */
  authenticate(
    authorization: string | undefined,
    scopes: { accepted: readonly string[]; named: string } = { accepted: WRITE_SCOPES, named: REQUIRED_SCOPE },
  ): AuthResult {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return unauthenticated(MISSING_CREDENTIALS_MESSAGE);
    const grant = this.grants.get(match[1]);
    if (!grant) return unauthenticated('The OAuth token used to make this call is not valid.');
    const now = this.now();
    if (grant.expiresAt !== undefined && now >= grant.expiresAt) {
      const agoSeconds = Math.floor((now - grant.expiresAt) / 1000);
      // HubSpot's Files API reference, "OAuth": an expired token gets 401 with category EXPIRED_AUTHENTICATION.
      const message = `The OAuth token used to make this call expired ${agoSeconds} second(s) ago.`;
      return { ok: false, status: 401, body: hubSpotErrorBody('EXPIRED_AUTHENTICATION', message) };
    }
    if (grant.creatorRemoved) {
      // Assumption: HubSpot's changelog names the error only; the simulator sends it as a 403 body's category.
      const message = 'The user who created this private app no longer has permissions in this account.';
      return { ok: false, status: 403, body: hubSpotErrorBody(USER_REMOVED_CATEGORY, message) };
    }
    if (scopes.accepted.length > 0 && !grant.scopes.some((scope) => scopes.accepted.includes(scope)))
      return { ok: false, status: 403, body: missingScopesBody([scopes.named]) };
    return { ok: true };
  }

  private add(token: string, grant: TokenGrant): void {
    this.grants.set(token, {
      scopes: [...(grant.scopes ?? DEFAULT_SCOPES)],
      expiresAt: grant.expiresAt,
      creatorRemoved: grant.creatorRemoved,
      kind: grant.kind,
    });
  }
}

function unauthenticated(message: string): AuthResult {
  return { ok: false, status: 401, body: hubSpotErrorBody('INVALID_AUTHENTICATION', message) };
}
