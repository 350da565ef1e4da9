/**
 * Temporal's "infrequent polling" pattern, for comparison only: one activity polls once and fails with a retryable
 * error while the task is not terminal, and the activity's retry policy is the loop (initialInterval = the poll
 * interval, backoffCoefficient, maximumInterval = the longest interval). Retries leave no history, but each attempt
 * is a billed action. Workflow code: no Node built-ins.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { InfrequentPollingActivities, PolledOnce } from './infrequent-polling-activity';

/** Input of {@link infrequentPollingAwait}. Durations in milliseconds. */
export interface InfrequentPollingInput {
  taskId: string;
  initialPollIntervalMs: number;
  backoffCoefficient: number;
  maxPollIntervalMs: number;
  /** How long to wait in all (the activity's schedule-to-close timeout). */
  timeoutMs: number;
}

/** Waits for a folder-update task with server-side activity retries as the poll loop. */
export async function infrequentPollingAwait(input: InfrequentPollingInput): Promise<PolledOnce> {
  const { pollStatusOnce } = proxyActivities<InfrequentPollingActivities>({
    startToCloseTimeout: '30s',
    scheduleToCloseTimeout: input.timeoutMs,
    retry: {
      initialInterval: input.initialPollIntervalMs,
      backoffCoefficient: input.backoffCoefficient,
      maximumInterval: input.maxPollIntervalMs,
      nonRetryableErrorTypes: ['HubSpotInvalidResponse'],
    },
  });
  return pollStatusOnce(input.taskId);
}
