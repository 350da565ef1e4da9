/**
 * Starting a workflow or attaching to it, and waiting for its result with live progress.
 *
 * A workflow id is derived from what it works on, so that re-running a command attaches to the same workflow: a
 * running one is attached to, a completed one is read back, and a failed, canceled or terminated one is started anew.
 */
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { SearchAttributePair, Workflow } from '@temporalio/common';
import type { CliIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { formatDuration } from './format';
import { ProgressLine } from './progress-line';

/** How a command got hold of its workflow. */
export type Attachment = 'started' | 'attached' | 'finished-before';

/** Starts `workflowId` unless it runs or has completed; returns its handle and how it was reached. */
export async function startOrAttach<W extends Workflow>(
  client: Client,
  workflow: W,
  options: {
    workflowId: string;
    taskQueue: string;
    args: Parameters<W>;
    /** What the Web UI shows: one line naming the task or folder, and markdown of the inputs. */
    staticSummary?: string;
    staticDetails?: string;
    /** Set only when the namespace has them (see `search-attributes-check.ts`). */
    typedSearchAttributes?: SearchAttributePair[];
  },
): Promise<{ handle: WorkflowHandle<W>; attachment: Attachment }> {
  const existing = client.workflow.getHandle<W>(options.workflowId);
  const status = await existing.describe().then(
    (d) => d.status.name,
    () => undefined,
  );
  if (status === 'RUNNING') return { handle: existing, attachment: 'attached' };
  if (status === 'COMPLETED') return { handle: existing, attachment: 'finished-before' };
  const handle = await client.workflow.start(workflow, {
    ...options,
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  } as Parameters<Client['workflow']['start']>[1]);
  return { handle: handle as WorkflowHandle<W>, attachment: 'started' };
}

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
