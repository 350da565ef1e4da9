/**
 * One plain HTTP call to HubSpot for the setup checks: no request budget, no retry, no failure mapping (the checks
 * judge the status themselves), a timeout, and the token kept out of every message.
 */
import { redact } from '../hubspot/redact';

/**
 * Sends one request and returns its status, headers and JSON body (undefined when the body is not JSON), with
 * `deps.secrets` and anything like a bearer token redacted from the body.
 */
export async function callHubSpot(deps: HubSpotCallDeps, request: HubSpotCall): Promise<HubSpotAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await deps.fetch(`${deps.baseUrl}${request.path}`, {
      method: request.method,
      headers,
      ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
      signal: AbortSignal.timeout(deps.requestTimeoutMs),
    });
    // A body may echo the token (in a message, say), and the checks quote HubSpot's messages: redact it first.
    const text = redact(await response.text(), deps.secrets);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json };
  } catch (err) {
    const reason =
      err instanceof Error
        ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
        : String(err);
    throw new Error(`${request.what} could not reach HubSpot at ${deps.baseUrl}: ${redact(reason, deps.secrets)}`);
  }
}

/** What {@link callHubSpot} needs. */
export interface HubSpotCallDeps {
  /** HubSpot's base URL, without a trailing slash. */
  baseUrl: string;
  fetch: typeof fetch;
  /** Timeout of one call, in milliseconds. */
  requestTimeoutMs: number;
  /** Text never to put in a message (the token). */
  secrets: readonly string[];
}

/** One call. */
export interface HubSpotCall {
  method: 'GET' | 'POST';
  /** Below the base URL, starting with '/', already encoded. */
  path: string;
  /** The bearer token, when the call takes one. */
  bearer?: string;
  /** A JSON body. */
  json?: unknown;
  /** What the call is for, in messages (never the path: it may hold the token). */
  what: string;
}

/** An answer of any status. */
export interface HubSpotAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}
