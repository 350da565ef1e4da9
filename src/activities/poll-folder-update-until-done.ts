/**
 * The retry-phase poller: one activity whose attempts are the polls. An attempt reads the status once; a terminal
 * or changed status is its result, the same not-yet-done one fails the attempt with the benign, retryable `FolderUpdatePending`, whose
 * `nextRetryDelay` is the backoff schedule's next wait (`decideNextPoll`). The server keeps the retries (no timer, no
 * workflow task, no history event per poll; one Temporal Cloud action per attempt) until the activity's
 * schedule-to-close timeout, the wait's deadline.
 *
 * Progress rides in each failure's details (`RetryPhaseProgress`): `describe()` shows the pending activity's attempt
 * and last failure, which is how `getFolderUpdateProgress` reads the count and the last status in this phase.
 */
import type { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { durationMs } from '../common/duration';
import { FailureTypes } from '../common/failure-types';
import { isTerminalStatus, type FolderUpdateStatus } from '../common/folder-update-status';
import { invalidInput } from '../common/invalid-input';
import { decideNextPoll, RETRY_PHASE_DEADLINE_MARGIN_MS } from '../common/poll-decision';
import type { TaskIdType } from '../common/task-kinds/task-id-codec';
import { validateTaskKind, type HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import type { HubSpotAsyncTaskStatus } from '../common/task-status';
import { FOLDER_UPDATE_KIND, TASK_KINDS, type TaskKind } from '../hubspot/task-kinds';
import { currentContext, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';
import { readTaskStatus } from './get-task-status';
import { checkPollerInput, type PollerInput } from './poller-input';

/** Input of `pollHubSpotTaskUntilDone`: `pollFolderUpdateUntilDone`'s, and the task's kind. */
export interface PollHubSpotTaskUntilDoneInput extends Omit<PollUntilDoneInput, 'lastStatus'> {
  kind: HubSpotTaskKind;
  lastStatus?: HubSpotAsyncTaskStatus;
}

/** What `pollHubSpotTaskUntilDone` returns: a terminal status, or a status other than `input.lastStatus`'s. */
export type PollHubSpotTaskUntilDoneResult = Omit<PollUntilDoneResult, 'status'> & { status: HubSpotAsyncTaskStatus };

/** Input of `pollFolderUpdateUntilDone`. */
export interface PollUntilDoneInput extends PollerInput {
  /** The last status read before this activity, if any: the progress until this activity reads one. */
  lastStatus?: FolderUpdateStatus;
  /**
   * The wait before the first read, in milliseconds (default 0). When above 0, attempt 1 reads nothing: it fails at
   * once with `FolderUpdatePending` and this `nextRetryDelay`, so that the delay after the early window costs no timer.
   */
  firstDelayMs?: number;
  /** The longest `nextRetryDelay` asked for, in milliseconds: the retry policy's `maximumInterval` (a 429 is cut to it). */
  maxDelayMs: number;
  /**
   * A `laterPhase: 'shared'` wait's `sharedPhaseMinWaits`: when set, an attempt that would retry first counts the
   * waits under way on its task queue (`countWaits`), and at this many or more it returns the status it has with
   * `crowded`, so that the wait joins the shared watcher instead. Absent on 'retry'.
   */
  sharedPhaseMinWaits?: number;
}

/** What `pollFolderUpdateUntilDone` returns: a terminal status, or a status other than `input.lastStatus`'s. */
export interface PollUntilDoneResult {
  status: FolderUpdateStatus;
  /** Status responses this activity read, over all its attempts (at least 1, or 0 when `crowded`). */
  polls: number;
  /**
   * Set when the status is not done and unchanged, but the task queue holds `sharedPhaseMinWaits` waits or more: the
   * wait should go on with the shared watcher.
   */
  crowded?: true;
}

/**
 * The progress an attempt leaves behind: `details[0]` of `FolderUpdatePending`, `details[1]` of a transient HubSpot
 * failure (whose `details[0]` stays HubSpot's own), and the heartbeat details after a transient failure.
 */
export interface RetryPhaseProgress {
  /** Status responses read so far, over the whole wait (`pollsBefore` included). */
  polls: number;
  /** Attempts so far that read no status (the skipped first read, transient failures), this one included. */
  nonReads: number;
  lastStatus?: FolderUpdateStatus;
  /** When `lastStatus` was read by this activity, in epoch milliseconds of the worker's clock. */
  lastPolledAtMs?: number;
  /** Set when a failed poll met the deadline: that failure's message. */
  lastError?: string;
}

/** Any kind's poller input and progress, as the shared attempt reads them. */
type TaskPollInput = Omit<PollUntilDoneInput, 'lastStatus'> & { lastStatus?: HubSpotAsyncTaskStatus };
type TaskPollProgress = Omit<RetryPhaseProgress, 'lastStatus'> & { lastStatus?: HubSpotAsyncTaskStatus };

function checkInput<T extends TaskPollInput>(raw: T, taskIdType: TaskIdType = 'string'): T {
  const input = checkPollerInput(raw, taskIdType);
  const first = input.firstDelayMs ?? 0;
  if (typeof first !== 'number' || !Number.isFinite(first) || first < 0) {
    throw invalidInput('firstDelayMs', input.firstDelayMs, 'must be a number of milliseconds, 0 or more');
  }
  if (typeof input.maxDelayMs !== 'number' || !Number.isFinite(input.maxDelayMs) || input.maxDelayMs <= 0) {
    throw invalidInput('maxDelayMs', input.maxDelayMs, 'must be a positive number of milliseconds');
  }
  const min = input.sharedPhaseMinWaits;
  if (min !== undefined && (!Number.isSafeInteger(min) || min < 1)) {
    throw invalidInput('sharedPhaseMinWaits', min, 'must be a whole number of at least 1');
  }
  return input;
}

/** The non-read attempts an earlier attempt recorded in its heartbeat details (all of them so far), if ours. */
function recordedNonReads(details: unknown): number | undefined {
  const n = (details as Partial<RetryPhaseProgress> | undefined)?.nonReads;
  return Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : undefined;
}

/** The wait a failure asks for (a 429's `Retry-After`), in milliseconds, if any. */
function askedDelayMs(err: ApplicationFailure): number | undefined {
  const delay = err.nextRetryDelay;
  if (delay === undefined || delay === null) return undefined;
  const ms = typeof delay === 'number' ? delay : durationMs(delay);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** How long the activity has left before its schedule-to-close deadline, in server-clock milliseconds. */
function remainingMs(ctx: Context | undefined, attemptStartedAt: number, now: number): number {
  const info = ctx?.info;
  if (!info || !(info.scheduleToCloseTimeoutMs > 0)) return Number.POSITIVE_INFINITY;
  const atAttemptStart =
    info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs - info.currentAttemptScheduledTimestampMs;
  return atAttemptStart - (now - attemptStartedAt);
}

/** `FolderUpdatePending`: not done yet; retry after `delayMs`, or (delayMs undefined) the deadline has come. */
function pending(
  label: string,
  taskId: string,
  progress: TaskPollProgress,
  delayMs: number | undefined,
  lastError?: string,
): ApplicationFailure {
  const last = progress.lastStatus ? `last status ${progress.lastStatus.status}` : 'no status read yet';
  const end = lastError ? `the deadline has come; the last poll failed: ${lastError}` : 'the deadline has come';
  return ApplicationFailure.create({
    type: FailureTypes.FolderUpdatePending,
    message:
      `${label} task ${taskId} is not done (${last}, ${progress.polls} polls); ` +
      (delayMs === undefined ? end : `next poll in ${delayMs} ms`),
    nonRetryable: delayMs === undefined,
    category: ApplicationFailureCategory.BENIGN,
    details: [lastError ? { ...progress, lastError } : progress],
    ...(delayMs !== undefined ? { nextRetryDelay: delayMs } : {}),
  });
}

/**
 * Builds `pollFolderUpdateUntilDone(input)`. Each attempt:
 * - attempt 1 with `firstDelayMs` > 0: no request; fails with `FolderUpdatePending` after `firstDelayMs`;
 * - otherwise one status read (heartbeating only if it runs past ~1 s): terminal → the result; not yet done →
 *   `FolderUpdatePending` with the schedule's next wait, cut to end just before the deadline (at the deadline it is
 *   non-retryable, which the workflow reports as `FolderUpdateTimedOut`); a status other than `input.lastStatus`'s
 *   (none given counts as other) is returned too, so that the workflow records each change;
 * - a retryable failure (5xx, network, 429) is rethrown with its own type, message and `details[0]`, its
 *   `nextRetryDelay` the schedule's next wait (at least a 429's), and this attempt counted as a non-read in the
 *   heartbeat details, so that the result's `polls` counts reads only; typed failures (401, 403, 404, …), `InvalidInput`
 *   and cancellation pass through unchanged.
 */
export function makePollFolderUpdateUntilDone(deps: ResolvedDeps) {
  const poll = taskPoll(deps);
  return async function pollFolderUpdateUntilDone(rawInput: PollUntilDoneInput): Promise<PollUntilDoneResult> {
    return poll(FOLDER_UPDATE_KIND, checkInput(rawInput));
  };
}

/**
 * Builds `pollHubSpotTaskUntilDone(input)`: `pollFolderUpdateUntilDone` for a task of any kind (`input.kind`), its
 * task id checked for the kind (an integer id as its digits).
 */
export function makePollHubSpotTaskUntilDone(deps: ResolvedDeps) {
  const poll = taskPoll(deps);
  return async function pollHubSpotTaskUntilDone(
    rawInput: PollHubSpotTaskUntilDoneInput,
  ): Promise<PollHubSpotTaskUntilDoneResult> {
    const kind = TASK_KINDS[validateTaskKind(rawInput?.kind)];
    return poll(kind, checkInput(rawInput, kind.taskIdType));
  };
}

/** The retry-phase poller of every kind: `pollFolderUpdateUntilDone`'s attempt (see it), for a checked input. */
function taskPoll(deps: ResolvedDeps) {
  return async function poll<R>(
    kind: TaskKind<R>,
    input: TaskPollInput,
  ): Promise<{ status: HubSpotAsyncTaskStatus<R>; polls: number; crowded?: true }> {
    const ctx = currentContext();
    const startedAt = deps.now();
    const attempt = ctx?.info.attempt ?? 1;
    const skipsFirstRead = (input.firstDelayMs ?? 0) > 0;
    // Attempts before this one that read nothing: recorded in the heartbeat details by each transient failure (the
    // skipped first read included), else just the skipped first read.
    const nonReadsBefore = recordedNonReads(ctx?.info.heartbeatDetails) ?? (skipsFirstRead && attempt > 1 ? 1 : 0);
    const readsBefore = Math.max(0, attempt - 1 - nonReadsBefore);
    const progress: TaskPollProgress = {
      polls: input.pollsBefore + readsBefore,
      nonReads: nonReadsBefore,
      ...(input.lastStatus ? { lastStatus: input.lastStatus } : {}),
    };
    /** The status to hand to the shared watcher instead of retrying, when the task queue is crowded. */
    const joinWhenCrowded = async (status: HubSpotAsyncTaskStatus<R> | undefined) =>
      status && ctx && (await crowded(deps, ctx, input.sharedPhaseMinWaits))
        ? { status, polls: progress.polls - input.pollsBefore, crowded: true as const }
        : undefined;
    if (attempt === 1 && skipsFirstRead) {
      const join = await joinWhenCrowded(input.lastStatus as HubSpotAsyncTaskStatus<R> | undefined);
      if (join) return join;
      const firstDelayMs = Math.min(input.firstDelayMs ?? 0, input.maxDelayMs);
      throw pending(kind.label, input.taskId, { ...progress, nonReads: 1 }, firstDelayMs);
    }
    /** The schedule's next wait after `progress.polls` reads, at least `retryAfterMs`; undefined at the deadline. */
    const nextDelay = (retryAfterMs?: number): number | undefined => {
      const nowMs = deps.now();
      const deadlineMs = nowMs + remainingMs(ctx, startedAt, nowMs) - RETRY_PHASE_DEADLINE_MARGIN_MS;
      const status: FolderUpdateStatus = { taskId: input.taskId, status: 'PENDING', numErrors: 0, errors: [] };
      const state = { status, polls: Math.max(1, progress.polls), nowMs, deadlineMs, retryAfterMs };
      const decision = decideNextPoll(state, input.schedule, deps.random);
      return decision.kind === 'sleep' ? Math.min(decision.ms, input.maxDelayMs) : undefined;
    };
    let status: HubSpotAsyncTaskStatus<R>;
    try {
      status = await whileHeartbeating(
        () => readTaskStatus(deps, kind, input.taskId, 'prompt', ctx?.cancellationSignal),
        () => progress,
      );
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.nonRetryable) throw err;
      progress.nonReads++;
      ctx?.heartbeat(progress);
      const delayMs = nextDelay(askedDelayMs(err));
      if (delayMs === undefined) throw pending(kind.label, input.taskId, progress, undefined, err.message);
      throw ApplicationFailure.create({
        type: err.type ?? undefined,
        message: err.message,
        details: [err.details?.[0] ?? null, progress],
        nextRetryDelay: delayMs,
      });
    }
    progress.polls++;
    progress.lastStatus = status;
    progress.lastPolledAtMs = deps.now();
    // Terminal, or a new status (PENDING → PROCESSING): the workflow records it (search attribute, details), then
    // goes on with a new activity whose attempt 1 spends the next delay. At most a few per wait.
    if (isTerminalStatus(status.status) || status.status !== input.lastStatus?.status) {
      return { status, polls: progress.polls - input.pollsBefore };
    }
    const delayMs = nextDelay();
    const join = delayMs === undefined ? undefined : await joinWhenCrowded(status);
    if (join) return join;
    throw pending(kind.label, input.taskId, progress, delayMs);
  };
}

/**
 * Whether at least `minWaits` waits are under way on the activity's task queue (never when `minWaits` is undefined;
 * at once when it is 1). A count that fails counts none: the wait polls on as on 'retry'.
 */
async function crowded(deps: ResolvedDeps, ctx: Context, minWaits: number | undefined): Promise<boolean> {
  if (minWaits === undefined) return false;
  if (minWaits <= 1) return true;
  try {
    return (await deps.countWaits(ctx)) >= minWaits;
  } catch (err) {
    logDebug('counting the waits on the task queue failed; polling on', { error: String(err) });
    return false;
  }
}
