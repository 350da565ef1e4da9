/**
 * `startFileImports` and `readFileImportItems`: start (or attach to) an `importFilesFromUrls` batch, as the CLI's
 * `import-files` does, and read its per-import items.
 */
import type { Client, WorkflowClient, WorkflowHandle } from '@temporalio/client';
import { hubspotSearchAttributes } from '../common/search-attributes';
import { WORKER_DEFAULTS } from '../worker-config';
import { validateImportFilesInput } from '../workflows/file-imports/file-imports-input';
import type {
  FileImportItem,
  ImportFilesFromUrlsInput,
  ImportFilesFromUrlsResult,
} from '../workflows/file-imports/file-imports-types';
import { importFilesFromUrls } from '../workflows/file-imports/import-files-from-urls';
import { jsonDigest } from './json-digest';
import { readRunItems } from './read-migration-items';
import { checkBatchId } from './start-migration';
import { startOrAttach, type Reached, type StartOptions } from './start-or-attach';

/**
 * Starts a batch of file imports from URLs, or attaches to it: its workflow id is `batchId`, by default
 * `hubspot-file-imports-<16 hex digits of the SHA-256 of the imports' JSON>`, so the same imports attach instead of
 * importing twice. The start carries the Web UI summary and, when the namespace has them registered, the
 * `HubSpotMigrationId` (the batch's id) and `HubSpotTaskKind` (`file-import`) search attributes, which its imports'
 * waits carry too (`list --kind file-import --migration <batch id>`). `handle.result()` is the counts;
 * {@link readFileImportItems} reads the items. Pause, resume, re-size or cancel it with the migration's Updates.
 *
 * @throws `InvalidInput` naming the field and the value for an empty or oversized `imports` list, a bad
 *   `concurrency`, `batchId` or poll option, before any call to Temporal. A bad import does not throw: it becomes a
 *   FAILED item of the batch.
 */
export async function startFileImports(
  client: Client,
  options: FileImportsOptions,
): Promise<WorkflowHandle<typeof importFilesFromUrls>> {
  return (await reachFileImports(client, options)).handle;
}

/** {@link startFileImports}, saying how it reached the workflow (for the CLI). */
export async function reachFileImports(
  client: Client,
  options: FileImportsOptions,
): Promise<Reached<typeof importFilesFromUrls>> {
  const { batchId, taskQueue, ...input } = options ?? ({} as FileImportsOptions);
  const { queue, invalid } = validateImportFilesInput(input);
  checkBatchId('batchId', batchId);
  const workflowId = batchId ?? `hubspot-file-imports-${jsonDigest(input.imports)}`;
  const total = queue.length + invalid.length;
  return await startOrAttach(client, importFilesFromUrls, {
    workflowId,
    taskQueue: taskQueue ?? WORKER_DEFAULTS.taskQueue,
    args: [input],
    staticSummary: `Import ${total} file${total === 1 ? '' : 's'} into HubSpot from URLs`,
    staticDetails: `**${total} imports** (${invalid.length} invalid), each an \`importFileFromUrl\` child.`,
    searchAttributes: () => hubspotSearchAttributes({ migrationId: workflowId, kind: 'file-import' }),
  });
}

/** The batch's items, one per import, in input order; a worker must be polling the task queue (see `getItems`). */
export async function readFileImportItems(
  client: Pick<WorkflowClient, 'getHandle'>,
  workflowId: string,
  result: ImportFilesFromUrlsResult,
): Promise<FileImportItem[]> {
  return await readRunItems<FileImportItem>(client, workflowId, result.runIds);
}

/** A batch of file imports: the `importFilesFromUrls` input, its workflow id and the task queue. */
export interface FileImportsOptions extends ImportFilesFromUrlsInput, StartOptions {
  /** The batch's workflow id. Defaults to one derived from the imports (see {@link startFileImports}). */
  batchId?: string;
}
