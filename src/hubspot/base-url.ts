/**
 * The HubSpot base URL check, shared by `createActivities(deps)` and the worker's `HUBSPOT_BASE_URL`.
 */

/**
 * The base URL without its trailing slashes, and whether it is an absolute http(s) URL. Each caller words its own
 * error, naming its setting.
 */
export function httpBaseUrl(raw: string): { baseUrl: string; valid: boolean } {
  const baseUrl = raw.replace(/\/+$/, '');
  let protocol: string | undefined;
  try {
    protocol = new URL(baseUrl).protocol;
  } catch {
    protocol = undefined;
  }
  return { baseUrl, valid: protocol === 'http:' || protocol === 'https:' };
}
