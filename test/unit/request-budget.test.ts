/**
 * The process's request budget: spacing, the rolling-window cap, priorities and aborts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestBudget } from '../../src/activities/request-budget';

describe('RequestBudget', () => {
  it('spaces requests 1/rate apart, without a burst at the start', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 50 });
    const times: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 11 }, () => budget.acquire('prompt').then(() => times.push(Date.now() - t0))),
    );
    // 11 grants at 20 ms spacing take at least 200 ms.
    assert.ok(times[10]! >= 195, `last grant after ${times[10]} ms`);
    assert.equal(budget.grantedCount, 11);
  });

  it('keeps every rolling window at its share', async () => {
    let now = 0;
    const budget = new RequestBudget({ requestsPerSecond: 1000, windowMs: 100, now: () => now });
    assert.equal(budget.perWindow, 100);
    // With a frozen clock only the first request may go; the rest wait for time to pass.
    const granted: number[] = [];
    const all = Array.from({ length: 150 }, (_, i) => budget.acquire('prompt').then(() => granted.push(i)));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(granted.length, 1);
    for (let step = 0; step < 400 && granted.length < 150; step++) {
      now += 1;
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(all);
    assert.equal(granted.length, 150);
  });

  it('serves prompt requests before background ones', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 20 });
    const order: string[] = [];
    const waits = [
      budget.acquire('background').then(() => order.push('b1')),
      budget.acquire('background').then(() => order.push('b2')),
      budget.acquire('background').then(() => order.push('b3')),
      budget.acquire('prompt').then(() => order.push('p1')),
    ];
    await Promise.all(waits);
    // b1 goes at once; p1 overtakes b2 and b3.
    assert.deepEqual(order, ['b1', 'p1', 'b2', 'b3']);
  });

  it('lets an aborted waiter leave the queue without using the budget', async () => {
    const budget = new RequestBudget({ requestsPerSecond: 5 });
    await budget.acquire('prompt');
    const controller = new AbortController();
    const waiting = budget.acquire('background', controller.signal);
    controller.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    assert.equal(budget.waiting, 0);
    assert.equal(budget.grantedCount, 1);
  });

  it('is off with Infinity and refuses a rate of 0', async () => {
    const budget = new RequestBudget({ requestsPerSecond: Infinity });
    await Promise.all(Array.from({ length: 1000 }, () => budget.acquire('background')));
    assert.equal(budget.grantedCount, 1000);
    assert.throws(() => new RequestBudget({ requestsPerSecond: 0 }), /requestsPerSecond must be above 0/);
  });
});
