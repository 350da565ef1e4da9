/**
 * Start a HubSpot task of any kind and wait on it: the input checked before any HTTP call, one start POST
 * (`startHubSpotTask`, retried at most 5 times within 5 minutes: HubSpot does not deduplicate it), then an
 * `awaitHubSpotTask` child with the id `hubspot-<kind>-<taskId>`, whose failure is re-raised with its own type. The
 * three start-and-wait workflows (`importFileFromUrl`, `exportCrmRecords`, `extractSourceCode`) are this with their
 * kind. Workflow-safe.
 */
import { executeChild, proxyActivities } from '@temporalio/workflow';
import type { HubSpotActivities } from '../../activities';
import { kindStartSummary } from '../../common/summaries';
import { TASK_KIND_FACTS } from '../../common/task-kinds';
import type { HubSpotTaskKind } from '../../common/task-kinds/task-kind-names';
import { START_ACTIVITY_OPTIONS } from '../activity-options';
import { awaitHubSpotTask, type AwaitHubSpotTaskResult } from '../await/await-hubspot-task';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../await/poll-options';
import { sameTypedFailure } from '../typed-failure';
import { kindAwaitChildMetadata } from '../visibility';
import { taskWorkflowId } from '../workflow-ids';

/**
 * Starts a task of `kind` with `request` (its start input, checked by the kind's validation first, with the poll
 * options) and waits on it.
 *
 * @param what - what the start does, for the activity's summary: `file https://… into /imports`.
 * @throws `InvalidInput` before any HTTP call; the start's own typed failures (`HubSpotForbidden`, …); the wait's
 *   (see `awaitHubSpotTask`).
 */
export async function startAndWait<K extends HubSpotTaskKind>(
  kind: K,
  request: unknown,
  pollOptions: PollOptions,
  what: string,
): Promise<AwaitHubSpotTaskResult<K>> {
  const valid = TASK_KIND_FACTS[kind].validateStart(request);
  const options = pickPollOptions(pollOptions);
  resolvePollOptions(options);
  const { startHubSpotTask } = proxyActivities<HubSpotActivities>({
    ...START_ACTIVITY_OPTIONS,
    summary: kindStartSummary(kind, what),
  });
  try {
    const { taskId } = await startHubSpotTask({ kind, request: valid });
    return await executeChild(awaitHubSpotTask<K>, {
      workflowId: taskWorkflowId(kind, taskId),
      args: [{ kind, taskId, ...options }],
      ...kindAwaitChildMetadata(kind, taskId, options),
    });
  } catch (err) {
    throw sameTypedFailure(err) ?? err;
  }
}
