/**
 * The activities' default `sleep`: Node's promise timer, which takes an abort signal.
 */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Sleeps `ms` milliseconds (none when 0 or less), or rejects with the signal's reason (the activity's
 * `CancelledFailure`) as soon as it aborts.
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw signal.reason;
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  }
}
