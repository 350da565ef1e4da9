import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../src/simulator/prng';

describe('mulberry32', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 20 }, () => a());
    assert.deepEqual(
      Array.from({ length: 20 }, () => b()),
      first,
    );
  });

  it('gives different sequences for different seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(2);
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => a()),
      Array.from({ length: 5 }, () => b()),
    );
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 10_000 }, () => random());
    assert.ok(values.every((value) => value >= 0 && value < 1));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean} should be near 0.5`);
  });
});
