/**
 * A worker shutdown, told apart from a cancellation: when a worker leaves (SIGTERM, `Worker.shutdown()`), the SDK
 * cancels its running activities with a `CancelledFailure` whose message is `WORKER_SHUTDOWN`. A HubSpot request
 * already sent is then let finish (bounded by the request timeout) rather than aborted: HubSpot may have served it,
 * and an answer dropped on the floor is a read (or a POST) made again by the attempt that runs on another worker.
 */
import { CancelledFailure } from '@temporalio/common';

/** The SDK's cancellation message when the activity's worker shuts down. */
const WORKER_SHUTDOWN = 'WORKER_SHUTDOWN';

/** Whether `signal` was aborted because the activity's worker is shutting down. */
export function abortedForWorkerShutdown(signal: AbortSignal | undefined): boolean {
  return (
    signal?.aborted === true && signal.reason instanceof CancelledFailure && signal.reason.message === WORKER_SHUTDOWN
  );
}

/**
 * The signal a request in flight follows: `signal`'s abort, except one for a worker shutdown. Call `release()` once
 * the request is over, so that a long-lived activity signal does not gather listeners.
 */
export function unlessWorkerShutdown(signal: AbortSignal): { signal: AbortSignal; release: () => void } {
  const inFlight = new AbortController();
  const pass = (): void => {
    if (!abortedForWorkerShutdown(signal)) inFlight.abort(signal.reason);
  };
  if (signal.aborted) pass();
  else signal.addEventListener('abort', pass, { once: true });
  return { signal: inFlight.signal, release: () => signal.removeEventListener('abort', pass) };
}
