/**
 * `joinTaskWatcher`: registers a wait's task with the shared watcher of the activity's task queue, starting the
 * watcher if none runs (one signal-with-start through the worker's client, `Context.current().client`).
 */
import { invalidInput } from '../common/invalid-input';
import {
  TASK_WATCHER_SIGNALS,
  TASK_WATCHER_WORKFLOW,
  taskWatcherWorkflowId,
  type JoinTaskWatcherInput,
} from '../common/task-watcher';
import { currentContext } from './activity-context';
import { pollerRun } from './cancellation-check';

/** Builds `joinTaskWatcher({ task })`. Fails with `InvalidInput` outside a worker (it needs the worker's client). */
export function makeJoinTaskWatcher() {
  return async function joinTaskWatcher(input: JoinTaskWatcherInput): Promise<{ watcherWorkflowId: string }> {
    if (input === null || typeof input !== 'object' || typeof input.task?.waitWorkflowId !== 'string') {
      throw invalidInput('task', input?.task, 'must be a watched task with its waitWorkflowId');
    }
    const ctx = currentContext();
    const run = ctx ? pollerRun(ctx) : undefined;
    if (!ctx || !run) throw invalidInput('context', 'none', 'joinTaskWatcher runs only in a worker with a client');
    const workflowId = taskWatcherWorkflowId(ctx.info.taskQueue);
    await run.client.workflow.signalWithStart(TASK_WATCHER_WORKFLOW, {
      workflowId,
      taskQueue: ctx.info.taskQueue,
      args: [{}],
      signal: TASK_WATCHER_SIGNALS.watch,
      signalArgs: [input.task],
      staticSummary: `Shared HubSpot task watcher of task queue ${ctx.info.taskQueue}`,
    });
    return { watcherWorkflowId: workflowId };
  };
}
