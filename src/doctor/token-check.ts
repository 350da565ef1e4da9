/**
 * The `token` line: whether HubSpot accepts the configured token, and which kind it is when HubSpot says so. Pure: it
 * judges what the probe and the token checks found (`token-probe.ts`, `token-introspection.ts`).
 */
import { fail, pass, warn, type SetupCheck } from './setup-check';
import type { TokenIntrospection } from './token-introspection';
import type { TokenProbe } from './token-probe';

/** The line for a token source that produced no token (an OAuth exchange refused, say); `reason` holds no secret. */
export function tokenUnavailableCheck(reason: string): SetupCheck {
  return fail(
    'token',
    `no access token: ${reason}`,
    'Check HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REFRESH_TOKEN (reinstall the app for a new refresh token).',
  );
}

/** The line for a token the probe tried. */
export function tokenCheck(
  source: 'static' | 'oauth',
  probe: TokenProbe,
  info: TokenIntrospection | undefined,
): SetupCheck {
  const said = probe.message === undefined ? '' : `: ${probe.message}`;
  switch (probe.outcome) {
    case 'expired':
      return fail(
        'token',
        `HubSpot refused the token as expired (401 EXPIRED_AUTHENTICATION${said})`,
        source === 'oauth'
          ? 'The OAuth refresh gave an expired token: check the clock, then the app install.'
          : 'HUBSPOT_ACCESS_TOKEN holds an expired OAuth access token: configure the OAuth app (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, HUBSPOT_REFRESH_TOKEN) so that tokens are refreshed, or use a service key.',
      );
    case 'invalid':
      return fail(
        'token',
        `HubSpot refused the token (401${said})`,
        'Set HUBSPOT_ACCESS_TOKEN to a current service key or private-app token (HubSpot settings › Integrations), or configure the OAuth app.',
      );
    case 'creator-removed':
      return fail(
        'token',
        `HubSpot refused the token: the private app's creator was removed (403 USER_DOES_NOT_HAVE_PERMISSIONS)`,
        'Rotate the token: create a service key (legacy private apps can no longer be created) and set HUBSPOT_ACCESS_TOKEN to it.',
      );
    case 'unclear':
      return warn(
        'token',
        `HubSpot answered the token probe with ${probe.status}${said}; the token was not judged`,
        'Run doctor again in a minute; a 429 means the app is at its rate limit right now.',
      );
    default:
      return pass('token', `accepted; ${kindText(source, info)}`);
  }
}

/** Which kind of token it is, as far as HubSpot says. */
function kindText(source: 'static' | 'oauth', info: TokenIntrospection | undefined): string {
  const hub = info?.hubId === undefined ? '' : ` of account ${info.hubId}`;
  if (info?.kind === 'oauth')
    return `an OAuth access token${hub}${source === 'oauth' ? ', refreshed by the OAuth app' : ''}`;
  if (info?.kind === 'private-app')
    return `a private-app token${hub} (legacy private apps are unsupported from September 2027)`;
  return source === 'oauth'
    ? 'an OAuth access token (HubSpot did not describe it)'
    : "a static token HubSpot's token checks do not know: a service key (HubSpot offers no check for those)";
}
