/**
 * The pure pacing rule (src/hubspot/budget/pacing.ts) with exact numbers, and the rate-limit header parsing it is fed by.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  claimGain,
  dailyGateAt,
  estimatedUsed,
  nextBackoff,
  nextCredit,
  nextDailyGate,
  PACING,
} from '../../src/hubspot/budget/pacing';
import { parseRateLimitHeaders, rateLimitPolicy } from '../../src/hubspot/budget/rate-limit-headers';

const view = (max: number, remaining: number, intervalMs = 10_000) => ({ max, remaining, intervalMs });
const open = { reserve: 0.1 };

/** Asserts `actual` equals `expected` to 1e-9 (the rule is arithmetic on decimals). */
function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);
}

describe('nextCredit', () => {
  const input = { credit: 0, view: view(100, 60), used: 40, departed: 0, elapsedMs: 1000, backoff: 1, mine: 0 };

  it('re-uses 95% of its own freed slots and claims half the unused budget below the limit per interval', () => {
    // 0.95 × 2 + 0.5 × (90 − 40) × 1 s / 10 s = 1.9 + 2.5 = 4.4
    near(nextCredit({ ...input, departed: 2 }, open), 4.4);
    near(nextCredit({ ...input, elapsedMs: 100 }, open), 0.25);
  });

  it('takes back in full what the app is over its limit', () => {
    // used 95 > 90: −0.5 × 5 × 1 / 10 = −0.25, also with a back-off
    near(nextCredit({ ...input, used: 95 }, open), -0.25);
    near(nextCredit({ ...input, used: 95, backoff: 0.5 }, open), -0.25);
  });

  it('applies the back-off to growth, the reserve, the interval, and bounds the credit to 5% of max', () => {
    near(nextCredit({ ...input, departed: 2, backoff: 0.5 }, open), 2.2);
    // reserve 0.3: limit 70, 0.5 × 30 / 10 = 1.5
    near(nextCredit(input, { reserve: 0.3 }), 1.5);
    // a 1 s interval: 0.5 × 50 × 1 s / 1 s = 25, bounded to 5
    near(nextCredit({ ...input, view: view(100, 60, 1000) }, open), 5);
    near(nextCredit({ ...input, used: 1000 }, open), -5);
    near(nextCredit({ ...input, view: view(10, 10), used: 0, elapsedMs: 100_000 }, open), 1);
  });

  it('claims more of the unused budget the larger its own share of the app count: 1.5 for a worker alone, 0.5 with none', () => {
    // limit 90: its share of the count, or of half the limit (45) while the count is lower; none: the shared 0.5
    near(claimGain(0, 40, 90), 0.5);
    near(claimGain(40, 40, 90), 0.5 + 40 / 45);
    near(claimGain(60, 60, 90), 1.5);
    near(claimGain(30, 90, 90), 0.5 + 1 / 3);
    near(claimGain(95, 90, 90), 1.5);
    // a worker alone with 60 in the window: 0.95 × 2 + 1.5 × (90 − 60) × 1 s / 10 s = 1.9 + 4.5 = 6.4, bounded to 5
    near(nextCredit({ ...input, used: 60, mine: 60, departed: 2 }, open), 5);
    near(nextCredit({ ...input, used: 60, mine: 60, elapsedMs: 500 }, open), 2.25);
  });

  it('estimates the app count from the last answer and its own requests since', () => {
    assert.equal(estimatedUsed(view(100, 60), 3, 1), 42);
  });

  it('settles workers that know nothing of each other below the limit, moving towards one share', () => {
    // A rolling 10 s window in 100 ms steps: 3 workers that start unequal, each sending whenever its credit allows,
    // from a fresh view, beside a foreign consumer that spends 20 of the app's 100 per window.
    const slots = 100;
    const sent = [30, 0, 5].map((start) => Array.from({ length: slots }, (_, k) => (k < start ? 1 : 0)));
    const credit = [0, 0, 0];
    const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const spread = (): number => Math.max(...sent.map(total)) - Math.min(...sent.map(total));
    const before = spread();
    let peak = 0;
    for (let step = 0; step < 6000; step++) {
      const k = step % slots;
      const used = 20 + total(sent.map(total));
      peak = Math.max(peak, used);
      sent.forEach((mine, i) => {
        const departed = mine[k]!;
        mine[k] = 0;
        credit[i] = nextCredit(
          {
            credit: credit[i]!,
            view: view(100, 100 - used),
            used,
            departed,
            elapsedMs: 100,
            backoff: 1,
            mine: total(mine),
          },
          open,
        );
        while (credit[i]! >= 1) {
          mine[k]! += 1;
          credit[i]! -= 1;
        }
      });
    }
    const used = 20 + total(sent.map(total));
    // Equilibrium: the workers claim 3 × 0.5 + their shares of the count (ours ÷ used ≈ 68.5 ÷ 88.5) together, so
    // ours ≈ 70 × 2.27 / (2.27 + 0.05) = 68.5 (whole requests: within 2); the app never over 90.
    assert.ok(Math.abs(used - (20 + (70 * 2.27) / 2.32)) < 2, `used ${used}`);
    assert.ok(peak <= 90, `peak ${peak}`);
    assert.ok(spread() < before / 2, `the shares converge: spread ${spread()} from ${before}`);
  });
});

describe('nextBackoff', () => {
  it('halves on a rolling 429, down to 1/16, and recovers by 1/8 an answer', () => {
    assert.equal(nextBackoff(1, 429, 'TEN_SECONDLY_ROLLING'), 0.5);
    assert.equal(nextBackoff(0.5, 429, undefined), 0.25);
    assert.equal(nextBackoff(PACING.minBackoff, 429, 'SECONDLY'), PACING.minBackoff);
    assert.equal(nextBackoff(0.5, 200, undefined), 0.625);
    assert.equal(nextBackoff(0.95, 200, undefined), 1);
    // A daily 429 is the daily gate's business, not the rate's.
    assert.equal(nextBackoff(0.5, 429, 'DAILY'), 0.625);
  });
});

describe('daily gate', () => {
  it('closes for a minute on a 429 DAILY or Daily-Remaining 0, allows one probe after it, opens on success', () => {
    let gate = nextDailyGate({}, { status: 429, policy: 'DAILY' }, 1_000);
    assert.deepEqual(gate, { closedUntil: 61_000, closedAt: 1_000 });
    assert.deepEqual(dailyGateAt(gate, 31_000), { kind: 'closed', waitMs: 30_000 });
    assert.deepEqual(dailyGateAt(gate, 61_000), { kind: 'probe' });
    gate = nextDailyGate(gate, { status: 429, policy: 'DAILY' }, 61_500);
    assert.deepEqual(gate, { closedUntil: 121_500, closedAt: 1_000 });
    assert.deepEqual(nextDailyGate(gate, { status: 200 }, 121_600), {});
    assert.deepEqual(dailyGateAt({}, 0), { kind: 'open' });
    const zero = { ...view(100, 50), daily: 250_000, dailyRemaining: 0 };
    assert.deepEqual(nextDailyGate({}, { status: 200, view: zero }, 5), { closedUntil: 60_005, closedAt: 5 });
    assert.deepEqual(nextDailyGate({}, { status: 429, policy: 'TEN_SECONDLY_ROLLING' }, 5), {});
  });
});

describe('parseRateLimitHeaders', () => {
  it('reads the three rolling headers and the daily pair', () => {
    const headers = new Headers({
      'X-HubSpot-RateLimit-Max': '190',
      'X-HubSpot-RateLimit-Remaining': '187',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Daily': '625000',
      'X-HubSpot-RateLimit-Daily-Remaining': '624000',
    });
    assert.deepEqual(parseRateLimitHeaders(headers), {
      max: 190,
      remaining: 187,
      intervalMs: 10_000,
      daily: 625_000,
      dailyRemaining: 624_000,
    });
  });

  it('is a tolerant reader: undefined without a usable rolling trio, remaining capped at max', () => {
    assert.equal(parseRateLimitHeaders(new Headers()), undefined);
    const partial = new Headers({ 'X-HubSpot-RateLimit-Max': '100', 'X-HubSpot-RateLimit-Remaining': '5' });
    assert.equal(parseRateLimitHeaders(partial), undefined);
    const bad = new Headers({
      'X-HubSpot-RateLimit-Max': '0',
      'X-HubSpot-RateLimit-Remaining': '5',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
    });
    assert.equal(parseRateLimitHeaders(bad), undefined);
    const over = new Headers({
      'X-HubSpot-RateLimit-Max': '100',
      'X-HubSpot-RateLimit-Remaining': '250',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Daily-Remaining': 'lots',
    });
    assert.deepEqual(parseRateLimitHeaders(over), { max: 100, remaining: 100, intervalMs: 10_000 });
  });
});

describe('rateLimitPolicy', () => {
  it("reads a 429 body's policyName", () => {
    const body = (policyName: unknown) => JSON.stringify({ status: 'error', errorType: 'RATE_LIMIT', policyName });
    assert.equal(rateLimitPolicy(body('DAILY')), 'DAILY');
    assert.equal(rateLimitPolicy(body('TEN_SECONDLY_ROLLING')), 'TEN_SECONDLY_ROLLING');
    assert.equal(rateLimitPolicy(body('secondly')), 'SECONDLY');
    assert.equal(rateLimitPolicy(body('OTHER')), undefined);
    assert.equal(rateLimitPolicy(body(7)), undefined);
    assert.equal(rateLimitPolicy('<html>'), undefined);
    assert.equal(rateLimitPolicy('null'), undefined);
  });
});
