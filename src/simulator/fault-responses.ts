import type { ServerResponse } from 'node:http';
import { errorBodyForStatus, filesThrottleBody, rateLimitBody } from './error-bodies';
import type { Fault } from './faults';
import { JSON_CONTENT_TYPE, rateLimitHeaders, sendJson } from './http-io';
import type { RequestOutcome } from './request-stats';

/** A fault answered on the spot (every kind but `delay`, which only postpones the normal answer). */
export type ImmediateFault = Exclude<Fault, { kind: 'delay' }>;

/** What a fault answer needs from the simulator. */
export interface FaultResponseContext {
  /** Current `X-HubSpot-RateLimit-*` headers (empty when rate limiting is off). */
  rateHeaders: Record<string, string>;
  /** Limit reported by an injected 429 (the configured limit, or HubSpot's default when limiting is off). */
  rateLimit: { max: number; intervalMs: number };
  /** Whether injected 429s without `retryAfterSeconds` carry `Retry-After: 1`. */
  retryAfterHeader: boolean;
  /** The real body this request would get, used by `truncated`. Must not change simulator state. */
  sampleBody: () => unknown;
}

/** Body of a `malformed` fault: what a proxy error page looks like. */
export const MALFORMED_BODY = '<html><body><h1>502 Bad Gateway</h1></body></html>';

/** Answers `res` with `fault` and returns the outcome to log. */
export function respondWithFault(
  res: ServerResponse,
  fault: ImmediateFault,
  context: FaultResponseContext,
): RequestOutcome {
  switch (fault.kind) {
    case 'status': {
      const body = fault.body === undefined ? errorBodyForStatus(fault.status) : fault.body;
      sendJson(res, fault.status, body, { ...context.rateHeaders, ...fault.headers });
      return fault.status;
    }
    case 'rateLimited': {
      const headers = rateLimitHeaders({ ...context.rateLimit, remaining: 0 });
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      else if (context.retryAfterHeader) headers['Retry-After'] = '1';
      sendJson(res, 429, rateLimitBody(), headers);
      return 429;
    }
    case 'hang':
      return 'hang';
    case 'reset':
      res.socket?.destroy();
      return 'reset';
    case 'malformed':
      sendJson(res, 200, MALFORMED_BODY, context.rateHeaders);
      return 200;
    case 'truncated':
      return sendTruncated(res, JSON.stringify(context.sampleBody()), context.rateHeaders);
    case 'body':
      sendJson(res, fault.status ?? 200, fault.body, context.rateHeaders);
      return fault.status ?? 200;
    case 'filesThrottled':
      sendJson(res, 429, filesThrottleBody(), context.rateHeaders);
      return 429;
  }
}

function sendTruncated(res: ServerResponse, text: string, headers: Record<string, string>): RequestOutcome {
  const full = Buffer.from(text, 'utf8');
  res.writeHead(200, { ...headers, 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': String(full.length) });
  res.write(full.subarray(0, Math.max(1, Math.floor(full.length / 2))), () => res.socket?.destroy());
  return 200;
}
