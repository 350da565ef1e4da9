import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxInWindow } from '../../src/simulator/request-stats';

describe('maxInWindow', () => {
  it('counts the densest half-open window over unsorted times', () => {
    assert.equal(maxInWindow([], 1_000), 0);
    assert.equal(maxInWindow([5], 1_000), 1);
    assert.equal(maxInWindow([0, 2_500, 1_000, 500, 999, 2_000], 1_000), 3);
    assert.equal(maxInWindow([0, 1_000, 2_000], 1_000), 1, 'a request exactly windowMs later is in the next window');
    assert.equal(maxInWindow([0, 1_000, 2_000], 1_001), 2);
  });

  it('rejects a non-positive window', () => {
    assert.throws(() => maxInWindow([1], 0), /windowMs \[0\]/);
  });
});
