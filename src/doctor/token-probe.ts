/**
 * The one read-only probe of the token: `GET …/folders/update/async/tasks/0/status` under the configured API version,
 * the call a wait makes most, for a task that does not exist. HubSpot checks the token and the scope before it looks
 * for the task, so a 404 (or a 200) says the token is accepted with a folder-update scope, a 401 that it is expired or
 * invalid, a 403 `MISSING_SCOPES` which scope it lacks. Its answer also carries the rate-limit headers. Changes nothing.
 */
import { folderUpdateStatusPath } from '../common/api-version';
import { collectScopes } from '../common/missing-scopes';
import { parseRateLimitHeaders, type RateLimitHeaders } from '../hubspot/budget/rate-limit-headers';
import { callHubSpot, type HubSpotCallDeps } from './hubspot-call';

/** The task id the probe asks about: none has it. */
export const PROBE_TASK_ID = '0';

/** Makes the probe with `token`. */
export async function probeToken(deps: HubSpotCallDeps, token: string, apiVersion: string): Promise<TokenProbe> {
  const path = folderUpdateStatusPath(PROBE_TASK_ID, apiVersion);
  const answer = await callHubSpot(deps, { method: 'GET', path, bearer: token, what: 'The token probe' });
  return {
    path,
    status: answer.status,
    ...readProbe(answer.status, answer.json),
    rateLimit: parseRateLimitHeaders(answer.headers),
  };
}

/** What a probe's status and body say of the token. Pure. */
export function readProbe(status: number, body: unknown): Pick<TokenProbe, 'outcome' | 'missingScopes' | 'message'> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const category = typeof fields.category === 'string' ? fields.category : undefined;
  const message = typeof fields.message === 'string' ? fields.message.slice(0, 300) : undefined;
  const said = message === undefined ? {} : { message };
  if ((status >= 200 && status < 300) || status === 404) return { outcome: 'accepted' };
  if (status === 401) return { outcome: category === 'EXPIRED_AUTHENTICATION' ? 'expired' : 'invalid', ...said };
  if (status === 403 && category === 'USER_DOES_NOT_HAVE_PERMISSIONS') return { outcome: 'creator-removed', ...said };
  if (status === 403) {
    return { outcome: 'missing-scopes', missingScopes: collectScopes(fields.context, fields.errors), ...said };
  }
  return { outcome: 'unclear', ...said };
}

/** The probe's answer. */
export interface TokenProbe {
  /** The path probed (it holds no secret). */
  path: string;
  status: number;
  /**
   * `accepted`: the token works for the folder-update calls; `missing-scopes`: accepted but lacks their scope;
   * `expired`, `invalid`, `creator-removed` (a private app whose creator was removed): refused; `unclear`: any other
   * answer (a 429, a 5xx).
   */
  outcome: 'accepted' | 'missing-scopes' | 'expired' | 'invalid' | 'creator-removed' | 'unclear';
  /** With `missing-scopes`: the scopes HubSpot named. */
  missingScopes?: string[];
  /** HubSpot's message, for a refusal. */
  message?: string;
  /** The rate-limit headers of the answer, when sent. */
  rateLimit?: RateLimitHeaders;
}
