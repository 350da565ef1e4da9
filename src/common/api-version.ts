/**
 * HubSpot API versions of the folder-update calls (HubSpot's Files API reference, "Date-versioned paths"): `v3`, or, since March 2026,
 * a date version such as `2026-03`, which serves the same shapes under `/files/2026-03/folders/update/async…`.
 * HubSpot stops supporting the v3 paths in September 2027. Workflow-safe: no runtime dependencies.
 */

/** The API version used when none is given. */
export const DEFAULT_API_VERSION = 'v3';

/** The first date version HubSpot serves the Files API under. */
export const FIRST_DATE_VERSION = '2026-03';

const DATE_VERSION = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** What is wrong with `value` as an API version, as a rule to quote in a message; undefined when it is valid. */
export function apiVersionProblem(value: unknown): string | undefined {
  if (value === DEFAULT_API_VERSION) return undefined;
  if (typeof value === 'string' && DATE_VERSION.test(value) && value >= FIRST_DATE_VERSION) return undefined;
  return `must be '${DEFAULT_API_VERSION}' or a date version YYYY-MM from ${FIRST_DATE_VERSION} on (e.g. '${FIRST_DATE_VERSION}')`;
}

/** `/files/<apiVersion>/folders/update/async`, the path the POST goes to and the status paths start with. */
export function folderUpdatePath(apiVersion: string = DEFAULT_API_VERSION): string {
  return `/files/${apiVersion}/folders/update/async`;
}

/** The path of a task's status under `apiVersion`; `taskId` is encoded here. */
export function folderUpdateStatusPath(taskId: string, apiVersion: string = DEFAULT_API_VERSION): string {
  return `${folderUpdatePath(apiVersion)}/tasks/${encodeURIComponent(taskId)}/status`;
}
