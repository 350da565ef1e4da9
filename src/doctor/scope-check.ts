/**
 * The `scopes` line: whether the token's scopes cover what the package calls, from HubSpot's token check where it has
 * one, else from the probe alone (which needs the same write scope as every folder-update call). Pure.
 */
import { FOLDER_READ_SCOPES, folderUpdateScopes } from '../common/required-scopes';
import { fail, pass, warn, type SetupCheck } from './setup-check';
import type { TokenIntrospection } from './token-introspection';
import type { TokenProbe } from './token-probe';

/** The line for an accepted token. */
export function scopeCheck(probe: TokenProbe, info: TokenIntrospection | undefined, apiVersion: string): SetupCheck {
  const write = folderUpdateScopes(apiVersion);
  const needWrite = `one of ${write.join(', ')}`;
  const fix = `Grant the token ${write.length > 1 ? `one of ${write.join(', ')}` : write[0]} in HubSpot (the app's or key's scopes), then use the new token.`;
  if (probe.outcome === 'missing-scopes') {
    const named = probe.missingScopes?.length ? ` (HubSpot names ${probe.missingScopes.join(', ')})` : '';
    return fail('scopes', `the token lacks a folder-update scope, ${needWrite}${named}`, fix);
  }
  if (!info) {
    return pass(
      'scopes',
      `the folder-update status call was accepted (judged from one read-only probe, GET ${probe.path}: HubSpot has no scope check for this kind of token)`,
    );
  }
  const granted = info.scopes.join(', ') || 'none';
  if (!info.scopes.some((s) => write.includes(s))) {
    return fail('scopes', `the token lacks a folder-update scope, ${needWrite}; it has ${granted}`, fix);
  }
  if (!info.scopes.some((s) => FOLDER_READ_SCOPES.includes(s))) {
    return warn(
      'scopes',
      `the token has a folder-update scope but no folder-read scope (${FOLDER_READ_SCOPES.join(', ')}); it has ${granted}`,
      '`update` and `migrate` read each folder before and after its update: grant files or files.read.',
    );
  }
  return pass('scopes', `the token has ${granted}: enough for the folder updates and reads`);
}
