/**
 * The worker process's HubSpot request budget: every HTTP call of every activity in the process waits here for its
 * turn, and reports HubSpot's answer back (`settle`). The queues and the daily gate live here; the credit bookkeeping in
 * `credit-ledger.ts`.
 *
 * It paces from HubSpot's own view of the app's budget, the `X-HubSpot-RateLimit-*` headers on every answer (see
 * `pacing.ts` for the rule, docs/RATE-LIMITS.md for the design), so any number of workers, and other integrations on
 * the same app, share one budget with no setting. The task queue's activity rate limit counts activity starts and
 * cannot see the many requests one early-window poller makes; this counts requests.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../../common/failure-types';
import { filesThrottleWaitMs } from '../files-throttle';
import { CreditLedger } from './credit-ledger';
import { dailyGateAt, nextDailyGate, PACING, type DailyGate } from './pacing';
import { parseRateLimitHeaders, rateLimitPolicy, type RateLimitHeaders } from './rate-limit-headers';

/** Who is asking. `prompt` requests (a POST, a single poll whose timer has fired) go before `background` ones. */
export type RequestPriority = 'prompt' | 'background';

/** Options of {@link RequestBudget}. */
export interface RequestBudgetOptions {
  /**
   * Requests per second this process never exceeds, on top of the pacing from HubSpot's headers; also held over any
   * rolling 10 s window. Defaults to `undefined`: no ceiling. `Infinity` turns the whole budget off (no pacing at all,
   * for tests and for a proxy that paces for you).
   */
  ceilingPerSecond?: number;
  /** Share of the app's limit left for other integrations, 0 to 0.5. Defaults to 0.1. */
  reserve?: number;
  /** Clock in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}

/** HubSpot's answer to one granted request, as {@link RequestBudget.settle} takes it. */
export interface BudgetAnswer {
  status: number;
  headers: Headers;
  /** The body, read only for a 429's `policyName`. */
  bodyText: string;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Grants requests in priority order (FIFO within each), while the credit of the {@link CreditLedger} allows.
 * Before the first answer with headers (or once the last is older than its interval), one request at a time goes, so
 * a worker learns where the app stands before it spends. A 429 for the daily limit stops every request but one probe
 * a minute; the others fail at once as retryable `HubSpotRateLimited` naming the daily limit.
 */
export class RequestBudget {
  /** The ceiling in requests per second (`Infinity`: none). */
  readonly ceilingPerSecond: number;
  /** Share of the app's limit left unused. */
  readonly reserve: number;
  private readonly off: boolean;
  private readonly now: () => number;
  private readonly queues: Record<RequestPriority, Waiter[]> = { prompt: [], background: [] };
  private readonly ledger: CreditLedger;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private daily: DailyGate = {};

  constructor(options: RequestBudgetOptions = {}) {
    const { ceilingPerSecond, reserve = PACING.defaultReserve, now = Date.now } = options;
    if (ceilingPerSecond !== undefined && !(ceilingPerSecond > 0)) {
      throw new RangeError(`ceilingPerSecond must be above 0 (or Infinity), got ${ceilingPerSecond}`);
    }
    if (!(reserve >= 0 && reserve <= 0.5)) throw new RangeError(`reserve must be from 0 to 0.5, got ${reserve}`);
    this.off = ceilingPerSecond === Infinity;
    this.ceilingPerSecond = ceilingPerSecond ?? Infinity;
    this.reserve = reserve;
    this.now = now;
    this.ledger = new CreditLedger(this.reserve, this.ceilingPerSecond);
  }

  /** Requests granted so far. */
  get grantedCount(): number {
    return this.ledger.grants;
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.queues.prompt.length + this.queues.background.length;
  }

  /** The app's budget as HubSpot's last answer with rate-limit headers reported it (e.g. for a gauge). */
  get lastRateLimit(): RateLimitHeaders | undefined {
    return this.ledger.lastRateLimit;
  }

  /** The requests this process may send now without waiting (its credit; negative while the app is over). */
  get creditNow(): number {
    return this.ledger.creditNow(this.now());
  }

  /**
   * Resolves when this request may be sent; the caller then sends it and calls {@link settle} exactly once. Rejects
   * with the signal's reason if `signal` aborts first (the waiter leaves the queue without using the budget), and
   * with a retryable `HubSpotRateLimited` while the daily limit is used up.
   */
  acquire(priority: RequestPriority, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.off) {
      this.ledger.grants++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.remove(priority, waiter);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queues[priority].push(waiter);
      this.pump();
    });
  }

  /** Reports the answer to a granted request, or `undefined` when none came (network error, timeout, abort). */
  settle(answer?: BudgetAnswer): void {
    if (this.off) return;
    const now = this.now();
    if (answer) {
      const view = parseRateLimitHeaders(answer.headers);
      // HubSpot Files' creation throttle is outside the app's limits (files-throttle.ts): it neither closes the daily
      // gate nor halves the pace, whatever policyName its body carries.
      const filesThrottle = filesThrottleWaitMs(answer.status, answer.bodyText) !== undefined;
      const policy = answer.status === 429 && !filesThrottle ? rateLimitPolicy(answer.bodyText) : undefined;
      this.daily = nextDailyGate(this.daily, { status: answer.status, policy, view }, now);
      this.ledger.settle(now, { status: answer.status, view, policy, outsideRateLimits: filesThrottle });
    } else {
      this.ledger.settle(now, undefined);
    }
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    for (;;) {
      const waiter = this.queues.prompt[0] ?? this.queues.background[0];
      if (!waiter) return;
      const now = this.now();
      const gate = dailyGateAt(this.daily, now);
      if (gate.kind === 'closed') return this.failAll(gate.waitMs);
      const at = gate.kind === 'probe' ? (this.ledger.inFlight > 0 ? undefined : now) : this.ledger.nextSlotAt(now);
      if (at === undefined) return; // the next answer pumps again
      if (at > now) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.pump();
          },
          Math.ceil(at - now),
        );
        return;
      }
      if (gate.kind === 'probe') this.daily = { ...this.daily, closedUntil: now + PACING.dailyProbeIntervalMs };
      this.remove(this.queues.prompt[0] === waiter ? 'prompt' : 'background', waiter);
      this.ledger.grant(now);
      waiter.resolve();
    }
  }

  private remove(priority: RequestPriority, waiter: Waiter): void {
    const queue = this.queues[priority];
    const i = queue.indexOf(waiter);
    if (i >= 0) queue.splice(i, 1);
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    if (this.waiting === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Fails every waiting request while the daily limit is used up; they retry after `waitMs`. */
  private failAll(waitMs: number): void {
    const since = new Date(this.daily.closedAt ?? this.now()).toISOString();
    for (const priority of ['prompt', 'background'] as const) {
      for (const waiter of this.queues[priority].splice(0)) {
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.reject(
          ApplicationFailure.create({
            type: FailureTypes.HubSpotRateLimited,
            message:
              `HubSpot's daily request limit for this app is used up (429 DAILY since ${since}): this worker sends ` +
              `no HubSpot request until it returns, and probes once a minute (next probe in ${Math.ceil(waitMs / 1000)} s)`,
            nonRetryable: false,
            nextRetryDelay: waitMs,
            details: [{ httpStatus: 429, policyName: 'DAILY', retryAfterMs: waitMs }],
          }),
        );
      }
    }
  }
}
