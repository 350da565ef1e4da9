/**
 * The retry phase of `awaitFolderUpdate` (and of `awaitHubSpotTask`): the polls after the early window (all of them
 * when `earlyWindow` is 0) as the attempts of a `pollFolderUpdateUntilDone` (`pollHubSpotTaskUntilDone`) activity, retried by the server on the backoff schedule until a
 * terminal status, a status change, or the wait's deadline. No timer, no workflow task and no history event per poll:
 * each activity adds its scheduled, started and closed events, one activity per status seen (PENDING, PROCESSING,
 * the terminal one), so a wait of any length stays at a few dozen events. Workflow-safe.
 */
import { ApplicationFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';
import type { RetryPhaseProgress } from '../../activities';
import type { BackoffSchedule } from '../../common/backoff';
import { FailureTypes } from '../../common/failure-types';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';
import { RETRY_PHASE_DEADLINE_MARGIN_MS } from '../../common/poll-decision';
import { RETRY_PHASE_MAX_RATE_LIMIT_WAIT_MS, retryPhaseActivityOptions } from '../activity-options';
import type { TaskRead, TaskWaitActivities } from './task-activities';

/** Where the retry phase starts from. */
export interface RetryPhaseStart {
  taskId: string;
  schedule: BackoffSchedule;
  /** Status responses read before the phase. */
  pollsBefore: number;
  lastStatus?: HubSpotAsyncTaskStatus;
  /** The wait before the phase's first read, in milliseconds (0 = read at once). */
  firstDelayMs: number;
  /** When the wait gives up, in epoch milliseconds of workflow time. */
  deadlineMs: number;
  /** A `'shared'` wait's `sharedPhaseMinWaits`: the phase ends `crowded` once this many waits are under way. */
  sharedPhaseMinWaits?: number;
}

/**
 * Polls until a terminal or changed status (or, for a `'shared'` wait, a crowded task queue) in one retrying activity. `scheduleToCloseTimeout` is what is left of the wait (plus
 * the room of the last read); its
 * retry policy's `maximumInterval` covers the longest delay asked for (the schedule's cap, the first delay, a 429's
 * wait up to {@link RETRY_PHASE_MAX_RATE_LIMIT_WAIT_MS}).
 *
 * @throws the activity's failure; {@link pendingAtDeadline} tells when it ended at the deadline.
 */
export async function pollInRetryPhase<R>(
  start: RetryPhaseStart,
  activities: TaskWaitActivities<R>,
): Promise<TaskRead<R>> {
  const maxDelayMs = Math.max(start.schedule.maxPollIntervalMs, start.firstDelayMs, RETRY_PHASE_MAX_RATE_LIMIT_WAIT_MS);
  const options = {
    ...retryPhaseActivityOptions(maxDelayMs),
    summary: `Poll HubSpot task ${start.taskId} (poll ${start.pollsBefore + 1} on, an attempt a poll until it changes)`,
    // The activity cuts its last wait to end RETRY_PHASE_DEADLINE_MARGIN_MS before this: its last read is at the deadline.
    scheduleToCloseTimeout: Math.max(start.deadlineMs - Date.now(), 0) + RETRY_PHASE_DEADLINE_MARGIN_MS,
  };
  return activities.pollUntilDone(options, {
    taskId: start.taskId,
    schedule: start.schedule,
    pollsBefore: start.pollsBefore,
    ...(start.lastStatus ? { lastStatus: start.lastStatus } : {}),
    firstDelayMs: start.firstDelayMs,
    maxDelayMs,
    ...(start.sharedPhaseMinWaits !== undefined ? { sharedPhaseMinWaits: start.sharedPhaseMinWaits } : {}),
  });
}

/** How a retry phase that ran out of time ended: the progress its last attempt left. */
export interface PendingAtDeadline {
  progress?: RetryPhaseProgress;
  /** The last attempt's failure message, when it was not a status read (a 5xx, a network error). */
  lastError?: string;
}

/**
 * When `err` is the retry phase ending at the deadline, the progress its last attempt left; else undefined. It ends
 * so in three ways, all handled: the activity's own non-retryable `FolderUpdatePending` at the deadline; the server
 * ending the retries because the next delay would pass the schedule-to-close timeout (an `ActivityFailure`, retry
 * state TIMEOUT, caused by the last attempt's failure); or the schedule-to-close timeout itself (a `TimeoutFailure`
 * whose cause the server sets to the last attempt's failure).
 */
export function pendingAtDeadline(err: unknown): PendingAtDeadline | undefined {
  let timedOut = false;
  for (let f: unknown = err; f instanceof TemporalFailure; f = f.cause) {
    if (f instanceof TimeoutFailure) timedOut = true;
    if (!(f instanceof ApplicationFailure)) continue;
    if (f.type === FailureTypes.FolderUpdatePending) {
      const progress = progressOf(f.details?.[0]);
      return { ...(progress ? { progress } : {}), ...(progress?.lastError ? { lastError: progress.lastError } : {}) };
    }
    const progress = progressOf(f.details?.[1]);
    if (progress && (timedOut || !f.nonRetryable)) return { progress, lastError: f.message };
    return undefined;
  }
  return undefined;
}

function progressOf(details: unknown): RetryPhaseProgress | undefined {
  const p = details as Partial<RetryPhaseProgress> | undefined;
  return p && typeof p === 'object' && Number.isSafeInteger(p.polls) ? (p as RetryPhaseProgress) : undefined;
}
