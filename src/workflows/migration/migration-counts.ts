/**
 * Counting finished migration items by outcome. Pure.
 */
import type { MigrationCounts, MigrationItem, MigrationOutcome } from './migration-types';

/** The counts of a migration without its total. */
export type OutcomeCounts = Omit<MigrationCounts, 'total'>;

/** The count each outcome adds to. */
const COUNT_OF: Record<MigrationOutcome, keyof OutcomeCounts> = {
  COMPLETE: 'completed',
  COMPLETED_WITH_ERRORS: 'completedWithErrors',
  CANCELED: 'canceled',
  FAILED: 'failed',
  ALREADY_DONE: 'alreadyDone',
  MISMATCH: 'mismatched',
  NOT_STARTED: 'notStarted',
};

/** All counts at 0. */
export function noCounts(): OutcomeCounts {
  return { completed: 0, completedWithErrors: 0, canceled: 0, failed: 0, alreadyDone: 0, mismatched: 0, notStarted: 0 };
}

/** Adds `item` to `counts` (in place) and returns `counts`. */
export function countItem(counts: OutcomeCounts, item: Pick<MigrationItem, 'outcome'>): OutcomeCounts {
  counts[COUNT_OF[item.outcome]]++;
  return counts;
}

/** The sum of the counts: items finished in every outcome. */
export function countedItems(counts: OutcomeCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
