/** Options of {@link RollingRateLimiter}. */
export interface RollingRateLimiterOptions {
  /** Requests allowed in any rolling window. Must be a positive integer. */
  max: number;
  /** Window length in milliseconds. Defaults to 10_000 (HubSpot's ten-secondly rolling limit). */
  intervalMs?: number;
  /** Clock in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}

/** Outcome of {@link RollingRateLimiter.tryAcquire}. */
export interface RateLimitDecision {
  /** Whether the request was admitted (and counted). */
  allowed: boolean;
  /** The configured maximum per window. */
  max: number;
  /** The window length in milliseconds. */
  intervalMs: number;
  /** Slots left in the current window after this decision. */
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window; 0 while slots are free. */
  retryAfterMs: number;
}

/** Default window length in milliseconds: HubSpot's ten-secondly rolling limit. */
export const DEFAULT_RATE_LIMIT_INTERVAL_MS = 10_000;

/**
 * A rolling-window limiter: at most `max` admitted requests in any `intervalMs` window.
 * A request admitted at time `t` occupies a slot until `t + intervalMs`. Rejected requests are not counted.
 */
export class RollingRateLimiter {
  readonly max: number;
  readonly intervalMs: number;
  private readonly now: () => number;
  private admitted: number[] = [];

  constructor(options: RollingRateLimiterOptions) {
    const { max, intervalMs = DEFAULT_RATE_LIMIT_INTERVAL_MS, now = Date.now } = options;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`rateLimit.max [${max}] must be a positive integer`);
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`rateLimit.intervalMs [${intervalMs}] must be a positive number of milliseconds`);
    }
    this.max = max;
    this.intervalMs = intervalMs;
    this.now = now;
  }

  /** Admits and counts one request if a slot is free; otherwise rejects it without counting it. */
  tryAcquire(): RateLimitDecision {
    const now = this.prune();
    const allowed = this.admitted.length < this.max;
    if (allowed) this.admitted.push(now);
    return this.decision(allowed, now);
  }

  /** The current state without counting anything (`allowed` tells whether a request would be admitted now). */
  peek(): RateLimitDecision {
    const now = this.prune();
    return this.decision(this.admitted.length < this.max, now);
  }

  /** Forgets every counted request. */
  reset(): void {
    this.admitted = [];
  }

  private decision(allowed: boolean, now: number): RateLimitDecision {
    const remaining = Math.max(0, this.max - this.admitted.length);
    const oldest = this.admitted[0];
    const retryAfterMs = remaining > 0 || oldest === undefined ? 0 : Math.max(0, oldest + this.intervalMs - now);
    return { allowed, max: this.max, intervalMs: this.intervalMs, remaining, retryAfterMs };
  }

  private prune(): number {
    const now = this.now();
    const cutoff = now - this.intervalMs;
    let drop = 0;
    while (drop < this.admitted.length && (this.admitted[drop] ?? 0) <= cutoff) drop += 1;
    if (drop > 0) this.admitted.splice(0, drop);
    return now;
  }
}
