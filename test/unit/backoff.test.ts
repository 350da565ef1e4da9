import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollDelayMs } from '../../src/common/backoff';

const options = { initialPollIntervalMs: 2000, maxPollIntervalMs: 60_000, backoffCoefficient: 1.5 };
const noJitter = (): number => 0;

describe('pollDelayMs', () => {
  it('grows by the coefficient from the initial interval', () => {
    const delays = [0, 1, 2, 3].map((n) => pollDelayMs(n, options, noJitter));
    assert.deepEqual(delays, [2000, 3000, 4500, 6750]);
  });

  it('is capped at maxPollInterval', () => {
    assert.equal(pollDelayMs(9, options, noJitter), 60_000);
    assert.equal(pollDelayMs(500, options, noJitter), 60_000);
  });

  it('only shortens with jitter, by at most 10%, so the cap holds', () => {
    assert.equal(
      pollDelayMs(0, options, () => 0.5),
      1900,
    );
    assert.equal(
      pollDelayMs(50, options, () => 0.999999),
      54_000,
    );
    for (let n = 0; n < 30; n++) assert.ok(pollDelayMs(n, options, Math.random) <= 60_000);
  });

  it('stays constant with a coefficient of 1', () => {
    const flat = { ...options, backoffCoefficient: 1 };
    assert.deepEqual(
      [0, 5, 50].map((n) => pollDelayMs(n, flat, noJitter)),
      [2000, 2000, 2000],
    );
  });

  it('is never below 1 ms', () => {
    assert.equal(
      pollDelayMs(0, { ...options, initialPollIntervalMs: 1 }, () => 0.99),
      1,
    );
  });
});
