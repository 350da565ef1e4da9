/**
 * The `awaitFolderUpdate` workflow: polls a HubSpot folder-update task with capped exponential backoff until it is
 * COMPLETE or CANCELED, or the timeout passes, and continues as new to keep its history small.
 */
import type { ApplicationFailure } from '@temporalio/workflow';
import {
  ActivityFailure,
  continueAsNew,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { HubSpotActivities } from '../activities';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { invalidInput } from '../common/invalid-input';
import { MIN_POLL_WINDOW_MS, STATUS_ACTIVITY_OPTIONS } from './activity-options';
import { settle, timedOut, type FolderUpdateResult } from './outcome';
import { decideNextPoll } from './poll-decision';
import { isNonRetryableActivityFailure, sameTypedFailure } from './typed-failure';
import { validateAwaitInput, type AwaitFolderUpdateInput, type PollContinuation } from './poll-options';

/** What the `getStatus` query returns. Times are ISO date-times in workflow time. */
export interface FolderUpdateProgress {
  taskId: string;
  /** The last status read, if any. */
  lastStatus?: FolderUpdateStatus;
  /** Status responses read so far, over all runs. */
  polls: number;
  lastPolledAt?: string;
  /** When the next poll is due, while the workflow sleeps. */
  nextPollAt?: string;
}

/** Query `getStatus`: the progress of an `awaitFolderUpdate` workflow. */
export const getStatusQuery = defineQuery<FolderUpdateProgress>('getStatus');

/** Polls per run before the workflow continues as new; at about 11 history events a poll, about 1,100 events. */
export const MAX_POLLS_PER_RUN = 100;

/** Checks the internal continue-as-new state, so that a hand-made one fails clearly. */
function checkContinuation(c: PollContinuation | undefined): void {
  if (c === undefined) return;
  if (!Number.isSafeInteger(c.polls) || c.polls < 0)
    throw invalidInput('continuation.polls', c.polls, 'must be a whole number');
  if (!Number.isFinite(c.deadlineMs)) throw invalidInput('continuation.deadlineMs', c.deadlineMs, 'must be epoch ms');
}

/**
 * Waits for a HubSpot folder-update task to finish.
 *
 * @returns the COMPLETE status as a {@link FolderUpdateResult}.
 * @throws `InvalidInput` before any HTTP call for bad input; `FolderUpdateCompletedWithErrors`, `FolderUpdateCanceled`
 *   or `FolderUpdateTimedOut` with the last status as `details[0]`; or a non-retryable activity failure's own type
 *   (`HubSpotUnauthorized`, `HubSpotForbidden`, `FolderUpdateTaskNotFound`, …).
 */
export async function awaitFolderUpdate(input: AwaitFolderUpdateInput): Promise<FolderUpdateResult> {
  const { taskId, options } = validateAwaitInput(input);
  const maxPollsPerRun = input.maxPollsPerRun ?? MAX_POLLS_PER_RUN;
  if (!Number.isSafeInteger(maxPollsPerRun) || maxPollsPerRun < 1) {
    throw invalidInput('maxPollsPerRun', maxPollsPerRun, 'must be a whole number of at least 1');
  }
  checkContinuation(input.continuation);

  let polls = input.continuation?.polls ?? 0;
  const deadlineMs = input.continuation?.deadlineMs ?? Date.now() + options.timeoutMs;
  let lastStatus = input.continuation?.lastStatus;
  let lastPolledAtMs = input.continuation?.lastPolledAtMs;
  let nextPollAtMs: number | undefined;

  setHandler(getStatusQuery, () => ({
    taskId,
    polls,
    ...(lastStatus ? { lastStatus } : {}),
    ...(lastPolledAtMs !== undefined ? { lastPolledAt: new Date(lastPolledAtMs).toISOString() } : {}),
    ...(nextPollAtMs !== undefined ? { nextPollAt: new Date(nextPollAtMs).toISOString() } : {}),
  }));

  for (let pollsThisRun = 0; ; pollsThisRun++) {
    if (pollsThisRun >= maxPollsPerRun || workflowInfo().continueAsNewSuggested) {
      const continuation: PollContinuation = { polls, deadlineMs };
      if (lastStatus) continuation.lastStatus = lastStatus;
      if (lastPolledAtMs !== undefined) continuation.lastPolledAtMs = lastPolledAtMs;
      return await continueAsNew<typeof awaitFolderUpdate>({ ...input, continuation });
    }

    const { getFolderUpdateStatus } = proxyActivities<HubSpotActivities>({
      ...STATUS_ACTIVITY_OPTIONS,
      scheduleToCloseTimeout: Math.max(deadlineMs - Date.now(), MIN_POLL_WINDOW_MS),
    });
    let status: FolderUpdateStatus;
    try {
      status = await getFolderUpdateStatus(taskId);
    } catch (err) {
      throw workflowFailureFor(err, (lastError) => timedOut(taskId, lastStatus, polls, options.timeoutMs, lastError));
    }
    polls++;
    lastStatus = status;
    lastPolledAtMs = Date.now();

    const decision = decideNextPoll({ status, polls, nowMs: lastPolledAtMs, deadlineMs }, options, Math.random);
    if (decision.kind === 'finish') return settle(status, polls, options.allowErrors);
    if (decision.kind === 'timeout') throw timedOut(taskId, lastStatus, polls, options.timeoutMs);
    nextPollAtMs = lastPolledAtMs + decision.ms;
    await sleep(decision.ms);
    nextPollAtMs = undefined;
  }
}

/**
 * The workflow failure for a failed poll: a non-retryable activity failure keeps its type (see `typed-failure.ts`).
 * A poll can only fail otherwise when its retries ran out of the schedule-to-close window, which ends at the deadline:
 * that is `FolderUpdateTimedOut`, naming HubSpot's last error. Cancellation passes through.
 */
function workflowFailureFor(err: unknown, onDeadline: (lastError: string) => ApplicationFailure): unknown {
  if (!(err instanceof ActivityFailure) || isCancellation(err)) return err;
  if (isNonRetryableActivityFailure(err)) return sameTypedFailure(err);
  return onDeadline(err.cause?.message ?? err.message);
}
