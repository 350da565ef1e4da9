/**
 * The poll loop's one decision, as a pure function: after reading a status, finish, stop at the deadline, or sleep
 * how long. The workflow (deadline: its timeout) and the early-window activity (deadline: the window's end) are thin
 * loops around it; tests call it without Temporal.
 */
import { pollDelayMs, type BackoffSchedule } from './backoff';
import { isTerminalStatus, type FolderUpdateStatus } from './folder-update-status';

/** What the loop does next. */
export type PollDecision =
  | { kind: 'finish' }
  | { kind: 'timeout' }
  | {
      kind: 'sleep';
      /** How long to wait before the next poll, in milliseconds. */
      ms: number;
    };

/** What {@link decideNextPoll} looks at. */
export interface PollState {
  /** The status just read (of any task kind: only its `status` is read). */
  status: Pick<FolderUpdateStatus, 'status'>;
  /** Status responses read so far, this one included (at least 1). */
  polls: number;
  /** Now, in epoch milliseconds (workflow time in a workflow, the worker's clock in an activity). */
  nowMs: number;
  /** When to stop polling, in epoch milliseconds: the wait's deadline, or the early window's end. */
  deadlineMs: number;
  /** The wait HubSpot asked for before the next request (a 429's `Retry-After`), in milliseconds. Defaults to 0. */
  retryAfterMs?: number;
}

/**
 * Finish on a terminal status; time out when the deadline has come; otherwise sleep for the backoff delay, but at
 * least `retryAfterMs`, and cut so that the next poll happens at the deadline at the latest.
 */
export function decideNextPoll(state: PollState, schedule: BackoffSchedule, random: () => number): PollDecision {
  if (isTerminalStatus(state.status.status)) return { kind: 'finish' };
  const remainingMs = state.deadlineMs - state.nowMs;
  if (remainingMs <= 0) return { kind: 'timeout' };
  const backoffMs = Math.min(pollDelayMs(state.polls - 1, schedule, random), remainingMs);
  return { kind: 'sleep', ms: Math.max(backoffMs, Math.min(state.retryAfterMs ?? 0, remainingMs)) };
}

/**
 * How far past the wait's deadline the retry-phase activity's schedule-to-close timeout is set, in milliseconds
 * (default 60,000). The activity cuts its waits to end at the deadline (its schedule-to-close less this) and fails
 * non-retryably there, so the server never ends the retries itself: when it does (a retry that would pass the
 * schedule-to-close timeout), the workflow sees a `TimeoutFailure` without the last attempt's failure (the TypeScript
 * SDK's failure converter drops a timeout's cause), and with it the last status. 60 s covers the last attempt's
 * 30 s start-to-close timeout and the server's rounding of sub-second retry delays up to about 1 s.
 */
export const RETRY_PHASE_DEADLINE_MARGIN_MS = 60_000;
