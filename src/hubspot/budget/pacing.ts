/**
 * The pure pacing decision of the request budget: how much this worker may send, given what HubSpot's last answer
 * said about the app's budget as a whole (see docs/RATE-LIMITS.md for the design and its arithmetic).
 *
 * HubSpot admits `max` requests of an app per rolling interval of W ms. We aim to keep the app's count at or below
 * `limit = max × (1 − reserve)`, whatever else uses the app. A worker holds a credit of requests it may send; it
 * sends while the credit is at least 1, and the credit grows by
 *
 *     DECAY × (its own requests that left the window)  +  (GAIN + SOLO × share) × (limit − used) × elapsed / W
 *
 * where `used` is the app's count: `max − remaining` from the last answer, plus this worker's requests sent since,
 * less its own that left the window since. The first term re-uses most of the slots this worker's own requests free
 * (so the count cannot grow from it); the second shares out what is left below the limit, and takes back when the app
 * is over it. `share` is this worker's own requests in the window over the app's count (or over half the limit while
 * the count is lower), so a worker alone claims GAIN + SOLO and N equal workers together N·GAIN + SOLO: the app settles
 * where `used ≈ limit × G / (G + 1 − DECAY)` with G that total (97% of it for one worker, 98% for three), N workers
 * starting at once do not claim N times what one does, and the DECAY below 1 moves every worker towards the same
 * share, so a worker that joins grows and one that leaves frees its share, without anyone knowing N. A 429 halves a
 * multiplier on the credit's growth (the classic multiplicative back-off) that each answer without one restores by 1/8
 * (additive recovery); what the app is over its limit is taken back in full.
 */
import type { RateLimitHeaders, RateLimitPolicy } from './rate-limit-headers';

/** The constants of the pacing rule. */
export const PACING = {
  /** Share of `max` left unused for other integrations and timing noise, when the caller gives none: 10%. */
  defaultReserve: 0.1,
  /** Share of the slots this worker's own requests free that it re-uses. */
  decay: 0.95,
  /** Share of the app's unused budget (below the limit) each worker claims per interval. */
  gain: 0.5,
  /**
   * Further share of the app's unused budget a worker claims per interval, times its own share of the app's count
   * (see {@link claimGain}): a worker alone claims `gain + soloGain` (1.5), N equal workers together `N × gain + soloGain`.
   */
  soloGain: 1,
  /** Most credit a worker holds, as a share of `max` (at least 1 request): bounds a burst. */
  maxCreditShare: 0.05,
  /** Smallest back-off multiplier after repeated 429s. */
  minBackoff: 1 / 16,
  /** What each answer without a 429 adds back to the multiplier, up to 1. */
  backoffRecovery: 1 / 8,
  /**
   * Requests per second when HubSpot's answers carry no rate-limit headers (a proxy stripped them) and no ceiling is
   * set: the old default per-process budget, 9, which keeps one worker under the lowest tier's 100 per 10 s.
   */
  headerlessRequestsPerSecond: 9,
  /** After a 429 for the daily limit: milliseconds between probes, at most one request a minute. */
  dailyProbeIntervalMs: 60_000,
} as const;

/** The app's count now, as this worker estimates it from the last answer and its own requests since. */
export function estimatedUsed(view: RateLimitHeaders, sentSince: number, departedSince: number): number {
  return view.max - view.remaining + sentSince - departedSince;
}

/** What the pacing rule is given each time the budget looks at its queue. */
export interface CreditInput {
  /** The credit so far, in requests. */
  credit: number;
  /** The app's rolling state in the last answer (its `max` and `intervalMs` are used). */
  view: RateLimitHeaders;
  /** The app's count now, from {@link estimatedUsed}. */
  used: number;
  /** This worker's own requests that left the rolling window since the credit was last updated. */
  departed: number;
  /** Milliseconds since the credit was last updated. */
  elapsedMs: number;
  /** The back-off multiplier, 1 without recent 429s (see {@link nextBackoff}). */
  backoff: number;
  /** This worker's own requests in the rolling window now. */
  mine: number;
}

/** The settings of the pacing rule. */
export interface PacingSettings {
  /** Share of the app's limit left unused, 0 to 0.5. */
  reserve: number;
}

/**
 * The credit after `elapsedMs`, clamped to ±{@link PACING.maxCreditShare} × max (at least 1).
 *
 * @example max 100, interval 10 s, used 40, reserve 0.1, credit 0, 2 own requests left the window, 1 s elapsed:
 * 0.95 × 2 + 0.5 × (90 − 40) × 1 / 10 = 1.9 + 2.5 = 4.4 requests.
 */
export function nextCredit(input: CreditInput, settings: PacingSettings): number {
  const { credit, view, used, departed, elapsedMs, backoff } = input;
  const limit = view.max * (1 - settings.reserve);
  const claim = (claimGain(input.mine, used, limit) * (limit - used) * elapsedMs) / view.intervalMs;
  const grown = credit + backoff * PACING.decay * departed + (claim > 0 ? backoff * claim : claim);
  const bound = Math.max(1, PACING.maxCreditShare * view.max);
  return Math.min(bound, Math.max(-bound, grown));
}

/**
 * The share of the app's unused budget this worker claims per interval: {@link PACING.gain} plus
 * {@link PACING.soloGain} times its own share of the app's count, `mine` (its requests in the window) over `used`, or
 * over half the `limit` while `used` is lower, so that workers starting together on an empty app do not each claim
 * what one alone would.
 */
export function claimGain(mine: number, used: number, limit: number): number {
  const share = Math.min(1, Math.max(0, mine / Math.max(used, limit / 2)));
  return PACING.gain + PACING.soloGain * share;
}

/** The back-off multiplier after an answer: halved by a 429 of the rolling limits, else recovered by 1/8 (max 1). */
export function nextBackoff(backoff: number, status: number, policy: RateLimitPolicy | undefined): number {
  if (status === 429 && policy !== 'DAILY') return Math.max(PACING.minBackoff, backoff / 2);
  return Math.min(1, backoff + PACING.backoffRecovery);
}

/** Whether this worker's HubSpot calls are stopped by the daily limit, and until when. */
export interface DailyGate {
  /** While set, no request goes before this time (epoch ms), and then only one probe. Undefined: open. */
  closedUntil?: number;
  /** When the gate last closed (epoch ms), for the failure message. */
  closedAt?: number;
}

/**
 * The daily gate after an answer at `nowMs`: a 429 whose policy is `DAILY`, or `Daily-Remaining: 0`, closes it for
 * {@link PACING.dailyProbeIntervalMs}; any other answer opens it. (Reading `Daily-Remaining: 0` on a success as
 * exhausted is our assumption: HubSpot documents the header, not what follows it.)
 */
export function nextDailyGate(
  gate: DailyGate,
  answer: { status: number; policy?: RateLimitPolicy; view?: RateLimitHeaders },
  nowMs: number,
): DailyGate {
  const exhausted = (answer.status === 429 && answer.policy === 'DAILY') || answer.view?.dailyRemaining === 0;
  if (!exhausted) return {};
  return { closedUntil: nowMs + PACING.dailyProbeIntervalMs, closedAt: gate.closedAt ?? nowMs };
}

/**
 * What the daily gate allows at `nowMs`: every request (`open`), one probe (`probe`: the caller sends it and moves the
 * gate's `closedUntil` a probe interval on), or none for `waitMs` more (`closed`).
 */
export function dailyGateAt(
  gate: DailyGate,
  nowMs: number,
): { kind: 'open' } | { kind: 'probe' } | { kind: 'closed'; waitMs: number } {
  if (gate.closedUntil === undefined) return { kind: 'open' };
  if (nowMs >= gate.closedUntil) return { kind: 'probe' };
  return { kind: 'closed', waitMs: gate.closedUntil - nowMs };
}
