/**
 * How hard a `migrateFolders` run drives HubSpot's request budget: its default concurrency and how many children a run
 * starts before it continues as new, each chosen by the patches the migration was started under, so that a migration
 * started before a change keeps its behaviour on replay.
 */
import { patched } from '@temporalio/workflow';
import {
  BUDGET_BOUND_MIGRATION_CONCURRENCY,
  DEFAULT_MIGRATION_CONCURRENCY,
  LEGACY_MIGRATION_CONCURRENCY,
} from './migration-types';

/** The patch that raised the default concurrency from 5 to 100; a migration started before it keeps 5. */
export const BUDGET_BOUND_CONCURRENCY_PATCH = 'budget-bound-concurrency';

/**
 * The patch that raised the default concurrency from 100 to {@link DEFAULT_MIGRATION_CONCURRENCY} and the children per
 * run from {@link LEGACY_CHILDREN_PER_RUN} to {@link MAX_CHILDREN_PER_RUN}. A run started before it keeps the old
 * figures; a migration keeps its concurrency across continue-as-new (the continuation carries it).
 */
export const SATURATING_MIGRATION_PATCH = 'budget-saturating-migration';

/**
 * Children a run starts before it drains and continues as new: 500. A run records about 5 to 7 history events a
 * child, so it stays under the 4,096 events at which Temporal suggests continuing as new (the run also stops
 * starting children once the server suggests it, whatever the count). Each continue-as-new drains the run's
 * children first, so fewer, longer runs keep HubSpot's budget busier.
 */
export const MAX_CHILDREN_PER_RUN = 500;

/** Children per run before the `budget-saturating-migration` patch. */
export const LEGACY_CHILDREN_PER_RUN = 250;

/** A run's pace: its children per run, and the concurrency of a migration that names none. */
export interface MigrationPace {
  childrenPerRun: number;
  /** Consulted only when the input names no concurrency (the old patch's marker is recorded only then). */
  defaultConcurrency: () => number;
}

/** The pace of this run. Call it once, first thing in the run (it records the patch marker). */
export function migrationPace(): MigrationPace {
  if (patched(SATURATING_MIGRATION_PATCH)) {
    return { childrenPerRun: MAX_CHILDREN_PER_RUN, defaultConcurrency: () => DEFAULT_MIGRATION_CONCURRENCY };
  }
  return {
    childrenPerRun: LEGACY_CHILDREN_PER_RUN,
    defaultConcurrency: () =>
      patched(BUDGET_BOUND_CONCURRENCY_PATCH) ? BUDGET_BOUND_MIGRATION_CONCURRENCY : LEGACY_MIGRATION_CONCURRENCY,
  };
}
