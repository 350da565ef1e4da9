import type { ResolvedTaskScript } from './task-script';
import type { TaskStatus } from './types';

/** Where a task is in its lifecycle. Times are epoch milliseconds on the simulator clock. Immutable. */
export interface TaskProgress {
  readonly status: TaskStatus;
  readonly requestedAt: number;
  /** When the task left `PENDING`. */
  readonly startedAt?: number;
  /** When the task became terminal. */
  readonly completedAt?: number;
  /** Status polls answered so far, in every status. */
  readonly polls: number;
  /** Polls answered while `PENDING`. */
  readonly pendingPolls: number;
  /** Polls answered while `PROCESSING`. */
  readonly processingPolls: number;
  /** Time of the poll that satisfied the script's `pendingPolls`. */
  readonly pendingPollsMetAt?: number;
  /** Time of the poll that satisfied the script's `processingPolls`. */
  readonly processingPollsMetAt?: number;
}

/** A task just requested at `requestedAt` (epoch ms): `PENDING`, never polled. */
export function newTaskProgress(requestedAt: number): TaskProgress {
  return { status: 'PENDING', requestedAt, polls: 0, pendingPolls: 0, processingPolls: 0 };
}

/**
 * Applies every transition the script allows at time `now` (epoch ms), without counting a poll.
 * A phase ends at the later of "its minimum time has passed" and "its poll quota was met", so `startedAt` and
 * `completedAt` are the moments the task actually moved on, even when nobody polled in between.
 */
export function advanceTask(progress: TaskProgress, script: ResolvedTaskScript, now: number): TaskProgress {
  let next = progress;
  if (next.status === 'PENDING') {
    const pollsMetAt = script.pendingPolls === 0 ? next.requestedAt : next.pendingPollsMetAt;
    const startAt = pollsMetAt === undefined ? undefined : Math.max(pollsMetAt, next.requestedAt + script.pendingMs);
    if (startAt !== undefined && now >= startAt) next = { ...next, status: 'PROCESSING', startedAt: startAt };
  }
  if (next.status === 'PROCESSING' && next.startedAt !== undefined) {
    const pollsMetAt = script.processingPolls === 0 ? next.startedAt : next.processingPollsMetAt;
    const endAt = pollsMetAt === undefined ? undefined : Math.max(pollsMetAt, next.startedAt + script.processingMs);
    if (endAt !== undefined && now >= endAt) next = { ...next, status: script.outcome, completedAt: endAt };
  }
  return next;
}

/** Counts one answered status poll at time `now` (epoch ms) in the task's current status. */
export function recordPoll(progress: TaskProgress, script: ResolvedTaskScript, now: number): TaskProgress {
  const polls = progress.polls + 1;
  if (progress.status === 'PENDING') {
    const pendingPolls = progress.pendingPolls + 1;
    const metAt = pendingPolls === script.pendingPolls ? now : progress.pendingPollsMetAt;
    return { ...progress, polls, pendingPolls, pendingPollsMetAt: metAt };
  }
  if (progress.status === 'PROCESSING') {
    const processingPolls = progress.processingPolls + 1;
    const metAt = processingPolls === script.processingPolls ? now : progress.processingPollsMetAt;
    return { ...progress, polls, processingPolls, processingPollsMetAt: metAt };
  }
  return { ...progress, polls };
}

/** Whether `status` is terminal (`COMPLETE` or `CANCELED`). */
export function isTerminal(status: TaskStatus): boolean {
  return status === 'COMPLETE' || status === 'CANCELED';
}
