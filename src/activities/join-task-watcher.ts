/**
 * `joinTaskWatcher`: registers a wait's task with a shared watcher of the activity's task queue, starting the
 * watcher if none runs (one signal-with-start through the worker's client, `Context.current().client`). Above
 * `TASKS_PER_WATCHER` waits on the queue (counted with `countWaits`) the waits are spread over several watchers by
 * their workflow ids; the wait leaves the watcher whose id this returns.
 */
import { invalidInput } from '../common/invalid-input';
import {
  TASK_WATCHER_SIGNALS,
  TASK_WATCHER_WORKFLOW,
  taskWatcherWorkflowId,
  watcherShard,
  type JoinTaskWatcherInput,
} from '../common/task-watcher';
import { currentContext, logDebug } from './activity-context';
import { pollerRun } from './cancellation-check';
import type { ResolvedDeps } from './deps';

/** Builds `joinTaskWatcher({ task })`. Fails with `InvalidInput` outside a worker (it needs the worker's client). */
export function makeJoinTaskWatcher(deps: Pick<ResolvedDeps, 'countWaits'>) {
  return async function joinTaskWatcher(input: JoinTaskWatcherInput): Promise<{ watcherWorkflowId: string }> {
    if (input === null || typeof input !== 'object' || typeof input.task?.waitWorkflowId !== 'string') {
      throw invalidInput('task', input?.task, 'must be a watched task with its waitWorkflowId');
    }
    const ctx = currentContext();
    const run = ctx ? pollerRun(ctx) : undefined;
    if (!ctx || !run) throw invalidInput('context', 'none', 'joinTaskWatcher runs only in a worker with a client');
    const waits = await deps.countWaits(ctx).catch((err: unknown) => {
      logDebug('counting the waits on the task queue failed; joining the first watcher', { error: String(err) });
      return 0;
    });
    const shard = watcherShard(input.task.waitWorkflowId, waits);
    const workflowId = taskWatcherWorkflowId(ctx.info.taskQueue, shard);
    await run.client.workflow.signalWithStart(TASK_WATCHER_WORKFLOW, {
      workflowId,
      taskQueue: ctx.info.taskQueue,
      args: [{}],
      signal: TASK_WATCHER_SIGNALS.watch,
      signalArgs: [input.task],
      staticSummary: `Shared HubSpot task watcher of task queue ${ctx.info.taskQueue}${shard ? ` (shard ${shard})` : ''}`,
    });
    return { watcherWorkflowId: workflowId };
  };
}
