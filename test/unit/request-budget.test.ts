/**
 * The process's request budget: one request at a time until HubSpot's headers say where the app stands, then the
 * pacing rule's rate; priorities, aborts, the 429 back-off, the daily gate, the optional ceiling, and "off".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { CreditLedger } from '../../src/hubspot/budget/credit-ledger';
import { RequestBudget, type BudgetAnswer } from '../../src/hubspot/budget/request-budget';

/** An answer carrying HubSpot's rolling headers (and a body). */
function answer(status: number, max: number, remaining: number, intervalMs = 10_000, body = ''): BudgetAnswer {
  const headers = new Headers({
    'X-HubSpot-RateLimit-Max': String(max),
    'X-HubSpot-RateLimit-Remaining': String(remaining),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
  });
  return { status, headers, bodyText: body };
}

const settled = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));
const near = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('RequestBudget', () => {
  it('with no settings sends one request at a time until an answer with headers, then paces by the credit', async () => {
    let now = 1_000_000;
    const budget = new RequestBudget({ now: () => now });
    const granted: number[] = [];
    const all = [0, 1, 2].map((i) => budget.acquire('prompt').then(() => granted.push(i)));
    await settled();
    assert.deepEqual(granted, [0], 'the first request learns where the app stands');
    // The app has 100 per 10 s and 100 left, and its own 1 request is 1/45 of half the limit: the credit grows by
    // (0.5 + 1/45) × 90 per 10 s, 0.47 in 100 ms, 1 request in 213 ms.
    budget.settle(answer(200, 100, 100));
    assert.deepEqual(budget.lastRateLimit, { max: 100, remaining: 100, intervalMs: 10_000 });
    now += 100;
    near(budget.creditNow, 0.47);
    await settled(30);
    assert.deepEqual(granted, [0]);
    now += 123;
    await settled(300);
    assert.deepEqual(granted, [0, 1]);
    now += 300;
    await Promise.all(all);
    assert.equal(budget.grantedCount, 3);
  });

  it('at the limit it waits, and probes once the last view is an interval old', async () => {
    let now = 0;
    const budget = new RequestBudget({ now: () => now });
    await budget.acquire('prompt');
    // The app is at its limit (90 of 100 used): no claim, only re-use of this worker's own slot.
    budget.settle(answer(200, 100, 10));
    now = 5_000;
    near(budget.creditNow, 0);
    now = 10_001;
    const probe = budget.acquire('prompt');
    await probe;
    assert.equal(budget.grantedCount, 2, 'a view 10 s old is stale: one probe goes to learn again');
  });

  it('serves prompt requests before background ones', async () => {
    const budget = new RequestBudget();
    const order: string[] = [];
    const waits = [
      budget.acquire('background').then(() => order.push('b1')),
      budget.acquire('background').then(() => order.push('b2')),
      budget.acquire('background').then(() => order.push('b3')),
      budget.acquire('prompt').then(() => order.push('p1')),
    ];
    await settled();
    budget.settle(answer(200, 1000, 1000, 1000));
    await Promise.all(waits);
    // b1 goes at once; p1 overtakes b2 and b3.
    assert.deepEqual(order, ['b1', 'p1', 'b2', 'b3']);
  });

  it('lets an aborted waiter leave the queue without using the budget', async () => {
    const budget = new RequestBudget();
    await budget.acquire('prompt');
    const controller = new AbortController();
    const waiting = budget.acquire('background', controller.signal);
    controller.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    assert.equal(budget.waiting, 0);
    assert.equal(budget.grantedCount, 1);
  });

  it('takes back what the app is over its limit, halves its claim on a 429 and recovers by 1/8 an answer', async () => {
    let now = 0;
    const budget = new RequestBudget({ now: () => now });
    await budget.acquire('prompt');
    budget.settle(answer(429, 100, 0, 10_000, JSON.stringify({ policyName: 'TEN_SECONDLY_ROLLING' })));
    // 100 used against a limit of 90, 1 of them its own: −(0.5 + 1/100) × 10 per 10 s, −0.51 after a second.
    now = 1_000;
    near(budget.creditNow, -0.51);
    const fresh = new RequestBudget({ now: () => now });
    await fresh.acquire('prompt');
    fresh.settle(answer(429, 100, 50, 10_000, '{"policyName":"TEN_SECONDLY_ROLLING"}'));
    now = 2_000;
    // back-off 0.5, 1 of the 50 its own: 0.5 × (0.5 + 1/50) × (90 − 50) × 1 s / 10 s = 1.04
    near(fresh.creditNow, 1.04);
    await fresh.acquire('prompt');
    fresh.settle(answer(200, 100, 50));
    now = 3_000;
    // 0.04 left, back-off 0.625, one more own request counted by HubSpot: 0.04 + 0.625 × (0.5 + 2/50) × 40 / 10 = 1.39
    near(fresh.creditNow, 1.39);
  });

  it("keeps its pace on HubSpot Files' creation throttle, a 429 outside the app's limits", async () => {
    let now = 0;
    const budget = new RequestBudget({ now: () => now });
    await budget.acquire('prompt');
    const throttle = JSON.stringify({
      status: 'error',
      message: 'Rate limit exceeded for creating files. Retry in 1 minute.',
      policyName: 'SECONDLY',
    });
    budget.settle(answer(429, 100, 50, 10_000, throttle));
    now = 1_000;
    // no back-off, 1 of the 50 its own: (0.5 + 1/50) × (90 − 50) × 1 s / 10 s = 2.08 (a rolling 429 would give 1.04)
    near(budget.creditNow, 2.08);
    await budget.acquire('prompt');
    budget.settle(answer(200, 100, 50));
  });

  it('stops every request on a 429 DAILY, fails them naming the daily limit, and probes once a minute', async () => {
    let now = 5_000;
    const budget = new RequestBudget({ now: () => now });
    await budget.acquire('prompt');
    budget.settle(answer(429, 100, 99, 10_000, JSON.stringify({ policyName: 'DAILY', errorType: 'RATE_LIMIT' })));
    const failure = await budget.acquire('prompt').then(
      () => assert.fail('expected the daily gate to refuse'),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, 'HubSpotRateLimited');
    assert.equal(failure.nonRetryable, false);
    assert.match(failure.message, /daily request limit for this app is used up \(429 DAILY/);
    assert.match(failure.message, /probes once a minute \(next probe in 60 s\)/);
    assert.equal(failure.nextRetryDelay, 60_000);
    now += 30_000;
    await assert.rejects(budget.acquire('background'), /next probe in 30 s/);
    now += 30_000;
    // A minute on: one probe goes, the rest are still refused.
    const probe = budget.acquire('prompt');
    const other = budget.acquire('prompt');
    await probe;
    await assert.rejects(other, /daily request limit/);
    budget.settle(answer(200, 100, 99));
    now += 1000; // the gate is open again: the next request goes at the paced rate
    await budget.acquire('prompt');
    assert.equal(budget.grantedCount, 3);
  });

  it('paces headerless answers at the ceiling (9 per second without one)', async () => {
    let now = 0;
    const budget = new RequestBudget({ ceilingPerSecond: 2, now: () => now });
    await budget.acquire('prompt');
    budget.settle({ status: 200, headers: new Headers(), bodyText: '' });
    const next = budget.acquire('prompt');
    let granted = false;
    void next.then(() => (granted = true));
    await settled(20);
    assert.equal(granted, false, 'the second waits 500 ms');
    now = 500;
    await next;
    assert.equal(budget.ceilingPerSecond, 2);
  });

  it("counts its own request in HubSpot's window until an interval after its answer, however late it arrived", () => {
    // HubSpot counts a request from its arrival, which may be long after the grant (event-loop lag, connection
    // set-up) but is never after the answer. 2 per 1 s, reserve 0: the first request is granted at 0 and answered at
    // 300 (it may have arrived at 290), the second fills the window; the third must wait for 300 + 1000, not 0 + 1000.
    const ledger = new CreditLedger(0, Infinity);
    const view = (remaining: number) => ({ max: 2, remaining, intervalMs: 1000 });
    /** The first time from `t` on at which the ledger grants the next request (epoch ms). */
    const slotFrom = (t: number): number => {
      for (let at = ledger.nextSlotAt(t)!; at > t; at = ledger.nextSlotAt(t)!) t = at;
      return t;
    };
    ledger.grant(slotFrom(0));
    ledger.settle(300, { status: 200, view: view(1), policy: undefined });
    const second = slotFrom(300);
    ledger.grant(second);
    ledger.settle(second + 10, { status: 200, view: view(0), policy: undefined });
    const third = slotFrom(second + 10);
    assert.ok(third > 1300, `the third request waits until the first's answer is an interval old: ${third}`);
  });

  it('is off with Infinity and refuses a ceiling of 0 or a reserve above 0.5', async () => {
    const budget = new RequestBudget({ ceilingPerSecond: Infinity });
    await Promise.all(Array.from({ length: 1000 }, () => budget.acquire('background')));
    assert.equal(budget.grantedCount, 1000);
    assert.throws(() => new RequestBudget({ ceilingPerSecond: 0 }), /ceilingPerSecond must be above 0/);
    assert.throws(() => new RequestBudget({ reserve: 0.6 }), /reserve must be from 0 to 0.5, got 0.6/);
  });
});
