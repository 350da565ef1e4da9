/**
 * `getFolderUpdateProgress(client, workflowId)`: where an `awaitFolderUpdate` wait stands, in every phase.
 *
 * The workflow's own state (the `getStatus` query) only changes when its history grows, and during the early window
 * it does not grow: the polls run inside the `watchFolderUpdate` activity, whose heartbeat details carry the count and
 * the last status. So this reads `describe()` (not a Temporal Cloud action) every time, takes the pending poll
 * activity's heartbeat details and last failure from it, and sends the query (one action on Temporal Cloud) only when
 * the history has grown since the `previous` answer it is given.
 */
import type { Client } from '@temporalio/client';
import {
  decodeFromPayloadsAtIndex,
  decodeOptionalFailureToOptionalError,
} from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { ApplicationFailure } from '@temporalio/common';
import type { RetryPhaseProgress } from '../activities/poll-folder-update-until-done';
import type { WatchProgress } from '../activities/watch-folder-update';
import { FailureTypes } from '../common/failure-types';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { getStatusQuery, type FolderUpdateProgress } from '../workflows/await/await-folder-update';

/** Which mechanism the wait is in. */
export type WaitPhase =
  /** Polling inside the early-window activity (`watchFolderUpdate`). */
  | 'early-window'
  /** A single poll (`getFolderUpdateStatus`) is running or retrying (the `laterPhase: 'timer'` path). */
  | 'polling'
  /** Polling as the attempts of the retry-phase activity (`pollFolderUpdateUntilDone`), between them or in one. */
  | 'retry-phase'
  /** Sleeping on a durable timer until the next poll. */
  | 'sleeping'
  /** The workflow is no longer running. */
  | 'closed';

/** What `getFolderUpdateProgress` returns. Times are ISO date-times. */
export interface FolderUpdateWaitProgress extends FolderUpdateProgress {
  workflowId: string;
  runId: string;
  /** The workflow's execution status: `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, … */
  workflowStatus: string;
  phase: WaitPhase;
  /**
   * The pending poll activity's attempt, when it is past its first. In the retry phase every attempt is a poll (or
   * the first delay, or a failed request), so this grows with the polls: it is not a sign of trouble there.
   */
  attempt?: number;
  /** The message of the pending poll activity's last failed attempt (a 429, a 5xx, a crashed worker's timeout). */
  lastFailure?: string;
  /**
   * When the early-window poller's progress last reached the server. The poller heartbeats once per 0.8 × the
   * activity's heartbeat timeout (48 s by default), so the count and status are at most that far behind.
   */
  progressAsOf?: string;
  /** The history length the workflow's state was read at; lets the next call skip the query. */
  historyLength: number;
  /** The workflow's own state as its `getStatus` query answered (before the early window's polls are added). */
  workflowState: FolderUpdateProgress;
}

/** Options of {@link getFolderUpdateProgress}. */
export interface GetFolderUpdateProgressOptions {
  /**
   * The answer of the last call for the same workflow. When its run and history length are unchanged, its workflow
   * state is reused and no query is sent (a live progress line then queries once per history change, not per tick).
   */
  previous?: FolderUpdateWaitProgress;
}

type PendingActivity = temporal.api.workflow.v1.IPendingActivityInfo;

/** The poll activities of `awaitFolderUpdate`, and of `awaitHubSpotTask` on the other kinds (the same progress). */
const POLL_ACTIVITIES = new Set([
  'watchFolderUpdate',
  'getFolderUpdateStatus',
  'pollFolderUpdateUntilDone',
  'watchHubSpotTask',
  'getHubSpotTaskStatus',
  'pollHubSpotTaskUntilDone',
]);

/** The heartbeat details, if they are the early-window poller's progress. */
function watchProgressOf(details: unknown): WatchProgress | undefined {
  const p = details as Partial<WatchProgress> | undefined;
  return p && typeof p === 'object' && Number.isSafeInteger(p.polls) ? (p as WatchProgress) : undefined;
}

/** The workflow's own state: the query, or the previous answer's when the history has not grown since. */
async function workflowState(
  client: Client,
  workflowId: string,
  runId: string,
  historyLength: number,
  previous: FolderUpdateWaitProgress | undefined,
): Promise<FolderUpdateProgress> {
  if (previous && previous.runId === runId && previous.historyLength === historyLength) {
    const { taskId, polls, lastStatus, lastPolledAt, nextPollAt } = previous.workflowState;
    return { taskId, polls, lastStatus, lastPolledAt, nextPollAt };
  }
  return client.workflow.getHandle(workflowId, runId).query(getStatusQuery);
}

/**
 * Reads the progress of the `awaitFolderUpdate` workflow `workflowId` (its latest run): the poll count and the last
 * status in every phase, the early window included, merged from the workflow's `getStatus` query and the pending poll
 * activity's heartbeat details or last failure from `describe()`.
 *
 * @throws `WorkflowNotFoundError` when there is no such workflow; the query's errors (a workflow with no worker to
 *   answer it times out).
 */
export async function getFolderUpdateProgress(
  client: Client,
  workflowId: string,
  options: GetFolderUpdateProgressOptions = {},
): Promise<FolderUpdateWaitProgress> {
  const description = await client.workflow.getHandle(workflowId).describe();
  const { runId, historyLength } = description;
  const state = await workflowState(client, workflowId, runId, historyLength, options.previous);
  const base = {
    ...withoutUndefined(state),
    workflowId,
    runId,
    workflowStatus: description.status.name,
    historyLength,
    workflowState: state,
  };
  if (description.status.name !== 'RUNNING') return { ...base, phase: 'closed' };

  const pending = (description.raw.pendingActivities ?? []).find((a) =>
    POLL_ACTIVITIES.has(a.activityType?.name ?? ''),
  );
  if (!pending) return { ...base, phase: 'sleeping' };
  const converter = client.options.loadedDataConverter;
  const failure = await decodeOptionalFailureToOptionalError(converter, pending.lastFailure);
  const retry = {
    ...((pending.attempt ?? 1) > 1 ? { attempt: pending.attempt as number } : {}),
    ...(failure ? { lastFailure: failure.message } : {}),
  };
  if (pending.activityType?.name === 'pollFolderUpdateUntilDone') {
    return { ...base, ...retry, ...retryPhaseProgress(failure), phase: 'retry-phase' };
  }
  if (pending.activityType?.name !== 'watchFolderUpdate') return { ...base, ...retry, phase: 'polling' };
  return { ...base, ...retry, ...(await earlyWindowProgress(converter, pending, state)), phase: 'early-window' };
}

/** The early-window poller's count and last status, on top of the polls made before its window. */
async function earlyWindowProgress(
  converter: Client['options']['loadedDataConverter'],
  pending: PendingActivity,
  state: FolderUpdateProgress,
): Promise<Partial<FolderUpdateWaitProgress>> {
  const payloads = pending.heartbeatDetails?.payloads;
  const details = payloads?.length ? await decodeFromPayloadsAtIndex<unknown>(converter, 0, payloads) : undefined;
  const watch = watchProgressOf(details);
  const heartbeatMs = optionalTsToMs(pending.lastHeartbeatTime);
  const asOf = heartbeatMs !== undefined ? { progressAsOf: new Date(heartbeatMs).toISOString() } : {};
  if (!watch || watch.polls === 0) return asOf;
  const lastStatus: FolderUpdateStatus | undefined = watch.lastStatus ?? state.lastStatus;
  return {
    ...asOf,
    polls: state.polls + watch.polls,
    ...(lastStatus ? { lastStatus } : {}),
    ...(watch.lastPolledAtMs !== undefined ? { lastPolledAt: new Date(watch.lastPolledAtMs).toISOString() } : {}),
  };
}

/**
 * The retry phase's count and last status, from the pending activity's last failure: `details[0]` of a
 * `FolderUpdatePending` (a status read that was not done), `details[1]` of a failed request. None before its first
 * attempt failed (the workflow's own state stands then). Never ahead of the reads made.
 */
function retryPhaseProgress(failure: Error | undefined): Partial<FolderUpdateWaitProgress> {
  if (!(failure instanceof ApplicationFailure)) return {};
  const pendingRead = failure.type === FailureTypes.FolderUpdatePending;
  const p = (pendingRead ? failure.details?.[0] : failure.details?.[1]) as Partial<RetryPhaseProgress> | undefined;
  if (!p || typeof p !== 'object' || !Number.isSafeInteger(p.polls)) return {};
  return {
    polls: p.polls as number,
    ...(p.lastStatus ? { lastStatus: p.lastStatus } : {}),
    ...(p.lastPolledAtMs !== undefined ? { lastPolledAt: new Date(p.lastPolledAtMs).toISOString() } : {}),
    // A not-done read is how this phase polls, not a failure worth showing.
    ...(pendingRead ? { lastFailure: undefined } : {}),
  };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
