/**
 * One line of text for where a folder-update wait stands (from `getFolderUpdateProgress`), for the live progress line
 * and `status`.
 */
import type { Client } from '@temporalio/client';
import { getFolderUpdateProgress, type FolderUpdateWaitProgress } from '../client/get-folder-update-progress';
import { formatDuration } from './format';

/** What the phases are called on screen. */
const PHASE_NAMES: Record<FolderUpdateWaitProgress['phase'], string> = {
  'early-window': 'early window',
  polling: 'polling',
  'retry-phase': 'retry phase',
  sleeping: 'waiting',
  closed: 'closed',
};

/**
 * `{ key, text }` for a wait's progress: `key` is the state (status, poll count, phase, a retry's attempt), the part
 * that matters when piped; `text` adds the times (relative to `nowMs`) and the last failure.
 */
export function folderUpdateProgressText(
  p: FolderUpdateWaitProgress,
  nowMs: number = Date.now(),
): { key: string; text: string } {
  const status = p.lastStatus?.status ?? 'not polled yet';
  // In the retry phase every attempt is a poll: the attempt number is not a retry there.
  const retry = p.attempt !== undefined && p.phase !== 'retry-phase' ? ` · attempt ${p.attempt}` : '';
  const key = `task ${p.taskId}: ${status} · ${p.polls} polls · ${PHASE_NAMES[p.phase]}${retry}`;
  const parts = [key];
  if (p.lastStatus && p.lastStatus.numErrors > 0) parts.push(`${p.lastStatus.numErrors} errors`);
  if (p.lastPolledAt) parts.push(`last poll ${formatDuration(nowMs - Date.parse(p.lastPolledAt))} ago`);
  if (p.nextPollAt) parts.push(`next poll in ${formatDuration(Date.parse(p.nextPollAt) - nowMs)}`);
  if (p.lastFailure) parts.push(`last failure: ${p.lastFailure}`);
  return { key, text: parts.join(' · ') };
}

/**
 * A reader for a live progress line: each call reads the wait's progress with `getFolderUpdateProgress`, passing the
 * last answer for the same workflow, so that the workflow is queried only when its history has grown (once for the
 * whole early window), and `describe()` (not an action) does the rest.
 */
export function folderUpdateProgressReader(
  client: Client,
): (workflowId: string, nowMs?: number) => Promise<{ key: string; text: string; progress: FolderUpdateWaitProgress }> {
  const previous = new Map<string, FolderUpdateWaitProgress>();
  return async (workflowId, nowMs = Date.now()) => {
    const progress = await getFolderUpdateProgress(client, workflowId, { previous: previous.get(workflowId) });
    previous.set(workflowId, progress);
    return { ...folderUpdateProgressText(progress, nowMs), progress };
  };
}
