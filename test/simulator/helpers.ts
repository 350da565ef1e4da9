/** Small HTTP helpers shared by the simulator tests. */
import type { FolderUpdateInputBody, FolderUpdateTaskLocatorBody, FolderActionResponseBody } from '../../src/simulator';

/** The default token every simulator accepts unless `tokens` is given. */
export const TOKEN = 'sim-token';

/** Headers with a bearer token (`token` defaults to {@link TOKEN}); `null` sends no Authorization header. */
export function authHeaders(token: string | null = TOKEN): Record<string, string> {
  return token === null ? {} : { Authorization: `Bearer ${token}` };
}

/** The status URL of `taskId` under `baseUrl`. */
export function statusPath(baseUrl: string, taskId: string): string {
  return `${baseUrl}/files/v3/folders/update/async/tasks/${taskId}/status`;
}

/** GETs a task status. */
export function getStatus(
  baseUrl: string,
  taskId: string,
  token: string | null = TOKEN,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(statusPath(baseUrl, taskId), { ...init, headers: authHeaders(token) });
}

/** GETs a task status, expects 200 and returns the body. */
export async function pollStatus(baseUrl: string, taskId: string): Promise<FolderActionResponseBody> {
  const res = await getStatus(baseUrl, taskId);
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as FolderActionResponseBody;
}

/** POSTs a folder update with a raw or JSON body. */
export function postUpdate(
  baseUrl: string,
  body: FolderUpdateInputBody | string | object,
  token: string | null = TOKEN,
): Promise<Response> {
  return fetch(`${baseUrl}/files/v3/folders/update/async`, {
    method: 'POST',
    headers: { ...authHeaders(token), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POSTs a folder update, expects 202 and returns the task locator. */
export async function startUpdate(baseUrl: string, body: FolderUpdateInputBody): Promise<FolderUpdateTaskLocatorBody> {
  const res = await postUpdate(baseUrl, body);
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as FolderUpdateTaskLocatorBody;
}
