/**
 * One line of a setup check (`doctor`, `checkSetup`): what was checked, PASS/WARN/FAIL, what was found, and for a WARN
 * or a FAIL what to do. Pure; no secret ever goes into one (the checks build them from HubSpot's and Temporal's
 * answers, never from the token).
 */

/** A PASS line. */
export function pass(id: SetupCheckId, summary: string): SetupCheck {
  return { id, status: 'PASS', summary };
}

/** A WARN line: the setup works, but something deserves a look. */
export function warn(id: SetupCheckId, summary: string, fix: string): SetupCheck {
  return { id, status: 'WARN', summary, fix };
}

/** A FAIL line: a migration would fail or be refused with this setup. */
export function fail(id: SetupCheckId, summary: string, fix: string): SetupCheck {
  return { id, status: 'FAIL', summary, fix };
}

/**
 * The checks, in the order they are reported. A check whose precondition failed (the scopes of a refused token, the
 * search attributes of a missing namespace) is left out rather than reported twice.
 */
export const SETUP_CHECK_IDS = [
  'hubspot-settings',
  'token',
  'scopes',
  'daily-budget',
  'rate-limit',
  'api-version',
  'temporal-server',
  'namespace',
  'search-attributes',
] as const satisfies readonly SetupCheckId[];

/** One checked item of the setup. */
export interface SetupCheck {
  /** What was checked, one of {@link SETUP_CHECK_IDS}. */
  id:
    | 'hubspot-settings'
    | 'token'
    | 'scopes'
    | 'daily-budget'
    | 'rate-limit'
    | 'api-version'
    | 'temporal-server'
    | 'namespace'
    | 'search-attributes';
  /** PASS: fine; WARN: works, but look; FAIL: a migration would fail or be refused (`migrate` without `--force`). */
  status: 'PASS' | 'WARN' | 'FAIL';
  /** What was found, in one line. */
  summary: string;
  /** For a WARN or a FAIL: what to do about it. */
  fix?: string;
}

/** One of {@link SETUP_CHECK_IDS}. */
export type SetupCheckId = SetupCheck['id'];
