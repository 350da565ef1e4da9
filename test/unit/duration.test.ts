import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationMs } from '../../src/common/duration';

describe('durationMs', () => {
  it('reads duration strings as Temporal does, and numbers as milliseconds', () => {
    assert.equal(durationMs('2s'), 2000);
    assert.equal(durationMs('1.5m'), 90_000);
    assert.equal(durationMs('1 h'), 3_600_000);
    assert.equal(durationMs('24h'), 86_400_000);
    assert.equal(durationMs('0'), 0);
    assert.equal(durationMs('-1s'), -1000);
    assert.equal(durationMs(250), 250);
  });

  it('rejects what is not a duration, naming the value', () => {
    assert.throws(() => durationMs('soon' as never), /Invalid duration string: 'soon'/);
    assert.throws(() => durationMs('' as never), /Invalid duration string: ''/);
  });
});
