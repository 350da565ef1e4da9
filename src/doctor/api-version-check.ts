/**
 * The `api-version` line: the configured HubSpot API version's end of support, with the warning the worker prints at
 * start (`common/api-version.ts`). FAIL once support has ended, WARN within 6 months of the end. Pure.
 */
import { API_VERSION_END_OF_SUPPORT, apiVersionEndsAt, apiVersionWarning } from '../common/api-version';
import { fail, pass, warn, type SetupCheck } from './setup-check';

/** The line for `apiVersion` at `nowMs` (epoch milliseconds). */
export function apiVersionCheck(apiVersion: string, nowMs: number): SetupCheck {
  const warning = apiVersionWarning(apiVersion, nowMs);
  if (warning === undefined) {
    return pass('api-version', `${apiVersion}, supported until about ${API_VERSION_END_OF_SUPPORT[apiVersion] ?? '?'}`);
  }
  const fix = /set (HUBSPOT_API_VERSION=\S+)/.exec(warning)?.[1];
  const move = fix ? `Set ${fix.replace(/[.;]$/, '')} and restart the workers.` : 'Move to a newer API version.';
  if ((apiVersionEndsAt(apiVersion) ?? Infinity) <= nowMs) return fail('api-version', warning, move);
  return warn('api-version', warning, move);
}
