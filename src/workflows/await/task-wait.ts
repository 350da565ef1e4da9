/**
 * The wait on one HubSpot task, of any kind: the loop of `awaitFolderUpdate` (see its module doc: the early window in
 * one heartbeating activity, then the retry phase or durable timers, continuing as new every `maxPollsPerRun` polls),
 * given the kind's activities. `awaitFolderUpdate` runs it with the folder update's own activities, so its commands are
 * the ones it always issued; `awaitHubSpotTask` with the generic ones. Workflow-safe.
 */
import type { ApplicationFailure } from '@temporalio/workflow';
import {
  ActivityFailure,
  continueAsNew,
  isCancellation,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { backoffSchedule } from '../../common/backoff';
import { decideNextPoll } from '../../common/poll-decision';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';
import {
  MIN_POLL_WINDOW_MS,
  STATUS_ACTIVITY_OPTIONS,
  WATCH_ACTIVITY_OPTIONS,
  WATCH_ATTEMPT_MARGIN_MS,
} from '../activity-options';
import { isNonRetryableActivityFailure, sameTypedFailure } from '../typed-failure';
import { recordTaskStatus } from '../visibility';
import { resultOfTerminalStatus, timedOutFailure, type HubSpotTaskResult } from './outcome';
import type { PollContinuation, ResolvedPollOptions, ValidatedAwaitInput } from './poll-options';
import { pendingAtDeadline, pollInRetryPhase } from './retry-phase';
import { waitInSharedPhase } from './shared-phase';
import { getStatusQuery, type FolderUpdateProgress } from './status-query';
import type { TaskRead, TaskWaitActivities } from './task-activities';

/**
 * The patch under which a `laterPhase: 'shared'` wait polls as on 'retry' until `sharedPhaseMinWaits` waits are under
 * way on its task queue, then joins the shared watcher. Shared waits whose history has no such marker (started before
 * it) replay as they ran: joining right after the early window.
 */
export const SHARED_PHASE_WHEN_CROWDED_PATCH = 'shared-phase-when-crowded';

/**
 * The patch under which a wait whose input names no `laterPhase` runs as `'shared'` (the default since 2.0: polling
 * as on 'retry' until its task queue is crowded, as {@link SHARED_PHASE_WHEN_CROWDED_PATCH}). Such waits whose history
 * has no marker (started before it) replay as they ran: on 'retry'.
 */
export const SHARED_BY_DEFAULT_PATCH = 'shared-phase-by-default';

/**
 * Waits for a task to finish, with `activities` of its kind.
 *
 * @param input - the workflow's input as given, which a continue-as-new passes on with its `continuation`.
 * @param validated - that input, validated.
 * @returns the COMPLETE status as a {@link HubSpotTaskResult}.
 * @throws `FolderUpdateCompletedWithErrors`, the kind's CANCELED failure or `FolderUpdateTimedOut` with the last
 *   status as `details[0]`; or a non-retryable activity failure's own type (`HubSpotUnauthorized`,
 *   `HubSpotForbidden`, `FolderUpdateTaskNotFound`, …).
 */
export async function waitOnTask<I extends object, R>(
  input: I,
  validated: ValidatedAwaitInput,
  activities: TaskWaitActivities<R>,
): Promise<HubSpotTaskResult<R>> {
  const { taskId, options, maxPollsPerRun, continuation: resumed } = validated;
  const { names, metrics } = activities;

  let polls = resumed?.polls ?? 0;
  const deadlineMs = resumed?.deadlineMs ?? Date.now() + options.timeoutMs;
  // A continuation carries the last status of the wait's own kind.
  let lastStatus = resumed?.lastStatus as HubSpotAsyncTaskStatus<R> | undefined;
  let lastPolledAtMs = resumed?.lastPolledAtMs;
  let nextPollAtMs: number | undefined;

  setHandler(getStatusQuery, () => ({
    taskId,
    polls,
    ...(lastStatus ? { lastStatus: lastStatus as FolderUpdateProgress['lastStatus'] } : {}),
    ...(lastPolledAtMs !== undefined ? { lastPolledAt: new Date(lastPolledAtMs).toISOString() } : {}),
    ...(nextPollAtMs !== undefined ? { nextPollAt: new Date(nextPollAtMs).toISOString() } : {}),
  }));

  const failureOf = (err: unknown) => {
    if (isCancellation(err)) return err;
    let outcome = 'FAILED';
    const failure = workflowFailureFor(err, (lastError) => {
      outcome = 'TIMED_OUT';
      return timedOutFailure(taskId, lastStatus, polls, options.timeoutMs, lastError, names.label);
    });
    metrics.outcome(outcome);
    return failure;
  };

  /** One status poll: an activity, after a durable timer. */
  const pollOnce = async (): Promise<TaskRead<R>> => {
    const pollOptions = {
      ...STATUS_ACTIVITY_OPTIONS,
      summary: `Poll HubSpot task ${taskId} (poll ${polls + 1})`,
      scheduleToCloseTimeout: Math.max(deadlineMs - Date.now(), MIN_POLL_WINDOW_MS),
    };
    try {
      return { status: await activities.getStatus(pollOptions, taskId), polls: 1 };
    } catch (err) {
      throw failureOf(err);
    }
  };

  /** The early window: the first polls inside one heartbeating activity, on the same schedule. */
  const watchEarly = async (): Promise<TaskRead<R>> => {
    const windowMs = Math.max(0, Math.min(options.earlyWindowMs, deadlineMs - Date.now()));
    const watchOptions = {
      ...WATCH_ACTIVITY_OPTIONS,
      heartbeatTimeout: options.earlyWindowHeartbeatTimeoutMs,
      summary: `Watch HubSpot task ${taskId} for ${Math.round(windowMs / 1000)} s`,
      startToCloseTimeout: windowMs + WATCH_ATTEMPT_MARGIN_MS,
      scheduleToCloseTimeout: Math.max(deadlineMs - Date.now(), MIN_POLL_WINDOW_MS),
    };
    try {
      return await activities.watch(watchOptions, {
        taskId,
        windowMs,
        pollsBefore: polls,
        schedule: backoffSchedule(options),
      });
    } catch (err) {
      throw failureOf(err);
    }
  };

  /** The retry phase: the rest of the polls as the attempts of one activity, up to the deadline. */
  const pollUntilDone = async (firstDelayMs: number): Promise<TaskRead<R>> => {
    setCurrentDetails(retryPhaseDetails(taskId, lastStatus, polls, lastPolledAtMs));
    try {
      const pollsBefore = polls;
      const schedule = backoffSchedule(options);
      const start = {
        taskId,
        schedule,
        pollsBefore,
        firstDelayMs,
        deadlineMs,
        ...(later().sharedWhenCrowded ? { sharedPhaseMinWaits: options.sharedPhaseMinWaits } : {}),
      };
      return await pollInRetryPhase(lastStatus ? { ...start, lastStatus } : start, activities);
    } catch (err) {
      const ended = isCancellation(err) ? undefined : pendingAtDeadline(err);
      if (!ended) throw failureOf(err);
      const { progress, lastError } = ended;
      metrics.outcome('TIMED_OUT');
      const last = progress?.lastStatus ?? lastStatus;
      throw timedOutFailure(taskId, last, progress?.polls ?? polls, options.timeoutMs, lastError, names.label);
    }
  };
  /** The shared phase (`laterPhase: 'shared'`): the rest of the wait with the task queue's shared watcher. */
  const finishInSharedPhase = async (status: HubSpotAsyncTaskStatus<R>, nextAtMs: number) => {
    const start = { kind: activities.kind, taskId, schedule: backoffSchedule(options), polls, lastStatus: status };
    setCurrentDetails(
      `${currentDetails(taskId, status, polls, lastPolledAtMs ?? Date.now())} · read by the shared watcher`,
    );
    let end;
    try {
      end = await waitInSharedPhase({ ...start, nextPollAtMs: nextAtMs, deadlineMs }, (next, total, at) => {
        metrics.polls(total - polls);
        polls = total;
        lastStatus = next as HubSpotAsyncTaskStatus<R>;
        lastPolledAtMs = at;
        recordTaskStatus(next.status);
        setCurrentDetails(`${currentDetails(taskId, next, polls, at)} · read by the shared watcher`);
      });
    } catch (err) {
      if (!isCancellation(err)) metrics.outcome('FAILED');
      throw err;
    }
    const last = end.status as HubSpotAsyncTaskStatus<R>;
    if (end.atDeadline) {
      metrics.outcome('TIMED_OUT');
      throw timedOutFailure(taskId, last, polls, options.timeoutMs, undefined, names.label);
    }
    metrics.outcome(outcomeOf(last));
    return resultOfTerminalStatus(last, polls, options.allowErrors, names);
  };
  const phaseGiven = (input as { laterPhase?: unknown }).laterPhase !== undefined;
  // A 'shared' wait started since its patch polls as on 'retry' until its task queue is crowded.
  const sharedWhenCrowdedGiven =
    phaseGiven && options.laterPhase === 'shared' && patched(SHARED_PHASE_WHEN_CROWDED_PATCH);
  let phase: LaterPhaseDecision | undefined;
  /**
   * The later phase, decided when it first matters, so that a wait that ends in its early window records no marker.
   * A wait that names none is 'shared' (when crowded) since its patch, 'retry' before it.
   */
  const later = (): LaterPhaseDecision => {
    if (phase) return phase;
    const sharedByDefault = !phaseGiven && patched(SHARED_BY_DEFAULT_PATCH);
    const laterPhase = phaseGiven || sharedByDefault ? options.laterPhase : 'retry';
    const sharedWhenCrowded = sharedWhenCrowdedGiven || (sharedByDefault && laterPhase === 'shared');
    phase = { laterPhase, sharedWhenCrowded, retryPhaseOn: laterPhase === 'retry' || sharedWhenCrowded };
    return phase;
  };
  /** Set when the retry phase is next: the wait before its first read, in milliseconds. */
  let retryAfterWindowMs: number | undefined;

  setCurrentDetails(
    lastStatus && lastPolledAtMs !== undefined
      ? currentDetails(taskId, lastStatus, polls, lastPolledAtMs)
      : `Waiting for the first status of task ${taskId}`,
  );
  for (let pollsThisRun = 0; ; pollsThisRun++) {
    const handedOver = retryAfterWindowMs !== undefined;
    if (!handedOver && (pollsThisRun >= maxPollsPerRun || workflowInfo().continueAsNewSuggested)) {
      const continuation: PollContinuation = { polls, deadlineMs };
      if (lastStatus) continuation.lastStatus = lastStatus as PollContinuation['lastStatus'];
      if (lastPolledAtMs !== undefined) continuation.lastPolledAtMs = lastPolledAtMs;
      return await continueAsNew<(input: I) => Promise<unknown>>({ ...input, continuation });
    }

    // Only the first run has an early window.
    const early = pollsThisRun === 0 && resumed === undefined && options.earlyWindowMs > 0;
    const retry = !early && (handedOver || later().retryPhaseOn);
    const read = early ? await watchEarly() : retry ? await pollUntilDone(retryAfterWindowMs ?? 0) : await pollOnce();
    polls += read.polls;
    metrics.polls(read.polls);
    lastStatus = read.status;
    // A crowded retry phase may hand over before its first read: the status is still the one read before.
    if (!(read.crowded && read.polls === 0 && lastPolledAtMs !== undefined)) lastPolledAtMs = Date.now();
    recordTaskStatus(lastStatus.status);

    // A 429 that ended the early window asks for a longer wait than the schedule's (`retryAfterMs`).
    const decision = decideNextPoll(
      { status: lastStatus, polls, nowMs: lastPolledAtMs, deadlineMs, retryAfterMs: read.retryAfterMs },
      options,
      Math.random,
    );
    if (decision.kind === 'finish') {
      metrics.outcome(outcomeOf(lastStatus));
      setCurrentDetails(currentDetails(taskId, lastStatus, polls, lastPolledAtMs));
      return resultOfTerminalStatus(lastStatus, polls, options.allowErrors, names);
    }
    if (decision.kind === 'timeout') {
      metrics.outcome('TIMED_OUT');
      throw timedOutFailure(taskId, lastStatus, polls, options.timeoutMs, undefined, names.label);
    }
    const { laterPhase, sharedWhenCrowded, retryPhaseOn } = later();
    if (laterPhase === 'shared' && (!sharedWhenCrowded || read.crowded)) {
      return await finishInSharedPhase(lastStatus, lastPolledAtMs + decision.ms);
    }
    if ((early || retry) && retryPhaseOn) {
      // The delay after the window, or after a status change in the retry phase, is the first attempt of the next
      // retry-phase activity (no read), not a timer.
      retryAfterWindowMs = decision.ms;
      continue;
    }
    nextPollAtMs = lastPolledAtMs + decision.ms;
    setCurrentDetails(currentDetails(taskId, lastStatus, polls, lastPolledAtMs, nextPollAtMs));
    await sleep(decision.ms, { summary: `Next poll of task ${taskId} in ${Math.round(decision.ms / 1000)} s` });
    nextPollAtMs = undefined;
  }
}

/** A wait's later phase, as the workflow runs it (see `later` in {@link waitOnTask}). */
interface LaterPhaseDecision {
  laterPhase: ResolvedPollOptions['laterPhase'];
  /** Polls as on 'retry' until the task queue is crowded, then joins the watcher. */
  sharedWhenCrowded: boolean;
  /** The later polls run as retry-phase activities (until crowded, for a shared wait). */
  retryPhaseOn: boolean;
}

/** The `folder_update_outcomes` label of a terminal status. */
function outcomeOf(status: HubSpotAsyncTaskStatus): string {
  if (status.status === 'CANCELED') return 'CANCELED';
  return status.numErrors > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETE';
}

/**
 * The Web UI's current details: the last status, the task, the poll count and when the next poll is due (markdown).
 * They always name the task, so that a wait started without a summary still says what it waits on.
 */
function currentDetails(
  taskId: string,
  status: HubSpotAsyncTaskStatus,
  polls: number,
  polledAtMs: number,
  nextAtMs?: number,
): string {
  const errors = status.numErrors > 0 ? ` · ${status.numErrors} errors` : '';
  const next = nextAtMs !== undefined ? ` · next poll at ${new Date(nextAtMs).toISOString()}` : '';
  const polled = `${polls} polls · last polled at ${new Date(polledAtMs).toISOString()}`;
  return `**${status.status}**${errors} · task ${taskId} · ${polled}${next}`;
}

/** The Web UI's current details during the retry phase, whose live count is in the pending activity (markdown). */
function retryPhaseDetails(
  taskId: string,
  status: HubSpotAsyncTaskStatus | undefined,
  polls: number,
  at?: number,
): string {
  const last = status && at !== undefined ? currentDetails(taskId, status, polls, at) : `Polling task ${taskId}`;
  return `${last} · polling on as activity retries (live count: getFolderUpdateProgress)`;
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
