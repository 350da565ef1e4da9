/**
 * What one worker process knows of its app's HubSpot budget: HubSpot's last view of it (the `X-HubSpot-RateLimit-*`
 * headers), this process's own grant times, and the credit that the rule of `pacing.ts` derives from both. Pure
 * bookkeeping, driven by the caller's clock: `RequestBudget` queues the requests and asks this when the next may go.
 */
import { claimGain, estimatedUsed, nextBackoff, nextCredit, PACING } from './pacing';
import type { RateLimitHeaders, RateLimitPolicy } from './rate-limit-headers';

/** What the ledger learns from HubSpot's answer to one granted request. */
export interface LedgerAnswer {
  status: number;
  /** The answer's rate-limit headers, parsed; `undefined` when it had none. */
  view: RateLimitHeaders | undefined;
  /** A 429's `policyName` (`TEN_SECONDLY_ROLLING`, `DAILY`, …). */
  policy: RateLimitPolicy | undefined;
  /** A 429 outside the app's rate limits (HubSpot Files' creation throttle): the pace is left as it was. */
  outsideRateLimits?: boolean;
}

/** The ceiling's rolling window, in milliseconds: HubSpot's ten-secondly limit. */
const CEILING_WINDOW_MS = 10_000;
/**
 * Slack added to the ceiling's rolling window, in milliseconds: a request can reach HubSpot later than it was granted
 * (event-loop lag, connection set-up), and up to this much lateness cannot squeeze one more into any window.
 */
const WINDOW_SLACK_MS = 250;
/** How long this worker's own grant and answer times are kept, in milliseconds (longer than HubSpot's intervals). */
const GRANT_HISTORY_MS = 60_000;

/** The credit bookkeeping of one process; times are epoch milliseconds from the caller's clock. */
export class CreditLedger {
  /** Requests granted so far. */
  grants = 0;
  /** Granted requests whose answer has not been reported yet. */
  inFlight = 0;
  /** This process's grant times, oldest first, for the last {@link GRANT_HISTORY_MS}: what the ceiling spaces. */
  private readonly granted: number[] = [];
  /**
   * When the answers to this process's requests came (or it gave up on one), oldest first, for the last
   * {@link GRANT_HISTORY_MS}. The header rule counts an own request in HubSpot's window from its grant until
   * `answered + intervalMs`: HubSpot counts a request from its arrival, which is after the grant (event-loop lag,
   * connection set-up) and at or before the answer, so however late a request arrives, one that leaves by this
   * reckoning has left HubSpot's window too. Leaving by the grant time instead let a request into a window still full.
   */
  private readonly answered: number[] = [];
  /** The last answer's view, when it came, and how many of our grants HubSpot had counted by then. */
  private lastView: { view: RateLimitHeaders; at: number; counted: number } | undefined;
  private headerless = false;
  private backoff = 1;
  private credit = 0;
  private creditAt = 0;

  /**
   * @param reserve share of the app's limit left unused, 0 to 0.5
   * @param ceilingPerSecond requests per second never exceeded, also over any rolling 10 s window (`Infinity`: none)
   */
  constructor(
    private readonly reserve: number,
    private readonly ceilingPerSecond: number,
  ) {}

  /** The app's budget as HubSpot's last answer with rate-limit headers reported it. */
  get lastRateLimit(): RateLimitHeaders | undefined {
    return this.lastView?.view;
  }

  /** The requests this process may send at `now` without waiting (negative while the app is over). */
  creditNow(now: number): number {
    if (this.isFresh(now)) this.accrue(now);
    return this.credit;
  }

  /** Records a request granted at `now`. */
  grant(now: number): void {
    if (this.isFresh(now)) this.credit -= 1;
    this.granted.push(now);
    while ((this.granted[0] ?? now) <= now - GRANT_HISTORY_MS) this.granted.shift();
    this.grants++;
    this.inFlight++;
  }

  /** Records the answer to a granted request at `now`, or `undefined` when none came. */
  settle(now: number, answer: LedgerAnswer | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.answered.push(now);
    while ((this.answered[0] ?? now) <= now - GRANT_HISTORY_MS) this.answered.shift();
    if (!answer) return;
    const { view } = answer;
    if (!answer.outsideRateLimits) this.backoff = nextBackoff(this.backoff, answer.status, answer.policy);
    this.headerless = view === undefined;
    if (!view) return;
    if (this.isFresh(now)) this.accrue(now);
    else [this.credit, this.creditAt] = [0, now];
    this.lastView = { view, at: now, counted: this.grants - this.inFlight };
  }

  /** The earliest time the next request may go (epoch ms), or `undefined` until an answer comes in. */
  nextSlotAt(now: number): number | undefined {
    const last = this.granted[this.granted.length - 1] ?? -Infinity;
    let at: number;
    if (this.isFresh(now)) at = this.creditSlotAt(now);
    else if (this.headerless) at = last + 1000 / this.headerlessRate();
    else if (this.inFlight > 0) return undefined;
    else at = now;
    if (this.ceilingPerSecond !== Infinity) {
      at = Math.max(at, last + 1000 / this.ceilingPerSecond);
      const perWindow = Math.max(1, Math.floor((this.ceilingPerSecond * CEILING_WINDOW_MS) / 1000));
      const oldest = this.granted[this.granted.length - perWindow];
      if (oldest !== undefined) at = Math.max(at, oldest + CEILING_WINDOW_MS + WINDOW_SLACK_MS);
    }
    return at;
  }

  private isFresh(now: number): boolean {
    return this.lastView !== undefined && now - this.lastView.at < this.lastView.view.intervalMs;
  }

  /** Own requests in the rolling window of `intervalMs` ending at `now`: those in flight and those answered in it. */
  private mineInWindow(now: number, intervalMs: number): number {
    return this.inFlight + this.answered.filter((t) => t + intervalMs > now).length;
  }

  /** Own requests that left the window of `intervalMs` in (from, to], counted from their answers (see `answered`). */
  private departures(from: number, to: number, intervalMs: number): number {
    return this.answered.filter((t) => t + intervalMs > from && t + intervalMs <= to).length;
  }

  /** Brings the credit up to `now` with the last view (which must be fresh). */
  private accrue(now: number): void {
    const { view, at, counted } = this.lastView!;
    const used = estimatedUsed(view, this.grants - counted, this.departures(at, now, view.intervalMs));
    const departed = this.departures(this.creditAt, now, view.intervalMs);
    const mine = this.mineInWindow(now, view.intervalMs);
    const elapsedMs = now - this.creditAt;
    const input = { credit: this.credit, view, used, departed, elapsedMs, backoff: this.backoff, mine };
    this.credit = nextCredit(input, { reserve: this.reserve });
    this.creditAt = now;
  }

  /** When the credit next reaches 1 (epoch ms), at most when the view expires. */
  private creditSlotAt(now: number): number {
    this.accrue(now);
    if (this.credit >= 1) return now;
    const { view, at, counted } = this.lastView!;
    const used = estimatedUsed(view, this.grants - counted, this.departures(at, now, view.intervalMs));
    const limit = view.max * (1 - this.reserve);
    const gain = claimGain(this.mineInWindow(now, view.intervalMs), used, limit);
    const claimPerMs = (this.backoff * gain * (limit - used)) / view.intervalMs;
    const byClaim = claimPerMs > 0 ? now + Math.ceil((1 - this.credit) / claimPerMs) : Infinity;
    const nextDeparture = this.answered.find((t) => t + view.intervalMs > now);
    const byDeparture = nextDeparture === undefined ? Infinity : nextDeparture + view.intervalMs + 1;
    return Math.min(at + view.intervalMs, byClaim, byDeparture, now + 1000);
  }

  /** Without HubSpot's headers: the ceiling when one is set, else {@link PACING.headerlessRequestsPerSecond}. */
  private headerlessRate(): number {
    return this.ceilingPerSecond === Infinity ? PACING.headerlessRequestsPerSecond : this.ceilingPerSecond;
  }
}
