import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_API_VERSION, folderUpdatePath } from '../common/api-version';
import { TASK_KIND_FACTS } from '../common/task-kinds';
import { DEFAULT_TASK_KIND, type HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import type { RateLimitDecision } from './rate-limiter';
import type { RouteName } from './request-stats';
import { matchTaskRoute } from './task-routes';

/** Content type of every JSON answer, as HubSpot sends it. */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** Largest request body read, in bytes; larger bodies are cut off (the JSON then fails validation). */
export const MAX_BODY_BYTES = 1_000_000;

/** Path prefix of the v3 folder-update calls. */
export const FOLDER_UPDATE_PATH = folderUpdatePath(DEFAULT_API_VERSION);

/** A request classified by API call. `taskId` is set for status polls, `kind` and `apiVersion` for both calls. */
export interface MatchedRoute {
  route: RouteName;
  taskId?: string;
  /** `v3` or a date version such as `2026-03`. */
  apiVersion?: string;
  /** The task kind of a start or status call. */
  kind?: HubSpotTaskKind;
}

/**
 * Classifies a request: `start` (POST a kind's start), `status` (GET a task's status) or `other`, under any version
 * (see `task-routes.ts`).
 */
export function matchRoute(method: string, path: string): MatchedRoute {
  return matchTaskRoute(method, path) ?? { route: 'other' };
}

/** The status URL of a task of `kind` (default the folder update), under `baseUrl` and `apiVersion` (default `v3`). */
export function statusUrl(
  baseUrl: string,
  taskId: string,
  apiVersion: string = DEFAULT_API_VERSION,
  kind: HubSpotTaskKind = DEFAULT_TASK_KIND,
): string {
  return `${baseUrl}${TASK_KIND_FACTS[kind].statusPath(taskId, apiVersion)}`;
}

/** HubSpot's `X-HubSpot-RateLimit-*` headers for a limiter decision. */
export function rateLimitHeaders(
  decision: Pick<RateLimitDecision, 'max' | 'remaining' | 'intervalMs'>,
): Record<string, string> {
  return {
    'X-HubSpot-RateLimit-Max': String(decision.max),
    'X-HubSpot-RateLimit-Remaining': String(decision.remaining),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(decision.intervalMs),
  };
}

/** Sends `body` (a string verbatim, anything else as JSON) with `status` and a JSON content type. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Reads the request body as UTF-8, up to {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (size + buffer.length <= MAX_BODY_BYTES) chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
