/**
 * The worker process's own HubSpot request budget: every HTTP call of every activity in the process waits here for
 * its turn.
 *
 * The task queue's activity rate limit (`maxTaskQueueActivitiesPerSecond`) counts activity starts, so it cannot see
 * the many requests one long-running activity makes (the early-window poller). This limiter counts requests. Run N
 * workers against one HubSpot app and give each `budget / N`: then the sum stays under the budget.
 */

/** Who is asking. `prompt` requests (a POST, a single poll whose timer has fired) go before `background` ones. */
export type RequestPriority = 'prompt' | 'background';

/** Options of {@link RequestBudget}. */
export interface RequestBudgetOptions {
  /** Requests per second for this process. `Infinity` turns the limiter off. */
  requestsPerSecond: number;
  /**
   * Length of the rolling window the budget is also held over, in milliseconds. Defaults to 10,000 (HubSpot's
   * ten-secondly limit): at most `floor(requestsPerSecond × windowMs / 1000)` requests in any window.
   */
  windowMs?: number;
  /** Clock in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Slack added to the rolling window, in milliseconds: a request can reach HubSpot later than it was granted (event-loop
 * lag, connection set-up), and up to this much lateness cannot squeeze one more into any window there. The reliability
 * suite measured more than 50 ms under load; this costs 2.5% of the budget at saturation.
 */
const WINDOW_SLACK_MS = 250;

/**
 * Spaces requests at least `1000 / requestsPerSecond` ms apart (no bursts) and keeps any rolling `windowMs` window
 * under its share, granting in FIFO order within each priority.
 */
export class RequestBudget {
  readonly requestsPerSecond: number;
  readonly windowMs: number;
  /** Requests allowed in any rolling window. */
  readonly perWindow: number;
  private readonly spacingMs: number;
  private readonly now: () => number;
  private readonly queues: Record<RequestPriority, Waiter[]> = { prompt: [], background: [] };
  /** Grant times of the last `perWindow` requests, oldest first. */
  private readonly granted: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private grants = 0;

  constructor(options: RequestBudgetOptions) {
    const { requestsPerSecond, windowMs = 10_000, now = Date.now } = options;
    if (!(requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be above 0 (or Infinity), got ${requestsPerSecond}`);
    }
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new RangeError(`windowMs must be a positive number of milliseconds, got ${windowMs}`);
    }
    this.requestsPerSecond = requestsPerSecond;
    this.windowMs = windowMs;
    this.now = now;
    this.spacingMs = 1000 / requestsPerSecond;
    this.perWindow = Math.max(1, Math.floor((requestsPerSecond * windowMs) / 1000));
  }

  /** Requests granted so far. */
  get grantedCount(): number {
    return this.grants;
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.queues.prompt.length + this.queues.background.length;
  }

  /**
   * Resolves when this request may be sent. Rejects with the signal's reason if `signal` aborts first (the waiter
   * then leaves the queue without using the budget).
   */
  acquire(priority: RequestPriority, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.requestsPerSecond === Infinity) {
      this.grants++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const queue = this.queues[priority];
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queues[priority].push(waiter);
      this.pump();
    });
  }

  /** The earliest time the next request may go, in epoch milliseconds. */
  private nextSlotAt(): number {
    const last = this.granted[this.granted.length - 1];
    let at = last === undefined ? -Infinity : last + this.spacingMs;
    if (this.granted.length >= this.perWindow) {
      at = Math.max(at, this.granted[this.granted.length - this.perWindow]! + this.windowMs + WINDOW_SLACK_MS);
    }
    return at;
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    for (;;) {
      const waiter = this.queues.prompt[0] ?? this.queues.background[0];
      if (!waiter) return;
      const now = this.now();
      const at = this.nextSlotAt();
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
      (this.queues.prompt[0] === waiter ? this.queues.prompt : this.queues.background).shift();
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.granted.push(now);
      if (this.granted.length > this.perWindow) this.granted.shift();
      this.grants++;
      waiter.resolve();
    }
  }
}
