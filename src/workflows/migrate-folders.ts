/**
 * The `migrateFolders` workflow: runs an `updateFolderAndWait` child per folder with bounded concurrency, never fails
 * as a whole for one folder, and continues as new every {@link MAX_CHILDREN_PER_RUN} children so that a migration of
 * thousands of folders keeps a small history.
 */
import {
  condition,
  continueAsNew,
  defineQuery,
  executeChild,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { invalidInput } from '../common/invalid-input';
import { folderUpdateDetails, folderUpdateSummary } from '../common/summaries';
import { itemFromFailure, itemFromResult } from './migration-item';
import { checkRows } from './migration-rows';
import {
  DEFAULT_MIGRATION_CONCURRENCY,
  MAX_MIGRATION_CONCURRENCY,
  MAX_MIGRATION_UPDATES,
  type IndexedItem,
  type MigrateFoldersInput,
  type MigrationContinuation,
  type MigrationProgress,
  type MigrationResult,
  type QueuedUpdate,
} from './migration-types';
import { pickPollOptions, resolvePollOptions } from './poll-options';
import { updateFolderAndWait } from './update-folder-and-wait';
import { childSearchAttributes } from './visibility';

/** Query `getProgress`: the migration's counts so far. */
export const getProgressQuery = defineQuery<MigrationProgress>('getProgress');

/**
 * Children started per run before the workflow drains and continues as new. At about 7 history events a child, a run
 * stays under 2,000 events.
 */
export const MAX_CHILDREN_PER_RUN = 250;

function checkInput(input: MigrateFoldersInput): { concurrency: number } {
  if (input === null || typeof input !== 'object') {
    throw invalidInput('input', input, 'must be an object { updates, concurrency?, ...poll options }');
  }
  resolvePollOptions(pickPollOptions(input));
  const concurrency = input.concurrency ?? DEFAULT_MIGRATION_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > MAX_MIGRATION_CONCURRENCY) {
    throw invalidInput('concurrency', concurrency, `must be a whole number from 1 to ${MAX_MIGRATION_CONCURRENCY}`);
  }
  if (input.continuation) return { concurrency };
  if (!Array.isArray(input.updates)) throw invalidInput('updates', input.updates, 'must be an array of folder updates');
  if (input.updates.length === 0) throw invalidInput('updates', input.updates, 'must hold at least one folder update');
  if (input.updates.length > MAX_MIGRATION_UPDATES) {
    throw invalidInput(
      'updates',
      `${input.updates.length} updates`,
      `must hold at most ${MAX_MIGRATION_UPDATES}; split the migration`,
    );
  }
  return { concurrency };
}

function tally(items: readonly IndexedItem[], running: number, total: number): MigrationProgress {
  const count = (o: IndexedItem['outcome']): number => items.filter((i) => i.outcome === o).length;
  return {
    total,
    completed: count('COMPLETE'),
    completedWithErrors: count('COMPLETED_WITH_ERRORS'),
    canceled: count('CANCELED'),
    failed: count('FAILED'),
    alreadyDone: count('ALREADY_DONE'),
    mismatched: count('MISMATCH'),
    running,
    done: items.length,
  };
}

/** The Web UI's current details of a migration: its counts (markdown). */
function progressDetails(p: MigrationProgress): string {
  return (
    `**${p.done} of ${p.total} done** · ${p.completed} complete · ${p.completedWithErrors} with errors · ` +
    `${p.canceled} canceled · ${p.failed} failed · ${p.running} running`
  );
}

/**
 * Migrates folders: one `updateFolderAndWait` child per valid row, at most `concurrency` at once.
 *
 * @returns `{ total, completed, completedWithErrors, canceled, failed, items }`, one item per row in input order.
 * @throws `InvalidInput` for an empty or oversized `updates` list, a bad `concurrency` or bad poll options. Bad rows do
 *   not fail the migration: they become FAILED items.
 */
export async function migrateFolders(input: MigrateFoldersInput): Promise<MigrationResult> {
  const { concurrency } = checkInput(input);
  const pollOptions = pickPollOptions(input);
  let state: MigrationContinuation;
  if (input.continuation) {
    state = input.continuation;
  } else {
    const { queue, invalid } = checkRows(input.updates);
    state = { total: input.updates.length, done: invalid, queue };
  }
  const queue: QueuedUpdate[] = [...state.queue];
  const done: IndexedItem[] = [...state.done];
  let running = 0;
  setHandler(getProgressQuery, () => tally(done, running, state.total));
  const showProgress = (): void => setCurrentDetails(progressDetails(tally(done, running, state.total)));

  const parentId = workflowInfo().workflowId;
  const runOne = async ({ index, update }: QueuedUpdate): Promise<void> => {
    try {
      const result = await executeChild(updateFolderAndWait, {
        workflowId: `${parentId}/folder-${update.folderId}`,
        args: [{ ...update, ...pollOptions }],
        staticSummary: folderUpdateSummary(update),
        staticDetails: folderUpdateDetails(update, pollOptions),
        typedSearchAttributes: childSearchAttributes({ folderId: update.folderId, migrationId: parentId }),
      });
      done.push({ index, ...itemFromResult(result) });
    } catch (err) {
      done.push({ index, ...itemFromFailure(update.folderId, err) });
    } finally {
      running--;
      showProgress();
    }
  };

  for (let started = 0; queue.length > 0; started++) {
    if (started >= MAX_CHILDREN_PER_RUN || workflowInfo().continueAsNewSuggested) break;
    await condition(() => running < concurrency);
    const next = queue.shift() as QueuedUpdate;
    running++;
    showProgress();
    void runOne(next);
  }
  await condition(() => running === 0);

  if (queue.length > 0) {
    return await continueAsNew<typeof migrateFolders>({
      ...pollOptions,
      concurrency,
      updates: [],
      continuation: { total: state.total, done, queue },
      ...(input.retryOf === undefined ? {} : { retryOf: input.retryOf }),
    });
  }
  const { running: _running, done: _done, ...counts } = tally(done, 0, state.total);
  const items = done.sort((a, b) => a.index - b.index).map(({ index: _index, ...item }) => item);
  return { ...counts, items, ...(input.retryOf === undefined ? {} : { retryOf: input.retryOf }) };
}
