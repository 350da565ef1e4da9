/**
 * The poll loop's one decision, as a pure function: after reading a status, finish, give up, or sleep how long.
 * The workflow is a thin loop around it; tests call it without Temporal.
 */
import { isTerminalStatus, type FolderUpdateStatus } from '../common/folder-update-status';
import { pollDelayMs } from './backoff';
import type { ResolvedPollOptions } from './poll-options';

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
  /** Now, in epoch milliseconds (workflow time). */
  nowMs: number;
  /** When to give up, in epoch milliseconds. */
  deadlineMs: number;
}

/**
 * Finish on a terminal status; time out when the deadline has come; otherwise sleep for the backoff delay, cut so
 * that the next poll happens at the deadline at the latest.
 */
export function decideNextPoll(state: PollState, options: ResolvedPollOptions, random: () => number): PollDecision {
  if (isTerminalStatus(state.status.status)) return { kind: 'finish' };
  const remainingMs = state.deadlineMs - state.nowMs;
  if (remainingMs <= 0) return { kind: 'timeout' };
  return { kind: 'sleep', ms: Math.min(pollDelayMs(state.polls - 1, options, random), remainingMs) };
}
