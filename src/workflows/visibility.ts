/**
 * What a workflow shows of itself while it runs: its HubSpot search attributes, its current details in the Web UI,
 * and the wait's metrics (`folder_update_polls`, `folder_update_outcomes`).
 *
 * Search attributes are on when the workflow's start carried one of the package's keys (see
 * `../common/search-attributes.ts`); otherwise nothing is upserted and children start without them, so a server that
 * lacks them never fails a wait.
 * Metrics go through the workflow `metricMeter`, which emits nothing during replay.
 */
import type { SearchAttributePair } from '@temporalio/common';
import { metricMeter, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { FolderUpdateTaskStatus } from '../common/folder-update-status';
import {
  HUBSPOT_SEARCH_ATTRIBUTES,
  HubSpotFolderId,
  HubSpotMigrationId,
  HubSpotTaskKindKey,
  HubSpotTaskStatus,
  hubspotSearchAttributes,
  type HubSpotSearchFields,
} from '../common/search-attributes';
import { awaitDetails, awaitSummary, kindAwaitDetails, kindAwaitSummary } from '../common/summaries';

/** True when this workflow's start carried one of the package's search attributes. */
export function searchAttributesOn(): boolean {
  const attrs = workflowInfo().typedSearchAttributes;
  return HUBSPOT_SEARCH_ATTRIBUTES.some((key) => attrs.get(key) !== undefined);
}

/**
 * The search attributes of a child: `fields`, plus the folder, migration and task kind this workflow carries, or
 * `undefined` when search attributes are off for this workflow. A workflow whose start did not carry
 * `HubSpotTaskKind` (every start before it existed) gives its children exactly the attributes it gave them before.
 */
export function childSearchAttributes(
  fields: HubSpotSearchFields,
): ReturnType<typeof hubspotSearchAttributes> | undefined {
  if (!searchAttributesOn()) return undefined;
  const attrs = workflowInfo().typedSearchAttributes;
  return hubspotSearchAttributes({
    folderId: attrs.get(HubSpotFolderId),
    migrationId: attrs.get(HubSpotMigrationId),
    kind: attrs.get(HubSpotTaskKindKey),
    ...fields,
  });
}

/** The Web UI summary, details and search attributes of the `awaitFolderUpdate` child that waits on `taskId`. */
export function awaitChildMetadata(
  taskId: string,
  folderId: string,
  pollOptions: object,
): { staticSummary: string; staticDetails: string; typedSearchAttributes?: SearchAttributePair[] } {
  const typedSearchAttributes = childSearchAttributes({ taskId, folderId, status: 'PENDING' });
  return {
    staticSummary: awaitSummary(taskId, folderId),
    staticDetails: awaitDetails(taskId, pollOptions, folderId),
    ...(typedSearchAttributes ? { typedSearchAttributes } : {}),
  };
}

/** The Web UI summary, details and search attributes of the `awaitHubSpotTask` child that waits on a task of `kind`. */
export function kindAwaitChildMetadata(
  kind: string,
  taskId: string,
  pollOptions: object,
): { staticSummary: string; staticDetails: string; typedSearchAttributes?: SearchAttributePair[] } {
  const typedSearchAttributes = childSearchAttributes({ taskId, status: 'PENDING' });
  return {
    staticSummary: kindAwaitSummary(kind, taskId),
    staticDetails: kindAwaitDetails(kind, taskId, pollOptions),
    ...(typedSearchAttributes ? { typedSearchAttributes } : {}),
  };
}

/** Sets `HubSpotTaskStatus` when it is on and the status changed: one upsert per change, not per poll. */
export function recordTaskStatus(status: FolderUpdateTaskStatus): void {
  if (!searchAttributesOn()) return;
  if (workflowInfo().typedSearchAttributes.get(HubSpotTaskStatus) === status) return;
  upsertSearchAttributes([{ key: HubSpotTaskStatus, value: status }]);
}

/** Adds `n` status responses read to `folder_update_polls`. */
export function countPolls(n: number): void {
  if (n > 0) metricMeter.createCounter('folder_update_polls', 'polls', 'HubSpot task status responses read').add(n);
}

/**
 * The wait metrics of a task of `kind`: a folder update counts in `folder_update_polls` and `folder_update_outcomes`
 * (unchanged), every other kind in `hubspot_task_polls` {kind} and `hubspot_task_outcomes` {kind, outcome}, so that the
 * folder figures count folder updates only.
 */
export function waitMetrics(kind: string): WaitMetrics {
  if (kind === 'folder-update') return { polls: countPolls, outcome: countOutcome };
  return {
    polls: (n) => {
      if (n > 0)
        metricMeter
          .createCounter('hubspot_task_polls', 'polls', 'HubSpot task status responses read, by kind')
          .add(n, { kind });
    },
    outcome: (outcome) =>
      metricMeter
        .createCounter('hubspot_task_outcomes', 'waits', 'HubSpot task waits ended, by kind and outcome')
        .add(1, { kind, outcome }),
  };
}

/** How a wait counts its polls and its end. */
export interface WaitMetrics {
  /** Adds `n` status responses read. */
  polls(n: number): void;
  /** Counts the wait's end: COMPLETE, COMPLETED_WITH_ERRORS, CANCELED, TIMED_OUT or FAILED. */
  outcome(outcome: string): void;
}

/** Counts a wait's end in `folder_update_outcomes` {outcome}. */
export function countOutcome(outcome: string): void {
  metricMeter
    .createCounter('folder_update_outcomes', 'waits', 'Folder-update waits ended, by outcome')
    .add(1, { outcome });
}
