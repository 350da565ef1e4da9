/**
 * HubSpot's limits per app, as the simulator models them: a rolling 10 s limit and an optional daily limit, held for
 * each app separately, and the `X-HubSpot-RateLimit-*` headers that report them on every answer.
 *
 * Our assumptions beyond HubSpot's Files API reference: an app is identified by its bearer token (one token, one app; an unknown or
 * missing token shares one anonymous app); a request refused by either limit counts against neither; the daily
 * budget returns only when {@link AppRateLimits.resetDaily} is called (HubSpot resets it at midnight in the account's
 * time zone, which a test has no use for); a 429 for the daily limit carries `policyName: 'DAILY'` and the message
 * {@link DAILY_LIMIT_MESSAGE}.
 */
import { DEFAULT_RATE_LIMIT_INTERVAL_MS, RollingRateLimiter, type RateLimitDecision } from './rate-limiter';

/** Options of {@link AppRateLimits}. */
export interface AppRateLimitOptions {
  /** The rolling limit of each app: `max` requests per `intervalMs` (default 10,000). */
  rolling: { max: number; intervalMs?: number };
  /** Requests each app may make per day; undefined: no daily limit and no daily headers. */
  daily?: number;
  /** Clock in epoch milliseconds. */
  now: () => number;
}

/** One app's decision on one request. */
export interface AppDecision {
  /** Admitted, or refused by the rolling limit (`TEN_SECONDLY_ROLLING`) or the daily one (`DAILY`). */
  allowed: boolean;
  policyName?: 'TEN_SECONDLY_ROLLING' | 'DAILY';
  rolling: RateLimitDecision;
  /** Requests left today, when a daily limit is set. */
  dailyRemaining?: number;
}

/** HubSpot-style message of a 429 for the daily limit (our assumption: HubSpot documents the policy, not the text). */
export const DAILY_LIMIT_MESSAGE = 'You have reached your daily limit.';

/** The rolling and daily limits of every app the simulator has seen, keyed by bearer token. Holds no other state. */
export class AppRateLimits {
  private readonly apps = new Map<string, { rolling: RollingRateLimiter; usedToday: number }>();

  constructor(private readonly options: AppRateLimitOptions) {
    if (options.daily !== undefined && !(Number.isInteger(options.daily) && options.daily >= 1)) {
      throw new RangeError(`dailyLimit [${options.daily}] must be a positive integer`);
    }
    new RollingRateLimiter({ ...options.rolling, now: options.now }); // validates the rolling options up front
  }

  /** The app a request's `Authorization` header names (the bearer token itself; '' without one). */
  static appOf(authorization: string | undefined): string {
    return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
  }

  /** Admits and counts one request of `app`, or refuses it (uncounted) under the daily or the rolling limit. */
  tryAcquire(app: string): AppDecision {
    const state = this.state(app);
    const daily = this.options.daily;
    if (daily !== undefined && state.usedToday >= daily) {
      return { allowed: false, policyName: 'DAILY', rolling: state.rolling.peek(), dailyRemaining: 0 };
    }
    const rolling = state.rolling.tryAcquire();
    if (rolling.allowed) state.usedToday += 1;
    return {
      allowed: rolling.allowed,
      ...(rolling.allowed ? {} : { policyName: 'TEN_SECONDLY_ROLLING' as const }),
      rolling,
      ...(daily === undefined ? {} : { dailyRemaining: Math.max(0, daily - state.usedToday) }),
    };
  }

  /** The app's state without counting anything. */
  peek(app: string): AppDecision {
    const state = this.state(app);
    const rolling = state.rolling.peek();
    const daily = this.options.daily;
    return {
      allowed: rolling.allowed,
      rolling,
      ...(daily === undefined ? {} : { dailyRemaining: Math.max(0, daily - state.usedToday) }),
    };
  }

  /** HubSpot's headers for a decision: `-Max`, `-Remaining`, `-Interval-Milliseconds`, and the daily pair if set. */
  headers(decision: AppDecision): Record<string, string> {
    const { rolling } = decision;
    const headers: Record<string, string> = {
      'X-HubSpot-RateLimit-Max': String(rolling.max),
      'X-HubSpot-RateLimit-Remaining': String(rolling.remaining),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(rolling.intervalMs),
    };
    if (this.options.daily !== undefined && decision.dailyRemaining !== undefined) {
      headers['X-HubSpot-RateLimit-Daily'] = String(this.options.daily);
      headers['X-HubSpot-RateLimit-Daily-Remaining'] = String(decision.dailyRemaining);
    }
    return headers;
  }

  /** The app's daily figures: the limit and the requests counted today; undefined without a daily limit. */
  dailyUsage(app: string): { limit: number; used: number } | undefined {
    const daily = this.options.daily;
    return daily === undefined ? undefined : { limit: daily, used: this.state(app).usedToday };
  }

  /** Counts `requests` more against the app's daily budget (at most the limit), as other integrations would. */
  spendDaily(app: string, requests: number): void {
    if (!(Number.isSafeInteger(requests) && requests >= 0)) {
      throw new RangeError(`requests [${requests}] must be a non-negative integer`);
    }
    const state = this.state(app);
    state.usedToday = Math.min(this.options.daily ?? Infinity, state.usedToday + requests);
  }

  /** Empties every app's rolling window. */
  resetRolling(): void {
    for (const state of this.apps.values()) state.rolling.reset();
  }

  /** Gives every app its daily budget back (a new day). */
  resetDaily(): void {
    for (const state of this.apps.values()) state.usedToday = 0;
  }

  private state(app: string): { rolling: RollingRateLimiter; usedToday: number } {
    let state = this.apps.get(app);
    if (!state) {
      const intervalMs = this.options.rolling.intervalMs ?? DEFAULT_RATE_LIMIT_INTERVAL_MS;
      state = {
        rolling: new RollingRateLimiter({ ...this.options.rolling, intervalMs, now: this.options.now }),
        usedToday: 0,
      };
      this.apps.set(app, state);
    }
    return state;
  }
}
