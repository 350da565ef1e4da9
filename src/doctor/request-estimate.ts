/**
 * How many HubSpot requests a migration makes, estimated from its number of folders, before it runs (`doctor --plan`,
 * `migrate`'s checks). Per folder, what `updateFolderAndWait` does (`workflows/folder-update/checked-folder-update.ts`):
 *
 * requests per folder = 1 folder read + 1 POST + polls + 1 read back + 1 read of the new parent = 4 + polls,
 *
 * where polls = the polls the backoff schedule makes while a task runs `taskDuration` (the first poll at once, then one
 * after each wait of `pollDelayMs`, with the waits taken at their shortest, 10% jitter off: an upper bound). With the
 * default poll options and a task of 1 minute: waits of 1.8, 2.7, 4.05 … 30.8 s, 9 polls, 13 requests a folder. A row
 * already in its target state costs 1 (the first read) and a retried POST 1 more read: the estimate is for rows that
 * change, once each. Pure.
 */
import { pollDelayMs, type BackoffSchedule } from '../common/backoff';

/** Requests a folder costs besides its polls: the read before, the POST, the read back and the new parent's read. */
export const REQUESTS_PER_FOLDER_BESIDES_POLLS = 4;

/** The estimate for `folders` folders whose tasks each run `taskDurationMs`, polled on `schedule`. */
export function estimateRequests(folders: number, taskDurationMs: number, schedule: BackoffSchedule): RequestEstimate {
  const pollsPerFolder = pollsWithin(taskDurationMs, schedule);
  const requestsPerFolder = REQUESTS_PER_FOLDER_BESIDES_POLLS + pollsPerFolder;
  return { folders, taskDurationMs, pollsPerFolder, requestsPerFolder, requests: folders * requestsPerFolder };
}

/** The polls of one wait on a task that runs `durationMs`: one at once, one after each (shortest) wait until then. */
export function pollsWithin(durationMs: number, schedule: BackoffSchedule): number {
  let polls = 1;
  for (let elapsed = 0; elapsed < durationMs; polls++) elapsed += pollDelayMs(polls - 1, schedule, () => 1);
  return polls;
}

/** A migration's estimated HubSpot requests. */
export interface RequestEstimate {
  /** Folders of the migration (its rows). */
  folders: number;
  /** How long each task is taken to run, in milliseconds. */
  taskDurationMs: number;
  /** Polls of one wait on a task that runs `taskDurationMs`. */
  pollsPerFolder: number;
  /** 4 + `pollsPerFolder`. */
  requestsPerFolder: number;
  /** `folders` × `requestsPerFolder`. */
  requests: number;
}
