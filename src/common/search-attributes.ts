/**
 * The package's custom search attributes, so that visibility queries can list waits and migrations: which are still
 * PROCESSING, which belong to a migration, which wait on a task or a folder.
 *
 * They are **on when a workflow's start carries them**: a workflow upserts `HubSpotTaskStatus` only when its start set
 * one of these keys, and passes them to its children only then. A server that lacks them therefore never makes a wait
 * fail: the starter (the CLI checks the namespace first) simply does not set them. Register them with
 * `temporal operator search-attribute create` (see the README); the embedded dev server registers them itself.
 */
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';

/** The HubSpot task id a wait follows (Keyword). */
export const HubSpotTaskId = defineSearchAttributeKey('HubSpotTaskId', 'KEYWORD');
/** The HubSpot folder a wait or an update works on (Keyword). */
export const HubSpotFolderId = defineSearchAttributeKey('HubSpotFolderId', 'KEYWORD');
/** The task's last status seen: PENDING, PROCESSING, COMPLETE or CANCELED (Keyword). */
export const HubSpotTaskStatus = defineSearchAttributeKey('HubSpotTaskStatus', 'KEYWORD');
/** The workflow id of the migration a workflow belongs to (Keyword). */
export const HubSpotMigrationId = defineSearchAttributeKey('HubSpotMigrationId', 'KEYWORD');
/**
 * The kind of the task a wait or a start-and-wait workflow works on: `folder-update`, `file-import`, `crm-export` or
 * `source-code-extract` (Keyword `HubSpotTaskKind`). The constant is named `…Key` because `HubSpotTaskKind` is the
 * kinds' type.
 */
export const HubSpotTaskKindKey = defineSearchAttributeKey('HubSpotTaskKind', 'KEYWORD');

/** Every custom search attribute of the package, with its type, as `temporal operator search-attribute create` takes. */
export const HUBSPOT_SEARCH_ATTRIBUTES = [
  HubSpotTaskId,
  HubSpotFolderId,
  HubSpotTaskStatus,
  HubSpotMigrationId,
  HubSpotTaskKindKey,
];

/**
 * The attributes the workflows themselves write (upsert, or pass to their children): a start sets any attribute only
 * when these are all registered. `HubSpotTaskKind` is set at start by the client helpers only, and passed on to the
 * children of a workflow that carries it, so a namespace registered before it existed keeps the other four.
 */
export const CORE_SEARCH_ATTRIBUTES = [HubSpotTaskId, HubSpotFolderId, HubSpotTaskStatus, HubSpotMigrationId];

/** What a start can say about its workflow; each given field becomes one search attribute. */
export interface HubSpotSearchFields {
  taskId?: string;
  folderId?: string;
  status?: string;
  migrationId?: string;
  kind?: string;
}

/** The search attributes of a start, for `typedSearchAttributes` (only the fields given). */
export function hubspotSearchAttributes(fields: HubSpotSearchFields): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [];
  if (fields.taskId !== undefined) pairs.push({ key: HubSpotTaskId, value: fields.taskId });
  if (fields.folderId !== undefined) pairs.push({ key: HubSpotFolderId, value: fields.folderId });
  if (fields.status !== undefined) pairs.push({ key: HubSpotTaskStatus, value: fields.status });
  if (fields.migrationId !== undefined) pairs.push({ key: HubSpotMigrationId, value: fields.migrationId });
  if (fields.kind !== undefined) pairs.push({ key: HubSpotTaskKindKey, value: fields.kind });
  return pairs;
}
