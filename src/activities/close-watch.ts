/**
 * The default cancellation check of the early-window poller: a long poll on its workflow run's close event, instead of
 * a `DescribeWorkflowExecution` before every read. One `GetWorkflowExecutionHistory` (`waitNewEvent`, the close-event
 * filter) stays open per poller; the server answers it as soon as the run closes (about 50 ms on the dev server), or
 * after its long-poll timeout (20 s by default) with a token to ask again. So the check before each read is a flag,
 * and a wait costs one call per 20 s instead of one per read (at a 2 s cadence, a tenth).
 *
 * It sees a closed run, not an activity cancellation inside a running one: `awaitFolderUpdate` cancels its poller by
 * closing (its activities are cancelled with TRY_CANCEL), and anything else still learns of it from the next
 * heartbeat answer. Where a watch cannot run, the describe check does the job: above {@link MAX_CLOSE_WATCHES} open
 * watches in the process (each is one concurrent long poll, which the server limits per namespace, with the workers'
 * own task-queue polls: `frontend.namespaceCount`, 1,200 by default), when a long poll fails, or when one comes back
 * empty too soon to be a long poll.
 */
import type { Context } from '@temporalio/activity';
import { temporal } from '@temporalio/proto';
import { logDebug } from './activity-context';
import { describeCancellationCheck, pollerRun, type CancellationCheck } from './cancellation-check';

/** Most close watches open at once in one worker process (default 100); pollers beyond it use the describe check. */
export const MAX_CLOSE_WATCHES = 100;

/** An empty answer sooner than this, in milliseconds, was no long poll: the watch gives up (describe check instead). */
const MIN_LONG_POLL_MS = 1_000;

const CLOSE_EVENT = temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;

/** One poller's watch: `closed` once the run's close event came; `failed` once the watch gave up. */
interface CloseWatch {
  closed: boolean;
  failed: boolean;
}

let openWatches = 0;
/** The watch of each poller attempt (its activity context), or null when it has none. */
const watches = new WeakMap<Context, CloseWatch | null>();

/** The number of close watches open in this process (for tests). */
export function openCloseWatches(): number {
  return openWatches;
}

/** Starts watching `ctx`'s workflow run for its close event, until `done` aborts; undefined when it cannot. */
function watchRunClose(ctx: Context, done: AbortSignal): CloseWatch | undefined {
  if (openWatches >= MAX_CLOSE_WATCHES) return undefined;
  const run = pollerRun(ctx);
  if (!run) return undefined;
  const { client, execution } = run;
  const { namespace } = ctx.info;
  const watch: CloseWatch = { closed: false, failed: false };
  openWatches++;
  void (async () => {
    let nextPageToken: Uint8Array | undefined;
    try {
      while (!done.aborted) {
        const askedAt = Date.now();
        const { history, nextPageToken: token } = await client.withAbortSignal(done, () =>
          client.workflowService.getWorkflowExecutionHistory({
            namespace,
            execution,
            waitNewEvent: true,
            historyEventFilterType: CLOSE_EVENT,
            skipArchival: true,
            ...(nextPageToken ? { nextPageToken } : {}),
          }),
        );
        if (history?.events?.length) {
          watch.closed = true;
          return;
        }
        if (Date.now() - askedAt < MIN_LONG_POLL_MS && !done.aborted)
          throw new Error('the long poll came back at once');
        nextPageToken = token?.length ? token : undefined;
      }
    } catch (err) {
      if (!done.aborted) {
        watch.failed = true;
        logDebug('close watch failed; describing before each read instead', { error: String(err) });
      }
    } finally {
      openWatches--;
    }
  })();
  return watch;
}

/**
 * The default {@link CancellationCheck}: the poller's close watch, started at its first check (which also describes,
 * as the watch's first long poll may not have reached the server yet); the describe check when there is no watch.
 */
export const closeWatchCancellationCheck: CancellationCheck = async (ctx, done) => {
  let watch = watches.get(ctx);
  if (watch === undefined && done) {
    watch = watchRunClose(ctx, done) ?? null;
    watches.set(ctx, watch);
    return describeCancellationCheck(ctx);
  }
  if (watch && !watch.failed) return watch.closed;
  return describeCancellationCheck(ctx);
};
