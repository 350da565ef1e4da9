/**
 * Waiting for many workflows in tests and the bench: how each ended (a result, a failure's type, or 'stuck'), a
 * condition to hold, and a map with bounded concurrency.
 */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** How one workflow ended: its result, or its failure's type. */
export type Ending = { ok: true; value: unknown } | { ok: false; type: string; message: string };

/** The ending of a workflow, or 'stuck' if it has not ended within `timeoutMs` milliseconds. */
export async function endingOf(handle: WorkflowHandle, timeoutMs: number): Promise<Ending | 'stuck'> {
  const timeout = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), timeoutMs).unref());
  const ending = handle.result().then(
    (value): Ending => ({ ok: true, value }),
    (err: unknown): Ending => {
      let failure: unknown = err instanceof WorkflowFailedError ? err.cause : err;
      while (failure instanceof Error && !(failure instanceof ApplicationFailure) && failure.cause)
        failure = failure.cause;
      return {
        ok: false,
        type:
          failure instanceof ApplicationFailure
            ? (failure.type ?? 'ApplicationFailure')
            : String((failure as Error)?.name),
        message: (failure as Error)?.message ?? String(failure),
      };
    },
  );
  return Promise.race([ending, timeout]);
}

/** Waits until `check()` holds, polling every 100 ms; throws after `timeoutMs` (default 120 s) naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight, keeping the order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await fn(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
