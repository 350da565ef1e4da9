/**
 * The `importFilesFromUrls` workflow: many HubSpot Files imports from URLs at once, on the migration's machinery
 * (`../migration/`): an `importFileFromUrl` child per valid import, at most `concurrency` at once (the migration's
 * start loop), the Updates `pause`, `resume`, `setConcurrency` and `cancel`, the queries `getProgress` and `getItems`
 * (pages of the per-import items), the same counts and Web UI details. It never fails as a whole for one import.
 *
 * Unlike a migration it runs in one run (at most 500 imports, `MAX_BATCH_IMPORTS`) and waits for its children, which
 * it cancels when it is canceled itself. Workflow-safe.
 */
import { condition, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { kindStartSummary } from '../../common/summaries';
import { failureFields } from '../folder-update/folder-item';
import { MAX_ERRORS_PER_ITEM } from '../folder-update/folder-update-types';
import { getItemsQuery, handleControls, handleProgress } from '../migration/migration-control';
import { countItem, noCounts, type OutcomeCounts } from '../migration/migration-counts';
import { pageOf } from '../migration/migration-items-page';
import { startWithinBounds } from '../migration/migration-loop';
import type { ItemsPage, MigrationControls } from '../migration/migration-types';
import { importFileFromUrl, type FileImportResult } from '../task-start/import-file-from-url';
import { childSearchAttributes } from '../visibility';
import { validateImportFilesInput, type QueuedImport } from './file-imports-input';
import type { FileImportItem, ImportFilesFromUrlsInput, ImportFilesFromUrlsResult } from './file-imports-types';

/** The workflow id of an import's child: `<batch id>/import-<index>`. */
export function importWorkflowId(batchId: string, index: number): string {
  return `${batchId}/import-${index}`;
}

/** The item of an import whose child returned. */
function itemFromImport({ index, url }: QueuedImport, result: FileImportResult): FileImportItem {
  const file = result.result;
  return {
    index,
    url,
    taskId: result.taskId,
    outcome: result.numErrors > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETE',
    ...(file?.id === undefined ? {} : { fileId: String(file.id) }),
    ...(file?.path === undefined ? {} : { path: String(file.path) }),
    numErrors: result.numErrors,
    errors: result.errors.slice(0, MAX_ERRORS_PER_ITEM),
  };
}

/**
 * Imports files from URLs: one `importFileFromUrl` child per valid import, at most `concurrency` at once.
 *
 * @returns the counts by outcome and the run id; the items come from the `getItems` query.
 * @throws `InvalidInput` for an empty or oversized `imports` list, a bad `concurrency` or bad poll options. A bad import
 *   does not fail the batch: it becomes a FAILED item.
 */
export async function importFilesFromUrls(input: ImportFilesFromUrlsInput): Promise<ImportFilesFromUrlsResult> {
  const { concurrency, pollOptions, queue, invalid } = validateImportFilesInput(input);
  const total = queue.length + invalid.length;
  const items: FileImportItem[] = [];
  const counts: OutcomeCounts = noCounts();
  const durations = { count: 0, totalMs: 0 };
  const controls: MigrationControls = { paused: false, canceling: false, concurrency };
  /** The imports in flight, by index: when each started. */
  const running = new Map<number, number>();
  const finish = (item: FileImportItem): void => {
    items.push(item);
    countItem(counts, item);
  };
  for (const item of invalid) finish(item);

  const showProgress = handleProgress(() => ({
    total,
    counts,
    controls,
    durations,
    queued: queue.length,
    runningStartedAtMs: [...running.values()],
  }));
  setHandler(getItemsQuery, (request) => pageOf(items, request) as unknown as ItemsPage);
  handleControls(controls, showProgress);

  const batchId = workflowInfo().workflowId;
  const typedSearchAttributes = childSearchAttributes({});
  const run = async (entry: QueuedImport): Promise<void> => {
    const startedAtMs = Date.now();
    running.set(entry.index, startedAtMs);
    let item: FileImportItem;
    try {
      const child = await startChild(importFileFromUrl, {
        workflowId: importWorkflowId(batchId, entry.index),
        args: [{ ...(entry.request as ImportFilesFromUrlsInput['imports'][number]), ...pollOptions }],
        staticSummary: kindStartSummary('file-import', entry.url),
        ...(typedSearchAttributes ? { typedSearchAttributes } : {}),
      });
      item = itemFromImport(entry, await child.result());
    } catch (err) {
      item = { index: entry.index, url: entry.url, ...failureFields(err) };
    }
    running.delete(entry.index);
    finish(item);
    durations.count++;
    durations.totalMs += Date.now() - startedAtMs;
    showProgress();
  };

  await startWithinBounds(
    queue,
    controls,
    () => running.size,
    (entry) => void run(entry),
    showProgress,
  );
  // A cancel leaves the rest NOT_STARTED; so does a server's suggestion to continue as new (a batch runs in one run).
  const message = controls.canceling
    ? 'The batch was canceled (Update cancel) before its turn'
    : 'The batch stopped starting imports: its history is as long as one run should be; import the rest in another batch';
  for (const { index, url } of queue.splice(0)) {
    finish({ index, url, outcome: 'NOT_STARTED', numErrors: 0, errors: [], message });
  }
  await condition(() => running.size === 0);
  showProgress();
  return { total, ...counts, canceledByUser: controls.canceling, runIds: [workflowInfo().runId] };
}
