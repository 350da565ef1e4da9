/**
 * The `migrateFolders` workflow: runs an `updateFolderAndWait` child per folder with bounded concurrency, never fails
 * as a whole for one folder, and continues as new every `MAX_CHILDREN_PER_RUN` children (migration-pace.ts) so that a
 * migration of thousands of folders keeps a small history. Updates pause, resume, re-size or cancel it while it runs.
 *
 * Every payload is bounded: the items finished in a run stay in that run (query `getItems`, in pages of at most
 * 256 KiB); continue-as-new carries only the queue, the counts and the run ids; the result holds the counts and run ids.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  executeChild,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { invalidInput } from '../common/invalid-input';
import { folderUpdateDetails, folderUpdateSummary } from '../common/summaries';
import {
  cancelUpdate,
  checkConcurrency,
  getItemsQuery,
  getProgressQuery,
  pauseUpdate,
  resumeUpdate,
  setConcurrencyUpdate,
} from './migration-control';
import { countedItems, countItem, noCounts, type OutcomeCounts } from './migration-counts';
import { estimateRemainingMs } from './migration-eta';
import { itemFromFailure, itemFromResult } from './migration-item';
import { itemsPage } from './migration-items-page';
import { migrationPace, type MigrationPace } from './migration-pace';
import { checkRows } from './migration-rows';
import {
  MAX_MIGRATION_UPDATES,
  type IndexedItem,
  type MigrateFoldersInput,
  type MigrationControls,
  type MigrationProgress,
  type MigrationResult,
  type QueuedUpdate,
} from './migration-types';
import { pickPollOptions, resolvePollOptions } from './poll-options';
import { updateFolderAndWait } from './update-folder-and-wait';
import { childSearchAttributes } from './visibility';

export { getProgressQuery } from './migration-control';
export { BUDGET_BOUND_CONCURRENCY_PATCH, MAX_CHILDREN_PER_RUN, SATURATING_MIGRATION_PATCH } from './migration-pace';

function checkInput(input: MigrateFoldersInput, pace: MigrationPace): { concurrency: number } {
  if (input === null || typeof input !== 'object') {
    throw invalidInput('input', input, 'must be an object { updates, concurrency?, ...poll options }');
  }
  resolvePollOptions(pickPollOptions(input));
  const concurrency = checkConcurrency(input.concurrency ?? pace.defaultConcurrency());
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

/** The Web UI's current details of a migration: its counts and controls (markdown). */
function progressDetails(p: MigrationProgress): string {
  const state = p.canceling ? ' · **canceling**' : p.paused ? ' · **paused**' : '';
  return (
    `**${p.done} of ${p.total} done** · ${p.completed} complete · ${p.completedWithErrors} with errors · ` +
    `${p.canceled} canceled · ${p.failed} failed · ${p.running} running${state}`
  );
}

/** Rejects `pause` and `resume` once `cancel` was accepted (a validator: a rejected Update leaves no history). */
function refuseAfterCancel(controls: MigrationControls): void {
  if (controls.canceling) {
    throw ApplicationFailure.create({
      type: 'MigrationCanceling',
      message: 'The migration is being canceled: pause and resume no longer apply',
      nonRetryable: true,
    });
  }
}

/**
 * Migrates folders: one `updateFolderAndWait` child per valid row, at most `concurrency` at once.
 *
 * @returns the counts by outcome and the run ids; each run's items come from its `getItems` query.
 * @throws `InvalidInput` for an empty or oversized `updates` list, a bad `concurrency` or bad poll options. Bad rows do
 *   not fail the migration: they become FAILED items.
 */
export async function migrateFolders(input: MigrateFoldersInput): Promise<MigrationResult> {
  const pace = migrationPace();
  const { concurrency } = checkInput(input, pace);
  const pollOptions = pickPollOptions(input);
  const carried = input.continuation;
  const queue: QueuedUpdate[] = [];
  const items: IndexedItem[] = [];
  let total: number;
  if (carried) {
    total = carried.total;
    queue.push(...carried.queue);
    // A continuation from a worker before the compact one carries every finished item: this run answers for them.
    items.push(...(carried.done ?? []));
  } else {
    const rows = checkRows(input.updates);
    total = input.updates.length;
    queue.push(...rows.queue);
    items.push(...rows.invalid);
  }
  const counts: OutcomeCounts = carried?.counts ? { ...noCounts(), ...carried.counts } : noCounts();
  if (!carried?.counts) for (const item of items) countItem(counts, item);
  const durations = { count: 0, totalMs: 0, ...carried?.durations };
  const controls: MigrationControls = { paused: carried?.paused ?? false, canceling: false, concurrency };
  const runningSince = new Map<number, number>();
  const runIds = [...(carried?.priorRunIds ?? []), workflowInfo().runId];
  const retryOf = input.retryOf === undefined ? {} : { retryOf: input.retryOf };

  const progress = (): MigrationProgress => {
    const now = Date.now();
    const etaMs = estimateRemainingMs({
      durations,
      queued: queue.length,
      runningAgesMs: [...runningSince.values()].map((since) => now - since),
      concurrency: controls.concurrency,
    });
    return {
      total,
      ...counts,
      running: runningSince.size,
      done: countedItems(counts),
      ...controls,
      ...(etaMs !== undefined && !controls.paused ? { etaMs } : {}),
      ...(durations.count > 0 ? { meanFolderMs: Math.round(durations.totalMs / durations.count) } : {}),
    };
  };
  setHandler(getProgressQuery, progress);
  const showProgress = (): void => setCurrentDetails(progressDetails(progress()));
  setHandler(getItemsQuery, (request) => itemsPage(items, request));
  const answer = (): MigrationControls => ({ ...controls });
  const guard = { validator: () => refuseAfterCancel(controls) };
  const change = <A extends unknown[]>(apply: (...args: A) => void) => {
    return (...args: A): MigrationControls => {
      apply(...args);
      showProgress();
      return answer();
    };
  };
  setHandler(
    pauseUpdate,
    change(() => (controls.paused = true)),
    guard,
  );
  setHandler(
    resumeUpdate,
    change(() => (controls.paused = false)),
    guard,
  );
  setHandler(
    setConcurrencyUpdate,
    change((n: number) => (controls.concurrency = n)),
    {
      validator: (n) => void checkConcurrency(n),
    },
  );
  setHandler(
    cancelUpdate,
    change(() => (controls.canceling = true)),
  );

  const finish = (item: IndexedItem): void => {
    items.push(item);
    countItem(counts, item);
  };
  const parentId = workflowInfo().workflowId;
  const runOne = async ({ index, update }: QueuedUpdate): Promise<void> => {
    const startedAt = Date.now();
    runningSince.set(index, startedAt);
    try {
      const result = await executeChild(updateFolderAndWait, {
        workflowId: `${parentId}/folder-${update.folderId}`,
        args: [{ ...update, ...pollOptions }],
        staticSummary: folderUpdateSummary(update),
        staticDetails: folderUpdateDetails(update, pollOptions),
        typedSearchAttributes: childSearchAttributes({ folderId: update.folderId, migrationId: parentId }),
      });
      finish({ index, ...itemFromResult(result) });
    } catch (err) {
      finish({ index, ...itemFromFailure(update.folderId, err) });
    } finally {
      runningSince.delete(index);
      durations.count++;
      durations.totalMs += Date.now() - startedAt;
      showProgress();
    }
  };

  const pausedTooLong = (): boolean => controls.paused && workflowInfo().continueAsNewSuggested;
  for (let started = 0; queue.length > 0; started++) {
    if (started >= pace.childrenPerRun || workflowInfo().continueAsNewSuggested) break;
    await condition(
      () => controls.canceling || pausedTooLong() || (!controls.paused && runningSince.size < controls.concurrency),
    );
    if (controls.canceling || pausedTooLong()) break;
    void runOne(queue.shift() as QueuedUpdate);
    showProgress();
  }
  await condition(() => runningSince.size === 0);

  if (controls.canceling) {
    for (const { index, update } of queue.splice(0)) {
      finish({ index, folderId: update.folderId, outcome: 'NOT_STARTED', numErrors: 0, errors: [] });
    }
  }
  if (queue.length > 0) {
    await condition(allHandlersFinished);
    return await continueAsNew<typeof migrateFolders>({
      ...pollOptions,
      concurrency: controls.concurrency,
      updates: [],
      continuation: { total, queue, counts, priorRunIds: runIds, paused: controls.paused, durations },
      ...retryOf,
    });
  }
  return { total, ...counts, canceledByUser: controls.canceling, runIds, ...retryOf };
}
