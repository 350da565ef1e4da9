/**
 * The activity of the "infrequent polling" pattern (`infrequent-polling-workflow.ts`): one GET of the task status,
 * validated with the package's parser; a retryable `FolderUpdateNotTerminal` failure while the task is not terminal.
 * No heartbeats: the pattern's activity is one short request.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { parseFolderUpdateStatus } from '../src/activities';
import { isTerminalStatus } from '../src/common/folder-update-status';

/** What the activity returns once the task is terminal. */
export interface PolledOnce {
  taskId: string;
  status: string;
  /** Attempts made, i.e. status responses read. */
  polls: number;
}

/** The activities of the infrequent-polling pattern. */
export interface InfrequentPollingActivities {
  pollStatusOnce(taskId: string): Promise<PolledOnce>;
}

/** Builds the activity against `baseUrl` with a bearer `token`. */
export function createInfrequentPollingActivities(baseUrl: string, token: string): InfrequentPollingActivities {
  return {
    async pollStatusOnce(taskId: string): Promise<PolledOnce> {
      const url = `${baseUrl}/files/v3/folders/update/async/tasks/${encodeURIComponent(taskId)}/status`;
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (!response.ok) throw ApplicationFailure.retryable(`HTTP ${response.status}`, 'HubSpotHttpError');
      const status = parseFolderUpdateStatus(JSON.parse(text) as unknown, taskId);
      if (!isTerminalStatus(status.status)) {
        throw ApplicationFailure.retryable(`task ${taskId} is ${status.status}`, 'FolderUpdateNotTerminal');
      }
      return { taskId, status: status.status, polls: Context.current().info.attempt };
    },
  };
}
