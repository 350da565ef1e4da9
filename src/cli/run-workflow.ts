/**
 * Saying how a command reached its workflow (the client helpers start or attach to it, see src/client/), and waiting
 * for its result with live progress.
 */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Attachment } from '../client/start-or-attach';
import type { CliIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { formatDuration } from './format';
import { ProgressLine } from './progress-line';

export type { Attachment } from '../client/start-or-attach';

/** Says on stderr how the command reached its workflow, and where the Web UI shows it. */
export function announce(io: CliIo, workflowId: string, attachment: Attachment, url?: string): void {
  const verb = {
    started: 'Started',
    attached: 'Attached to running',
    'finished-before': 'Already completed:',
  }[attachment];
  io.stderr.write(`${verb} workflow ${workflowId}\n`);
  if (url) io.stderr.write(`Web UI: ${url}\n`);
}

/** The outcome of waiting: the result, the workflow's failure, or an interruption. */
export type Waited<R> =
  { kind: 'result'; value: R } | { kind: 'failed'; error: WorkflowFailedError } | { kind: 'interrupted' };

/**
 * Waits for the result, showing `describe()`'s text every `everyMs` (default 1,000) on stderr (see `ProgressLine` for
 * what `key` does when piped), until the workflow
 * ends or `io.signal` aborts (then the workflow keeps running, and re-running the command re-attaches).
 */
export async function waitWithProgress<R>(
  handle: WorkflowHandle,
  io: CliIo,
  describe: (elapsedMs: number) => Promise<{ text: string; key: string } | undefined>,
  everyMs = 1000,
): Promise<Waited<R>> {
  const line = new ProgressLine(io.stderr);
  const startedAt = Date.now();
  let stop = false;
  const ticker = (async () => {
    while (!stop) {
      const shown = await describe(Date.now() - startedAt).catch(() => undefined);
      if (shown && !stop) line.update(shown.text, shown.key);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  const interrupted = new Promise<Waited<R>>((resolve) => {
    if (io.signal?.aborted) resolve({ kind: 'interrupted' });
    io.signal?.addEventListener('abort', () => resolve({ kind: 'interrupted' }), { once: true });
  });
  // The long-poll is cancelled on interruption, before the session closes: a call still pending when the channel
  // shuts down would be retried by the client after the close, and throw from a timer.
  const signal = io.signal;
  const result = signal ? handle.client.withAbortSignal(signal, () => handle.result()) : handle.result();
  const outcome = result.then(
    (value): Waited<R> => ({ kind: 'result', value: value as R }),
    (error: unknown): Waited<R> => {
      if (error instanceof WorkflowFailedError) return { kind: 'failed', error };
      throw error;
    },
  );
  // After an interruption the cancelled long-poll rejects; that is expected.
  outcome.catch(() => undefined);
  try {
    return await Promise.race([outcome, interrupted]);
  } finally {
    stop = true;
    await ticker;
    line.done();
    if (io.signal?.aborted) {
      io.stderr.write(
        `Interrupted after ${formatDuration(Date.now() - startedAt)}; workflow ${handle.workflowId} keeps its place. ` +
          'Run the same command again to re-attach.\n',
      );
    }
  }
}

/** The exit code of an interruption. */
export const INTERRUPTED = ExitCode.Interrupted;
