/**
 * Connecting to Temporal with an error that says where and what to check. The SDK's own error after its 10 s
 * deadline ("Failed to connect before the deadline") names no address.
 */

/** A connection to the Temporal frontend failed; the message names the address and what to check. */
export class TemporalConnectError extends Error {
  override name = 'TemporalConnectError';

  constructor(
    /** The `host:port` the connection tried. */
    readonly address: string,
    cause: unknown,
  ) {
    super(
      `Could not connect to Temporal at ${address}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check that a Temporal server is running there, that TEMPORAL_ADDRESS (or --address) names it, and whether ' +
        'it needs TLS or an API key (TEMPORAL_TLS, TEMPORAL_API_KEY).',
      { cause },
    );
  }
}

/**
 * Runs `connect` (say, `() => NativeConnection.connect({ address })`) and returns its connection; when it fails, throws
 * a {@link TemporalConnectError} naming `address`.
 */
export async function connectTemporal<T>(address: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new TemporalConnectError(address, err);
  }
}
