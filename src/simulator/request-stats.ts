/** Which API call a request was for: the POST, a status poll, a folder read, or `other` for anything else. */
export type RouteName = 'start' | 'status' | 'folder' | 'other';

/** How a request ended: an HTTP status, a destroyed socket (`'reset'`), or never answered (`'hang'`). */
export type RequestOutcome = number | 'reset' | 'hang';

/** One entry of the request log. Never holds the `Authorization` header or a token. */
export interface RequestLogEntry {
  /** Arrival time in epoch milliseconds (simulator clock). */
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  status: RequestOutcome;
  /** The task id for status polls (from the path) and accepted starts (the created task). */
  taskId?: string;
}

/** Counters returned by {@link RequestStats.snapshot}. */
export interface SimulatorStats {
  /** Requests received, whatever their outcome. */
  requests: number;
  byRoute: Record<RouteName, number>;
  /** Count per outcome: HTTP status as a string, or `'reset'` / `'hang'`. */
  byStatusCode: Record<string, number>;
  /** Count per injected fault kind. */
  faultsInjected: Record<string, number>;
  /** Requests refused by the simulator's own rolling rate limiter (injected 429 faults are not included). */
  rateLimited: number;
}

/** Request counters and log of one simulator. */
export class RequestStats {
  private log: RequestLogEntry[] = [];
  private counters: SimulatorStats = emptyStats();

  /** Records a finished (or reset, or hung) request. */
  record(route: RouteName, entry: RequestLogEntry): void {
    this.log.push({ ...entry });
    this.counters.requests += 1;
    this.counters.byRoute[route] += 1;
    const key = String(entry.status);
    this.counters.byStatusCode[key] = (this.counters.byStatusCode[key] ?? 0) + 1;
  }

  /** Counts one injected fault of `kind`. */
  recordFault(kind: string): void {
    this.counters.faultsInjected[kind] = (this.counters.faultsInjected[kind] ?? 0) + 1;
  }

  /** Counts one rejection by the rate limiter. */
  recordRateLimited(): void {
    this.counters.rateLimited += 1;
  }

  /** A copy of the counters. */
  snapshot(): SimulatorStats {
    return structuredClone(this.counters);
  }

  /** A copy of the log, oldest first by record time. */
  entries(): RequestLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** The largest number of logged requests whose arrival times fall in any half-open window `[t, t + windowMs)`. */
  maxInWindow(windowMs: number): number {
    return maxInWindow(
      this.log.map((entry) => entry.at),
      windowMs,
    );
  }

  /** Zeroes the counters and clears the log. */
  reset(): void {
    this.log = [];
    this.counters = emptyStats();
  }
}

/**
 * The largest number of `times` (epoch ms) falling in any half-open window `[t, t + windowMs)`.
 *
 * @throws RangeError when `windowMs` is not a positive number.
 */
export function maxInWindow(times: number[], windowMs: number): number {
  if (!(windowMs > 0)) throw new RangeError(`windowMs [${windowMs}] must be a positive number of milliseconds`);
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    const endAt = sorted[end] ?? 0;
    while ((sorted[start] ?? 0) <= endAt - windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function emptyStats(): SimulatorStats {
  return {
    requests: 0,
    byRoute: { start: 0, status: 0, folder: 0, other: 0 },
    byStatusCode: {},
    faultsInjected: {},
    rateLimited: 0,
  };
}
