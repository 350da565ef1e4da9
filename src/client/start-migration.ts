/**
 * `startMigration`: start (or attach to) a `migrateFolders` workflow, as the CLI's `migrate` does.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { invalidInput } from '../common/invalid-input';
import { hubspotSearchAttributes } from '../common/search-attributes';
import { migrationDetails, migrationSummary } from '../common/summaries';
import { WORKER_DEFAULTS } from '../worker-config';
import { migrateFolders } from '../workflows/migration/migrate-folders';
import { validateMigrateFoldersInput } from '../workflows/migration/migration-input';
import type { MigrateFoldersInput } from '../workflows/migration/migration-types';
import { startOrAttach, type Reached, type StartOptions } from './start-or-attach';
import { jsonDigest } from './json-digest';

/** What a migration or batch id may hold: 1 to 200 letters, digits or `. _ : / -`. */
const MIGRATION_ID = /^[\w.:/-]{1,200}$/;

/**
 * Checks a workflow id given for a migration or a batch.
 *
 * @throws `InvalidInput` naming `field` and the value unless it is 1 to 200 letters, digits or `. _ : / -`.
 */
export function checkBatchId(field: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || !MIGRATION_ID.test(value))) {
    throw invalidInput(field, value, 'must be 1-200 letters, digits or . _ : / -');
  }
}

/**
 * Starts a migration of many folder updates, or attaches to it: its workflow id is `migrationId`, by default
 * `hubspot-folder-migration-<first 16 hex digits of the SHA-256 of the updates' JSON>`, so a second call with the same
 * updates returns the running (or completed) migration instead of starting another. The start carries the Web UI
 * summary and details, and the `HubSpotMigrationId` search attribute when the namespace has the package's search
 * attributes registered. `handle.result()` is a `MigrationResult`; `readMigrationItems` reads its items.
 *
 * @throws `InvalidInput` naming the field and the value for an empty or oversized `updates` list, a bad
 *   `concurrency`, `lostFolderCheck`, `migrationId` or poll option, before any call to Temporal. A bad row does not
 *   throw: it becomes a FAILED item of the migration.
 */
export async function startMigration(
  client: Client,
  options: MigrationOptions,
): Promise<WorkflowHandle<typeof migrateFolders>> {
  return (await reachMigration(client, options)).handle;
}

/** {@link startMigration}, saying how it reached the workflow (for the CLI). */
export async function reachMigration(
  client: Client,
  options: MigrationOptions,
): Promise<Reached<typeof migrateFolders>> {
  const { migrationId, taskQueue, continuation: _internal, ...input } = options ?? ({} as MigrationOptions);
  const { pollOptions, concurrency } = validateMigrateFoldersInput(input);
  checkBatchId('migrationId', migrationId);
  const workflowId = migrationId ?? defaultMigrationId(input.updates);
  return await startOrAttach(client, migrateFolders, {
    workflowId,
    taskQueue: taskQueue ?? WORKER_DEFAULTS.taskQueue,
    args: [input],
    staticSummary: migrationSummary(input.updates),
    staticDetails: migrationDetails(input.updates, { concurrency, ...pollOptions }),
    searchAttributes: () => hubspotSearchAttributes({ migrationId: workflowId }),
  });
}

/** `hubspot-folder-migration-<16 hex digits>`: the id of a migration of `updates` started without a `migrationId`. */
function defaultMigrationId(updates: unknown): string {
  return `hubspot-folder-migration-${jsonDigest(updates)}`;
}

/** A migration: the `migrateFolders` input, its workflow id and the task queue. */
export interface MigrationOptions extends MigrateFoldersInput, StartOptions {
  /** The migration's workflow id. Defaults to one derived from the updates (see {@link startMigration}). */
  migrationId?: string;
}
