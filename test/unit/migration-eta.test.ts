import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateRemainingMs } from '../../src/workflows/migration/migration-eta';

describe('estimateRemainingMs', () => {
  it('is undefined before the first folder finishes', () => {
    const eta = estimateRemainingMs({
      durations: { count: 0, totalMs: 0 },
      queued: 5,
      runningAgesMs: [],
      concurrency: 2,
    });
    assert.equal(eta, undefined);
  });

  it('shares the waiting and running work over the lanes', () => {
    // mean 60 s; 10 waiting = 600 s, running 20 s and 70 s old = 40 s + 0 s left; 4 lanes → 160 s.
    const eta = estimateRemainingMs({
      durations: { count: 3, totalMs: 180_000 },
      queued: 10,
      runningAgesMs: [20_000, 70_000],
      concurrency: 4,
    });
    assert.equal(eta, 160_000);
  });

  it('with nothing waiting, is the longest time left of a running folder', () => {
    const eta = estimateRemainingMs({
      durations: { count: 2, totalMs: 100_000 },
      queued: 0,
      runningAgesMs: [10_000, 45_000],
      concurrency: 5,
    });
    assert.equal(eta, 40_000);
    assert.equal(
      estimateRemainingMs({ durations: { count: 2, totalMs: 100_000 }, queued: 0, runningAgesMs: [], concurrency: 5 }),
      0,
    );
  });
});
