import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RollingRateLimiter } from '../../src/simulator/rate-limiter';

function limiterAt(start: number, max: number, intervalMs?: number) {
  const clock = { now: start };
  const limiter = new RollingRateLimiter({ max, intervalMs, now: () => clock.now });
  return { clock, limiter };
}

describe('RollingRateLimiter', () => {
  it('admits max requests per window, then rejects with the time until a slot frees', () => {
    const { clock, limiter } = limiterAt(1_000, 3, 1_000);
    assert.deepEqual(limiter.tryAcquire(), { allowed: true, max: 3, intervalMs: 1_000, remaining: 2, retryAfterMs: 0 });
    clock.now = 1_200;
    assert.equal(limiter.tryAcquire().remaining, 1);
    clock.now = 1_400;
    assert.equal(limiter.tryAcquire().remaining, 0);
    clock.now = 1_500;
    assert.deepEqual(limiter.tryAcquire(), {
      allowed: false,
      max: 3,
      intervalMs: 1_000,
      remaining: 0,
      retryAfterMs: 500,
    });
  });

  it('frees a slot exactly intervalMs after the oldest admitted request (rolling, not fixed buckets)', () => {
    const { clock, limiter } = limiterAt(0, 2, 1_000);
    limiter.tryAcquire();
    clock.now = 600;
    limiter.tryAcquire();
    clock.now = 999;
    assert.equal(limiter.tryAcquire().allowed, false);
    clock.now = 1_000;
    assert.equal(limiter.tryAcquire().allowed, true);
    assert.equal(limiter.tryAcquire().retryAfterMs, 600, 'the next slot frees when the request at 600 leaves');
  });

  it('does not count rejected requests', () => {
    const { clock, limiter } = limiterAt(0, 1, 1_000);
    limiter.tryAcquire();
    for (let i = 0; i < 5; i += 1) {
      clock.now += 100;
      assert.equal(limiter.tryAcquire().allowed, false);
    }
    clock.now = 1_000;
    assert.equal(limiter.tryAcquire().allowed, true);
  });

  it('peek reports without counting, and reset empties the window', () => {
    const { limiter } = limiterAt(0, 1);
    assert.equal(limiter.peek().remaining, 1);
    assert.equal(limiter.peek().remaining, 1);
    limiter.tryAcquire();
    assert.equal(limiter.peek().allowed, false);
    limiter.reset();
    assert.equal(limiter.peek().remaining, 1);
  });

  it('defaults the window to 10 s and validates its options by name and value', () => {
    assert.equal(new RollingRateLimiter({ max: 1 }).intervalMs, 10_000);
    assert.throws(() => new RollingRateLimiter({ max: 0 }), /rateLimit\.max \[0\]/);
    assert.throws(() => new RollingRateLimiter({ max: 1.5 }), /rateLimit\.max \[1\.5\]/);
    assert.throws(() => new RollingRateLimiter({ max: 1, intervalMs: -1 }), /rateLimit\.intervalMs \[-1\]/);
  });
});
