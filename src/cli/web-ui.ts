/**
 * Links to the Temporal Web UI: the embedded dev server's, `TEMPORAL_UI_URL`, or Temporal Cloud's for a Cloud address.
 */

/** Temporal Cloud's Web UI, for addresses ending in `.tmprl.cloud:<port>`. */
const CLOUD_UI_URL = 'https://cloud.temporal.io';

/**
 * The Web UI's base URL for a session: `explicit` (the embedded server's, or `TEMPORAL_UI_URL`), else Temporal
 * Cloud's for a Cloud address, else `undefined` (no link is printed).
 */
export function webUiBase(explicit: string | undefined, address: string | undefined): string | undefined {
  if (explicit) return explicit.replace(/\/+$/, '');
  if (address && /\.tmprl\.cloud:\d+$/.test(address)) return CLOUD_UI_URL;
  return undefined;
}

/** The Web UI page of one workflow. */
export function workflowUrl(base: string, namespace: string, workflowId: string): string {
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
