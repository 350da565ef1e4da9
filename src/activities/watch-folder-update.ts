/**
 * The early-window poller: one long activity that polls a folder-update task on the backoff schedule for the first
 * minutes of a wait. Its polls add nothing to the workflow's history and cost no Temporal actions of their own; only
 * its heartbeats do, one per {@link watchHeartbeatEveryMs} (0.8 × the heartbeat timeout), the first one only after
 * that long: a window that ends sooner costs none.
 *
 * Progress (status responses read, the last status, when the window started) rides in the heartbeat details, so a
 * retry after a worker crash resumes the count and the window instead of starting again.
 *
 * Before each read after a wait it runs the deps' cancellation check (`cancellation-check.ts`), so that a cancelled
 * or closed workflow's poller stops within one poll, not at its next heartbeat answer.
 *
 * When its worker shuts down, a read in flight is let finish and the window closes with it: the workflow gets the
 * count and the last status, and polls on from another worker without reading the task again.
 */
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { BackoffSchedule } from '../common/backoff';
import { durationMs } from '../common/duration';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { invalidInput } from '../common/invalid-input';
import { decideNextPoll } from '../common/poll-decision';
import type { TaskIdType } from '../common/task-kinds/task-id-codec';
import { validateTaskKind, type HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import type { HubSpotAsyncTaskStatus } from '../common/task-status';
import { FOLDER_UPDATE_KIND, TASK_KINDS, type TaskKind } from '../hubspot/task-kinds';
import { abortedForWorkerShutdown } from '../hubspot/worker-shutdown';
import { currentContext, logDebug } from './activity-context';
import { pollerStopped, waitWasCancelled } from './cancellation-check';
import type { ResolvedDeps } from './deps';
import { readTaskStatus } from './get-task-status';
import { checkPollerInput } from './poller-input';

/** Input of `watchFolderUpdate`. */
export interface WatchFolderUpdateInput {
  taskId: string;
  /**
   * How long to keep polling inside the activity, in milliseconds, counted from when the activity was first scheduled
   * (a wait for a free worker slot uses the window up). The last poll is at the window's end (the wait before it cut
   * short if need be). It always polls at least once. 0 = poll once.
   */
  windowMs: number;
  /** Status responses read before this activity (by earlier runs), so that the backoff continues where it was. */
  pollsBefore: number;
  /** The backoff schedule, as the workflow resolved it from its poll options. */
  schedule: BackoffSchedule;
}

/** What `watchFolderUpdate` returns: the last status read, terminal or not. */
export interface WatchFolderUpdateResult {
  status: FolderUpdateStatus;
  /** Status responses this activity read, over all its attempts (at least 1). */
  polls: number;
  /**
   * Set when the window ended on a 429: how long HubSpot asked to wait before the next request, in milliseconds. The
   * workflow waits at least this long before its next poll.
   */
  retryAfterMs?: number;
}

/** Input of `watchHubSpotTask`: `watchFolderUpdate`'s, and the task's kind. */
export interface WatchHubSpotTaskInput extends WatchFolderUpdateInput {
  kind: HubSpotTaskKind;
}

/** What `watchHubSpotTask` returns: the last status read, terminal or not. */
export type WatchHubSpotTaskResult = Omit<WatchFolderUpdateResult, 'status'> & { status: HubSpotAsyncTaskStatus };

/** The progress of any kind's early-window poller. */
type TaskWatchProgress<R> = Omit<WatchProgress, 'lastStatus'> & { lastStatus?: HubSpotAsyncTaskStatus<R> };

/** The heartbeat details: the progress a retry resumes from. */
export interface WatchProgress {
  polls: number;
  /** When the window started (the activity's first scheduling), in epoch milliseconds. */
  windowStartedAtMs: number;
  lastStatus?: FolderUpdateStatus;
  /** When `lastStatus` was read, in epoch milliseconds of the worker's clock. */
  lastPolledAtMs?: number;
}

/** The worker's default `maxHeartbeatThrottleInterval`, in milliseconds: it sends no heartbeat less often. */
const MAX_HEARTBEAT_EVERY_MS = 60_000;

/**
 * How often the poller heartbeats its progress, in milliseconds: 0.8 × the activity's heartbeat timeout (the worker's
 * own throttle, so that each heartbeat reaches the server and the server hears from the poller well within the
 * timeout), at most 60 s; 60 s when it has none. The first heartbeat comes one interval after the attempt starts, not
 * at its first read: it would buy nothing but a progress read that the next one gives at most an interval later, and
 * each costs a Temporal Cloud action. So the heartbeat details (what `getFolderUpdateProgress` shows, and what a
 * retried attempt resumes from) are at most one interval behind.
 */
export function watchHeartbeatEveryMs(heartbeatTimeoutMs: number | undefined): number {
  return heartbeatTimeoutMs && heartbeatTimeoutMs > 0
    ? Math.min(0.8 * heartbeatTimeoutMs, MAX_HEARTBEAT_EVERY_MS)
    : MAX_HEARTBEAT_EVERY_MS;
}

function checkInput<T extends WatchFolderUpdateInput>(raw: T, taskIdType: TaskIdType = 'string'): T {
  const input = checkPollerInput(raw, taskIdType);
  if (typeof input.windowMs !== 'number' || !Number.isFinite(input.windowMs) || input.windowMs < 0) {
    throw invalidInput('windowMs', input.windowMs, 'must be a number of milliseconds, 0 or more');
  }
  return input;
}

/** The progress of an earlier attempt, if its heartbeat details are ours and sound. */
function resumedProgress<R>(details: unknown): TaskWatchProgress<R> | undefined {
  const p = details as Partial<TaskWatchProgress<R>> | undefined;
  if (!p || typeof p !== 'object') return undefined;
  if (!Number.isSafeInteger(p.polls) || (p.polls as number) < 0) return undefined;
  if (typeof p.windowStartedAtMs !== 'number' || !Number.isFinite(p.windowStartedAtMs)) return undefined;
  return p as TaskWatchProgress<R>;
}

/** A failure that a retry may mend (HubSpot 429 and 5xx, network errors); not a cancellation. */
function isRetryable(err: unknown): boolean {
  return err instanceof ApplicationFailure && !err.nonRetryable;
}

/** The wait a failure asks for (a 429's `Retry-After` or rate-limit window), in milliseconds, if any. */
export function retryDelayMs(err: unknown): number | undefined {
  const delay = err instanceof ApplicationFailure ? err.nextRetryDelay : undefined;
  if (delay === undefined || delay === null) return undefined;
  const ms = typeof delay === 'number' ? delay : durationMs(delay);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/**
 * When the window started: when the activity was first scheduled, so that time spent waiting for a free worker slot
 * (a backlog) comes out of the window instead of adding to it. A schedule time ahead of this worker's clock (clock
 * skew, or a time-skipping test server) counts as now.
 */
function windowStart(ctx: Context | undefined, now: number): number {
  const scheduledAt = ctx?.info.scheduledTimestampMs;
  return typeof scheduledAt === 'number' && scheduledAt <= now ? scheduledAt : now;
}

/**
 * Builds `watchFolderUpdate(input)`: polls until the task is terminal or the window is over (its last poll at the
 * window's end), and returns the last status. Each wait is `decideNextPoll`'s, with the window's end as the
 * deadline; time, sleep and jitter come from the deps. Its requests queue in the process's request budget behind the
 * prompt ones (`background`).
 *
 * Fails like `getFolderUpdateStatus` (typed HubSpot failures; `InvalidInput` before any HTTP call). A retryable
 * failure before any status was read fails the attempt (the retry resumes from the last heartbeat); after one, it
 * ends the window and returns the last status read (and a 429's wait), so that the count and the status survive an
 * outage and the next poll respects HubSpot's rate limit. Stopped by the cancellation check, it fails with the benign,
 * non-retryable `FolderUpdateWaitCancelled`.
 */
export function makeWatchFolderUpdate(deps: ResolvedDeps) {
  const watch = taskWatch(deps);
  return async function watchFolderUpdate(rawInput: WatchFolderUpdateInput): Promise<WatchFolderUpdateResult> {
    return watch(FOLDER_UPDATE_KIND, checkInput(rawInput));
  };
}

/**
 * Builds `watchHubSpotTask(input)`: `watchFolderUpdate` for a task of any kind (`input.kind`), its task id checked
 * for the kind (an integer id as its digits).
 */
export function makeWatchHubSpotTask(deps: ResolvedDeps) {
  const watch = taskWatch(deps);
  return async function watchHubSpotTask(rawInput: WatchHubSpotTaskInput): Promise<WatchHubSpotTaskResult> {
    const kind = TASK_KINDS[validateTaskKind(rawInput?.kind)];
    return watch(kind, checkInput(rawInput, kind.taskIdType));
  };
}

/** The early-window poller of every kind: `watchFolderUpdate`'s loop (see it), for a checked input. */
function taskWatch(deps: ResolvedDeps) {
  return async function watch<R>(
    kind: TaskKind<R>,
    input: WatchFolderUpdateInput,
  ): Promise<{ status: HubSpotAsyncTaskStatus<R>; polls: number; retryAfterMs?: number }> {
    const ctx = currentContext();
    const signal = ctx?.cancellationSignal;
    const resumed = resumedProgress<R>(ctx?.info.heartbeatDetails);
    const progress: TaskWatchProgress<R> = resumed ?? { polls: 0, windowStartedAtMs: windowStart(ctx, deps.now()) };
    // The window's end is the decision's deadline: the same schedule as the workflow's, its last wait cut to end there.
    const decide = (lastStatus: HubSpotAsyncTaskStatus<R>, lastPolledAtMs: number) =>
      decideNextPoll(
        {
          status: lastStatus,
          polls: input.pollsBefore + progress.polls,
          nowMs: lastPolledAtMs,
          deadlineMs: progress.windowStartedAtMs + input.windowMs,
        },
        input.schedule,
        deps.random,
      );
    // Before each read after a wait: has the workflow been cancelled or closed meanwhile (see cancellation-check.ts)?
    const ended = new AbortController();
    const stopIfCancelled = async () => {
      const check = deps.cancellationCheck;
      if (ctx && check && (await waitWasCancelled(ctx, check, ended.signal))) {
        throw pollerStopped(input.taskId, progress.polls);
      }
    };
    // The only heartbeats: one per interval from the attempt's start, with the latest progress (see watchHeartbeatEveryMs).
    const everyMs = watchHeartbeatEveryMs(ctx?.info.heartbeatTimeoutMs);
    const keepalive = ctx ? setInterval(() => ctx.heartbeat(progress), everyMs) : undefined;
    try {
      if (resumed?.lastStatus !== undefined && resumed.lastPolledAtMs !== undefined && resumed.polls > 0) {
        // A retry: wait out what is left of the delay the crashed attempt was sleeping (none once the window is over).
        const pending = decide(resumed.lastStatus, resumed.lastPolledAtMs);
        if (pending.kind === 'sleep') await deps.sleep(resumed.lastPolledAtMs + pending.ms - deps.now(), signal);
        await stopIfCancelled();
      }
      for (;;) {
        let status: HubSpotAsyncTaskStatus<R>;
        try {
          status = await readTaskStatus(deps, kind, input.taskId, 'background', signal);
        } catch (err) {
          // A transient failure after a status was read ends the window: the workflow polls on with its own retries
          // and deadline, keeping the count and the last status. Before any read, the attempt fails and is retried.
          if (progress.lastStatus === undefined || !isRetryable(err)) throw err;
          logDebug('early window ends on a failed poll', { taskId: input.taskId, polls: progress.polls });
          const retryAfterMs = retryDelayMs(err);
          return { status: progress.lastStatus, polls: progress.polls, ...(retryAfterMs ? { retryAfterMs } : {}) };
        }
        progress.polls++;
        progress.lastStatus = status;
        progress.lastPolledAtMs = deps.now();
        // Terminal, or the window is over: the window closes with this poll, so that a task that finishes inside the
        // window is seen inside it. A worker shutting down closes it too: the workflow polls on elsewhere, with this
        // read counted (the request was let finish, see worker-shutdown.ts), rather than read the task again.
        const decision = decide(status, progress.lastPolledAtMs);
        if (decision.kind !== 'sleep' || abortedForWorkerShutdown(signal)) break;
        try {
          await deps.sleep(decision.ms, signal);
        } catch (err) {
          if (abortedForWorkerShutdown(signal)) break;
          throw err;
        }
        await stopIfCancelled();
      }
      return { status: progress.lastStatus, polls: progress.polls };
    } finally {
      if (keepalive) clearInterval(keepalive);
      ended.abort();
    }
  };
}
