/**
 * The `getStatus` query of a wait (`awaitFolderUpdate`, `awaitHubSpotTask`): its progress. Workflow-safe.
 */
import { defineQuery } from '@temporalio/workflow';
import type { FolderUpdateStatus } from '../../common/folder-update-status';

/** What the `getStatus` query returns. Times are ISO date-times in workflow time. */
export interface FolderUpdateProgress {
  taskId: string;
  /** The last status read, if any. */
  lastStatus?: FolderUpdateStatus;
  /** Status responses read so far, over all runs. */
  polls: number;
  lastPolledAt?: string;
  /** When the next poll is due, while the workflow sleeps. */
  nextPollAt?: string;
}

/** Query `getStatus`: the progress of an `awaitFolderUpdate` workflow. */
export const getStatusQuery = defineQuery<FolderUpdateProgress>('getStatus');
