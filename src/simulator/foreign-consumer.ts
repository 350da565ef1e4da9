/**
 * Another integration on the same HubSpot app: it spends the app's budget at a steady rate, ignores our workers, and
 * does not slow down on a 429 (the worst neighbour a worker can have). It runs inside the simulator and counts against
 * the app's limits exactly as a request over HTTP would (our simplification: it sends no HTTP, so it costs no CPU).
 */
import type { AppDecision } from './app-rate-limits';

/** Options of {@link HubSpotSimulator.startForeignConsumer}. */
export interface ForeignConsumerOptions {
  /** Requests per second, evenly spaced. */
  requestsPerSecond: number;
  /** The bearer token (app) it spends; defaults to the simulator's first token. */
  token?: string;
}

/** What a foreign consumer has done so far. */
export interface ForeignConsumerStats {
  /** Requests it sent. */
  sent: number;
  /** Of those, refused with a 429. */
  rateLimited: number;
  /** When it sent each request (simulator clock, epoch ms), for window counts. */
  sentAt: number[];
}

/** A running foreign consumer. */
export class ForeignConsumer {
  private readonly counters: ForeignConsumerStats = { sent: 0, rateLimited: 0, sentAt: [] };
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    options: ForeignConsumerOptions,
    private readonly spend: () => AppDecision,
    private readonly now: () => number,
  ) {
    if (!(options.requestsPerSecond > 0 && Number.isFinite(options.requestsPerSecond))) {
      throw new RangeError(`foreign consumer requestsPerSecond [${options.requestsPerSecond}] must be above 0`);
    }
    this.timer = setInterval(() => this.tick(), 1000 / options.requestsPerSecond);
    this.timer.unref();
  }

  /** Its counters (a copy). */
  stats(): ForeignConsumerStats {
    return { ...this.counters, sentAt: [...this.counters.sentAt] };
  }

  /** Stops it. Safe to call twice. */
  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const decision = this.spend();
    this.counters.sent += 1;
    this.counters.sentAt.push(this.now());
    if (!decision.allowed) this.counters.rateLimited += 1;
  }
}
