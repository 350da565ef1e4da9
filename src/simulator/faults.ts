import { mulberry32 } from './prng';
import type { RouteName } from './request-stats';

/**
 * A failure the simulator can answer a request with instead of (or before) its normal answer.
 *
 * - `status`: that HTTP status with `body` (default: a HubSpot error body fitting the status) and extra `headers`.
 * - `rateLimited`: HubSpot's 429 body and rate-limit headers; `Retry-After` is `retryAfterSeconds` when given.
 * - `hang`: never answers, until the client aborts or the simulator stops.
 * - `reset`: destroys the socket without an answer.
 * - `malformed`: 200 with a JSON content type and a body that is not JSON.
 * - `truncated`: 200 JSON whose body is cut in the middle (Content-Length promises more, then the socket closes).
 * - `delay`: answers normally after `ms` milliseconds.
 * - `body`: answers with exactly this body (a string is sent verbatim, anything else as JSON); `status` defaults to 200.
 * - `filesThrottled`: HubSpot Files' throttle on creating files, a 429 "Rate limit exceeded for creating files. Retry in
 *   1 minute." (HubSpot/hubspot-cli#1036) with the app's ordinary rate-limit headers, which it is outside of.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rateLimited'; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  | { kind: 'delay'; ms: number }
  | { kind: 'body'; status?: number; body: unknown }
  | { kind: 'filesThrottled' };

/** The kinds of {@link Fault}. */
export type FaultKind = Fault['kind'];

/** Which requests a queued fault applies to. */
export type FaultRoute = 'status' | 'start' | 'folder' | 'any';

/** Options of `injectFault`. */
export interface InjectFaultOptions {
  /** How many matching requests get the fault. Defaults to 1. */
  count?: number;
  /** Which requests match. Defaults to `'any'`. */
  route?: FaultRoute;
}

/**
 * Probabilities (0..1 each, summing to at most 1) that a request gets a random fault. `serverError` picks one of
 * 500/502/503/504. Every field defaults to 0.
 */
export interface FaultRates {
  serverError?: number;
  rateLimited?: number;
  hang?: number;
  reset?: number;
  malformed?: number;
  truncated?: number;
}

/** Seed used by fault rates when none is given. */
export const DEFAULT_FAULT_SEED = 1;

const RATE_KINDS = ['serverError', 'rateLimited', 'hang', 'reset', 'malformed', 'truncated'] as const;
const SERVER_ERROR_STATUSES = [500, 502, 503, 504] as const;

interface QueuedFault {
  fault: Fault;
  route: FaultRoute;
  remaining: number;
}

/** Decides which fault, if any, the next request gets: queued faults first, then seeded random rates. */
export class FaultPlan {
  private queue: QueuedFault[] = [];
  private rates: Required<FaultRates> = zeroRates();
  private random: () => number = mulberry32(DEFAULT_FAULT_SEED);

  /** Queues `fault` for the next `count` requests matching `route`. */
  inject(fault: Fault, options: InjectFaultOptions = {}): void {
    const { count = 1, route = 'any' } = options;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count [${count}] must be a positive integer`);
    if (route !== 'status' && route !== 'start' && route !== 'folder' && route !== 'any') {
      throw new RangeError(`route [${String(route)}] must be 'status', 'start', 'folder' or 'any'`);
    }
    validateFault(fault);
    this.queue.push({ fault: structuredClone(fault), route, remaining: count });
  }

  /** Replaces the random fault rates and restarts the PRNG from `seed` (default {@link DEFAULT_FAULT_SEED}). */
  setRates(rates: FaultRates, seed: number = DEFAULT_FAULT_SEED): void {
    const resolved = { ...zeroRates(), ...rates };
    let total = 0;
    for (const kind of RATE_KINDS) {
      const rate = resolved[kind];
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faultRates.${kind} [${rate}] must be between 0 and 1`);
      total += rate;
    }
    if (total > 1 + 1e-9) throw new RangeError(`fault rates sum to [${total}], which must be at most 1`);
    this.rates = resolved;
    this.random = mulberry32(seed);
  }

  /** Drops queued faults and sets every rate to 0. */
  clear(): void {
    this.queue = [];
    this.rates = zeroRates();
  }

  /** The fault for the next request on `route`, consuming it; undefined when the request should be answered normally. */
  next(route: RouteName): Fault | undefined {
    const index = this.queue.findIndex((queued) => queued.route === 'any' || queued.route === route);
    const queued = this.queue[index];
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining === 0) this.queue.splice(index, 1);
      return structuredClone(queued.fault);
    }
    return this.randomFault();
  }

  private randomFault(): Fault | undefined {
    if (RATE_KINDS.every((kind) => this.rates[kind] === 0)) return undefined;
    const draw = this.random();
    let cumulative = 0;
    for (const kind of RATE_KINDS) {
      cumulative += this.rates[kind];
      if (draw < cumulative) return this.faultOf(kind);
    }
    return undefined;
  }

  private faultOf(kind: (typeof RATE_KINDS)[number]): Fault {
    if (kind !== 'serverError') return { kind };
    const status = SERVER_ERROR_STATUSES[Math.floor(this.random() * SERVER_ERROR_STATUSES.length)] ?? 500;
    return { kind: 'status', status };
  }
}

function zeroRates(): Required<FaultRates> {
  return { serverError: 0, rateLimited: 0, hang: 0, reset: 0, malformed: 0, truncated: 0 };
}

function validateFault(fault: Fault): void {
  const status = fault.kind === 'status' ? fault.status : fault.kind === 'body' ? (fault.status ?? 200) : 200;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new RangeError(`fault status [${status}] must be an HTTP status code between 100 and 599`);
  }
  if (fault.kind === 'delay' && !(fault.ms >= 0)) throw new RangeError(`delay fault ms [${fault.ms}] must be >= 0`);
  if (fault.kind === 'rateLimited' && fault.retryAfterSeconds !== undefined && !(fault.retryAfterSeconds >= 0)) {
    throw new RangeError(`rateLimited fault retryAfterSeconds [${fault.retryAfterSeconds}] must be >= 0`);
  }
}
