/**
 * How a `laterPhase: 'shared'` wait's retry-phase poller learns whether its task queue is crowded enough to share the
 * watcher: it counts the waits under way on the queue. The default, {@link visibilityWaitCount}, is one visibility
 * count through the worker's own client (`Context.current().client`): a `CountWorkflowExecutions`, which is not a
 * Temporal Cloud action.
 */
import type { Context } from '@temporalio/activity';
import { pollerRun } from './cancellation-check';

/** Resolves the number of waits under way on the activity's task queue; a rejection counts as none. */
export type WaitCount = (ctx: Context) => Promise<number>;

/** How long the count of {@link visibilityWaitCount} may take, in milliseconds (default 2,000). */
export const WAIT_COUNT_TIMEOUT_MS = 2_000;

/**
 * The default {@link WaitCount}: the running waits (`awaitFolderUpdate` and `awaitHubSpotTask` workflows, whether in
 * their early window or later) of the activity's task queue, by Temporal's own search attributes, so that it counts
 * on any namespace. Outside a worker (a `MockActivityEnvironment` without a client) it counts none. Visibility is
 * eventually consistent: a wait that has just started may be counted a moment later.
 */
export const visibilityWaitCount: WaitCount = async (ctx) => {
  const run = pollerRun(ctx);
  if (!run) return 0;
  const { client } = run;
  const { count } = await client.withDeadline(Date.now() + WAIT_COUNT_TIMEOUT_MS, () =>
    client.workflow.count(waitsQuery(ctx.info.taskQueue)),
  );
  return count;
};

/** How long one worker reuses a count of its task queue's waits, in milliseconds (default 5,000). */
export const WAIT_COUNT_REUSE_MS = 5_000;

/**
 * `count`, asked at most once per {@link WAIT_COUNT_REUSE_MS} per task queue by this worker: every poll and join of the
 * worker's `'shared'` waits within that time shares one answer (one request in flight), so that 10,000 waits leaving
 * their early windows at once cost the server a handful of counts, not 10,000. A failed count is not reused.
 *
 * @param now - the clock, in epoch milliseconds.
 */
export function reusedWaitCount(count: WaitCount, now: () => number): WaitCount {
  const last = new Map<string, { atMs: number; answer: Promise<number> }>();
  return (ctx) => {
    const queue = ctx.info.taskQueue;
    const known = last.get(queue);
    if (known && now() - known.atMs < WAIT_COUNT_REUSE_MS) return known.answer;
    const answer = count(ctx);
    last.set(queue, { atMs: now(), answer });
    answer.catch(() => {
      if (last.get(queue)?.answer === answer) last.delete(queue);
    });
    return answer;
  };
}

/** The workflow types that wait on a task (each start-and-wait workflow waits in an `awaitHubSpotTask` child). */
export const WAIT_WORKFLOW_TYPES = ['awaitFolderUpdate', 'awaitHubSpotTask'] as const;

/** The visibility query of the waits under way on `taskQueue`. */
export function waitsQuery(taskQueue: string): string {
  const quoted = `'${taskQueue.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const types = WAIT_WORKFLOW_TYPES.map((t) => `'${t}'`).join(', ');
  return `TaskQueue = ${quoted} AND ExecutionStatus = 'Running' AND WorkflowType IN (${types})`;
}
