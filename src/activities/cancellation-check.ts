/**
 * How the early-window poller learns, between two polls, that its wait is over, without waiting for a heartbeat
 * answer. Temporal delivers an activity's cancellation only in the answer to a heartbeat, and the poller heartbeats
 * once per 0.8 × its heartbeat timeout (48 s by default), so a poller told only that way keeps polling HubSpot for up
 * to 48 s after its workflow was cancelled.
 *
 * {@link describeCancellationCheck} asks the server before each in-window read (after the first): one
 * `DescribeWorkflowExecution` through the worker's own client (`Context.current().client`); the default check
 * (`close-watch.ts`) long-polls the run's close event instead and describes only where it cannot. A describe is not a Temporal Cloud action, so the check
 * costs nothing billed; it is one frontend request per poll (counted against the namespace's request rate, not its
 * action rate), a few milliseconds on a nearby server. See "Cancellation" in the README for the designs measured.
 */
import type { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { FailureTypes } from '../common/failure-types';
import { logDebug } from './activity-context';

/**
 * Resolves true when the poller should stop: its workflow run is no longer running, or its own activity's
 * cancellation was requested. Called between polls; a rejection counts as "keep polling". `done` aborts when the
 * poller's attempt ends, so that a check may keep state for it (see `close-watch.ts`).
 */
export type CancellationCheck = (ctx: Context, done?: AbortSignal) => Promise<boolean>;

/** How long the describe of {@link describeCancellationCheck} may take, in milliseconds (default 2,000). */
export const CANCELLATION_CHECK_TIMEOUT_MS = 2_000;

/** `temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING`. */
const WORKFLOW_EXECUTION_RUNNING = 1;
/** `temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED`. */
const PENDING_ACTIVITY_CANCEL_REQUESTED = 3;

/**
 * The default {@link CancellationCheck}: describes the activity's workflow run with the worker's client. Stops when
 * the run is closed (cancelled, terminated, timed out, …) or lists this activity as cancel-requested. Outside a worker
 * (a `MockActivityEnvironment` without a client) or outside a workflow it never stops.
 *
 * It sends the raw `DescribeWorkflowExecution` through `client.workflowService` and reads two fields of the answer,
 * instead of `handle.describe()`, which also decodes the memo, the search attributes and every pending activity's
 * payloads: the check runs before every in-window read, and that decoding was most of its CPU on the worker.
 */
export const describeCancellationCheck: CancellationCheck = async (ctx) => {
  const run = pollerRun(ctx);
  if (!run) return false;
  const { client, execution } = run;
  const { activityId } = ctx.info;
  const described = await client.withDeadline(Date.now() + CANCELLATION_CHECK_TIMEOUT_MS, () =>
    client.workflowService.describeWorkflowExecution({ namespace: ctx.info.namespace, execution }),
  );
  if (Number(described.workflowExecutionInfo?.status) !== WORKFLOW_EXECUTION_RUNNING) return true;
  const pending = described.pendingActivities?.find((a) => a.activityId === activityId);
  return Number(pending?.state) === PENDING_ACTIVITY_CANCEL_REQUESTED;
};

/** The worker's client and the poller's workflow run, or undefined when the activity context has no client or run. */
export function pollerRun(
  ctx: Context,
): { client: Context['client']; execution: NonNullable<Context['info']['workflowExecution']> } | undefined {
  let client: Context['client'];
  try {
    client = ctx.client;
  } catch {
    return undefined;
  }
  const execution = ctx.info.workflowExecution;
  return execution ? { client, execution } : undefined;
}

/** Runs `check`, treating a failed check (server unreachable, no permission to describe) as "keep polling". */
export async function waitWasCancelled(ctx: Context, check: CancellationCheck, done?: AbortSignal): Promise<boolean> {
  try {
    return await check(ctx, done);
  } catch (err) {
    logDebug('cancellation check failed; polling on', { error: String(err) });
    return false;
  }
}

/** The failure the poller ends with when the check stops it: benign (logged at debug) and not retried. */
export function pollerStopped(taskId: string, polls: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.FolderUpdateWaitCancelled,
    message: `the wait for task ${taskId} was cancelled or closed; the early-window poller stopped after ${polls} polls`,
    nonRetryable: true,
    category: ApplicationFailureCategory.BENIGN,
  });
}
