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
  /** The status just read. */
  status: FolderUpdateStatus;
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
