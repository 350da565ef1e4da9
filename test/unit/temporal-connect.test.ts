import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectTemporal, TemporalConnectError } from '../../src/temporal-connect';

describe('connectTemporal', () => {
  it('returns the connection when connecting works', async () => {
    const connection = { id: 'c' };
    assert.equal(await connectTemporal('localhost:7233', () => Promise.resolve(connection)), connection);
  });

  it('names the address, the cause and what to check when connecting fails', async () => {
    const cause = new Error('Failed to connect before the deadline');
    await assert.rejects(
      connectTemporal('temporal.internal:7233', () => Promise.reject(cause)),
      (err: unknown) => {
        assert.ok(err instanceof TemporalConnectError);
        assert.equal(err.address, 'temporal.internal:7233');
        assert.equal(err.cause, cause);
        assert.match(
          err.message,
          /^Could not connect to Temporal at temporal\.internal:7233: Failed to connect before the deadline\. /,
        );
        assert.match(err.message, /running there.*TEMPORAL_ADDRESS \(or --address\).*TLS/);
        return true;
      },
    );
  });
});
