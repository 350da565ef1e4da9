/**
 * HubSpot API versions of the folder-update calls and their end of support (developers.hubspot.com versioning docs):
 * `v3`, and the date versions `2025-09`, `2026-03` and `2026-09`, which serve the same shapes under
 * `/files/<version>/folders/update/async…`. A date version is supported for 18 months after it goes live; the v3 paths
 * become unsupported in September 2027. Workflow-safe: no runtime dependencies.
 *
 * The folder read (`GET /files/v3/folders/{folderId}`) stays on v3 whatever the version: the 2026-09 Files spec has no
 * GET folder.
 */

/** The API version used when none is given: it serves every call the package makes (the folder read included). */
export const DEFAULT_API_VERSION = 'v3';

/**
 * Every version the package accepts, oldest first, with the month its support ends (`YYYY-MM`; HubSpot says "about"
 * for date versions: 18 months after go-live).
 */
export const API_VERSION_END_OF_SUPPORT: Readonly<Record<string, string>> = Object.freeze({
  v3: '2027-09',
  '2025-09': '2027-03',
  '2026-03': '2027-09',
  '2026-09': '2028-03',
});

/** The versions `apiVersion` accepts. */
export const API_VERSIONS: readonly string[] = Object.keys(API_VERSION_END_OF_SUPPORT);

/** How many months ahead the worker warns of a version's end of support. */
export const API_VERSION_WARNING_MONTHS = 6;

/** What is wrong with `value` as an API version, as a rule to quote in a message; undefined when it is valid. */
export function apiVersionProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && API_VERSIONS.includes(value)) return undefined;
  return `must be one of ${API_VERSIONS.map((v) => `'${v}'`).join(', ')}`;
}

/** The first day of the month `YYYY-MM` a version's support ends, in epoch milliseconds (UTC). */
export function apiVersionEndsAt(apiVersion: string): number | undefined {
  const end = API_VERSION_END_OF_SUPPORT[apiVersion];
  if (end === undefined) return undefined;
  const [year, month] = end.split('-').map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, 1);
}

/**
 * The line a worker prints at start when `apiVersion`'s support ends within {@link API_VERSION_WARNING_MONTHS}
 * months of `nowMs` (or has ended), naming the version to move to; undefined otherwise.
 */
export function apiVersionWarning(apiVersion: string, nowMs: number): string | undefined {
  const endsAt = apiVersionEndsAt(apiVersion);
  if (endsAt === undefined) return undefined;
  const horizon = new Date(nowMs);
  horizon.setUTCMonth(horizon.getUTCMonth() + API_VERSION_WARNING_MONTHS);
  if (endsAt > horizon.getTime()) return undefined;
  const end = API_VERSION_END_OF_SUPPORT[apiVersion];
  const next = API_VERSIONS.filter((v) => (apiVersionEndsAt(v) ?? 0) > endsAt).sort(
    (a, b) => (apiVersionEndsAt(b) ?? 0) - (apiVersionEndsAt(a) ?? 0),
  )[0];
  const when = endsAt <= nowMs ? `ended in ${end}` : `ends in ${end}`;
  return (
    `HUBSPOT_API_VERSION ${apiVersion}: HubSpot's support for it ${when}` +
    (next ? `; set HUBSPOT_API_VERSION=${next} (supported until about ${API_VERSION_END_OF_SUPPORT[next]})` : '') +
    '.'
  );
}

/** `/files/<apiVersion>/folders/update/async`, the path the POST goes to and the status paths start with. */
export function folderUpdatePath(apiVersion: string = DEFAULT_API_VERSION): string {
  return `/files/${apiVersion}/folders/update/async`;
}

/** The path of a task's status under `apiVersion`; `taskId` is encoded here. */
export function folderUpdateStatusPath(taskId: string, apiVersion: string = DEFAULT_API_VERSION): string {
  return `${folderUpdatePath(apiVersion)}/tasks/${encodeURIComponent(taskId)}/status`;
}
