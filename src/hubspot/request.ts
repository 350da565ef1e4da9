/**
 * One HubSpot API call: the process's request budget, bearer token, request timeout, cancellation, a bounded body, a
 * single retry with a fresh token after a 401, and every failure mapped to a typed `ApplicationFailure`.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../common/failure-types';
import type { ResolvedClientDeps } from './client-deps';
import { hubSpotHttpFailure } from './errors';
import { filesThrottleWaitMs } from './files-throttle';
import { requestOutcome } from './metrics';
import { parseRateLimitHeaders, rateLimitPolicy } from './budget/rate-limit-headers';
import { redact } from './redact';
import type { RequestPriority } from './budget/request-budget';
import { readToken } from './token';
import { unlessWorkerShutdown } from './worker-shutdown';

/** One request to HubSpot. */
export interface HubSpotRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with '/'. Callers have already validated and encoded its parts. */
  path: string;
  /** JSON body, for POST. */
  body?: unknown;
  /** Human description for failure messages, e.g. `GET status of folder-update task 123`. */
  operation: string;
  /** Aborts the request, e.g. the activity's cancellation signal. */
  signal?: AbortSignal;
  /** Place in the process's request budget queue. Defaults to 'prompt'. */
  priority?: RequestPriority;
  /** The `route` label of the `hubspot_requests` metric, e.g. 'task-status'. Defaults to the method. */
  route?: string;
}

/** A successful (2xx) answer with its parsed JSON body. */
export interface HubSpotResponse {
  status: number;
  json: unknown;
  /** The body as sent, for what `JSON.parse` cannot keep exactly (an int64 id above 2^53). */
  text: string;
}

/** How much of an error body is read for its message, in bytes. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

class BodyTooLargeError extends Error {}

async function readBody(response: Response, maxBytes: number, failWhenLarger: boolean): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (failWhenLarger && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(`${declared} bytes declared`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      if (failWhenLarger) throw new BodyTooLargeError(`more than ${maxBytes} bytes`);
      chunks.push(value.subarray(0, value.byteLength - (total - maxBytes)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function networkFailure(operation: string, err: unknown, secrets: readonly string[]): ApplicationFailure {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reason = [
    err instanceof Error ? err.message : String(err),
    cause?.message,
    typeof code === 'string' ? code : '',
  ]
    .filter(Boolean)
    .join(': ');
  return ApplicationFailure.create({
    type: FailureTypes.HubSpotUnavailable,
    message: `Could not reach HubSpot for ${operation}: ${redact(reason, secrets)}`,
    nonRetryable: false,
  });
}

/** An HTTP answer as read off the wire, before it is judged. */
interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends one request and returns its 2xx JSON, or throws a typed `ApplicationFailure` (see `errors.ts`).
 *
 * When `signal` aborts, the request is aborted and the signal's reason is thrown (the activity's `CancelledFailure`),
 * except for a worker shutdown once the request is sent: that one is let finish (see `worker-shutdown.ts`).
 */
export async function hubspotRequest(deps: ResolvedClientDeps, request: HubSpotRequest): Promise<HubSpotResponse> {
  const secrets: string[] = [];
  const useToken = (token: string): string => (secrets.push(token), token);
  const first = useToken(await readToken(deps.token, false));
  let answer = await exchange(deps, request, first, secrets);
  if (answer.status === 401 && typeof deps.token === 'function') {
    answer = await exchange(deps, request, useToken(await readToken(deps.token, true, first)), secrets);
  }
  return interpret(request, answer, secrets);
}

function interpret(request: HubSpotRequest, answer: RawAnswer, secrets: readonly string[]): HubSpotResponse {
  if (answer.status < 200 || answer.status >= 300) {
    throw hubSpotHttpFailure({
      operation: request.operation,
      status: answer.status,
      headers: answer.headers,
      bodyText: redact(answer.text, secrets),
    });
  }
  try {
    const json = answer.text === '' ? undefined : (JSON.parse(answer.text) as unknown);
    return { status: answer.status, json, text: answer.text };
  } catch (err) {
    if (!(err instanceof SyntaxError)) {
      throw ApplicationFailure.create({
        type: FailureTypes.HubSpotInvalidResponse,
        message: `HubSpot's answer to ${request.operation} could not be parsed: ${(err as Error).message}`,
        nonRetryable: true,
      });
    }
    throw ApplicationFailure.create({
      type: FailureTypes.HubSpotTruncatedResponse,
      message: `HubSpot's answer to ${request.operation} is not complete JSON (${answer.text.length} characters); it may have been cut in transit`,
      nonRetryable: false,
    });
  }
}

/** Records an answer read in full: its outcome, a 429's policy, and the window's remaining requests. */
function recordAnswer(deps: ResolvedClientDeps, route: string, response: Response, text: string): void {
  deps.metrics.request(route, requestOutcome(response.status));
  if (response.status === 429) {
    const filesThrottle = filesThrottleWaitMs(response.status, text) !== undefined;
    deps.metrics.rateLimited(filesThrottle ? 'FILES_CREATE' : (rateLimitPolicy(text) ?? 'unknown'));
  }
  const remaining = parseRateLimitHeaders(response.headers)?.remaining;
  if (remaining !== undefined) deps.metrics.rateLimitRemaining(remaining);
}

/** One HTTP exchange, bounded by the request timeout and the caller's signal; the body is read in full. */
async function exchange(
  deps: ResolvedClientDeps,
  request: HubSpotRequest,
  token: string,
  secrets: readonly string[],
): Promise<RawAnswer> {
  const queuedAt = performance.now();
  await deps.budget.acquire(request.priority ?? 'prompt', request.signal);
  deps.metrics.budgetWait(performance.now() - queuedAt);
  const route = request.route ?? request.method;
  let answered: RawAnswer | undefined;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), deps.requestTimeoutMs);
  // Sent, the request is aborted by a cancellation but not by a worker shutdown (see worker-shutdown.ts).
  const cancel = request.signal ? unlessWorkerShutdown(request.signal) : undefined;
  const signal = cancel ? AbortSignal.any([cancel.signal, timeout.signal]) : timeout.signal;
  const failed = (err: unknown): never => {
    const outcome = cancel?.signal.aborted ? 'canceled' : timeout.signal.aborted ? 'timeout' : 'network_error';
    deps.metrics.request(route, outcome);
    if (cancel?.signal.aborted) throw cancel.signal.reason ?? err;
    if (timeout.signal.aborted) {
      throw ApplicationFailure.create({
        type: FailureTypes.HubSpotUnavailable,
        message: `HubSpot did not answer ${request.operation} within ${deps.requestTimeoutMs} ms`,
        nonRetryable: false,
      });
    }
    throw networkFailure(request.operation, err, secrets);
  };
  try {
    let response: Response;
    try {
      response = await deps.fetch(`${deps.baseUrl}${request.path}`, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal,
      });
    } catch (err) {
      return failed(err);
    }
    const ok = response.status >= 200 && response.status < 300;
    try {
      const text = await readBody(response, ok ? deps.maxResponseBytes : MAX_ERROR_BODY_BYTES, ok);
      recordAnswer(deps, route, response, text);
      return (answered = { status: response.status, headers: response.headers, text });
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        deps.metrics.request(route, 'too_large');
        throw ApplicationFailure.create({
          type: FailureTypes.HubSpotInvalidResponse,
          message: `HubSpot's answer to ${request.operation} is too large: ${err.message} (the limit is maxResponseBytes = ${deps.maxResponseBytes})`,
          nonRetryable: true,
        });
      }
      return failed(err);
    }
  } finally {
    clearTimeout(timer);
    cancel?.release();
    deps.budget.settle(answered && { status: answered.status, headers: answered.headers, bodyText: answered.text });
  }
}
