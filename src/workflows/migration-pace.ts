/**
 * How hard a `migrateFolders` run drives HubSpot's request budget: its default concurrency, how many children a run
 * starts before it continues as new, and whether it waits for them first, each chosen by the patches the run was
 * started under, so that a run started before a change keeps its behaviour on replay.
 */
import { patched } from '@temporalio/workflow';
import { REPORTING_CHILDREN_PATCH } from './migration-children';
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
 * Children a run starts before it continues as new: 500. A run records about 5 to 7 history events a child, so it
 * stays under the 4,096 events at which Temporal suggests continuing as new (the run also stops starting children
 * once the server suggests it, whatever the count). Runs before the `migration-children-report` patch drain their
 * children before each continue-as-new, where fewer, longer runs kept HubSpot's budget busier.
 */
export const MAX_CHILDREN_PER_RUN = 500;

/** Children per run before the `budget-saturating-migration` patch. */
export const LEGACY_CHILDREN_PER_RUN = 250;

/** A run's pace: its children per run, and the concurrency of a migration that names none. */
export interface MigrationPace {
  childrenPerRun: number;
  /** Consulted only when the input names no concurrency (the old patch's marker is recorded only then). */
  defaultConcurrency: () => number;
  /** Whether children report by signal, so the run continues as new without draining them (`migration-children-report`). */
  childrenReport: boolean;
}

/** The pace of this run. Call it once, first thing in the run (it records the patch marker). */
export function migrationPace(): MigrationPace {
  if (patched(SATURATING_MIGRATION_PATCH)) {
    return {
      childrenPerRun: MAX_CHILDREN_PER_RUN,
      defaultConcurrency: () => DEFAULT_MIGRATION_CONCURRENCY,
      childrenReport: patched(REPORTING_CHILDREN_PATCH),
    };
  }
  return {
    childrenReport: false,
    childrenPerRun: LEGACY_CHILDREN_PER_RUN,
    defaultConcurrency: () =>
      patched(BUDGET_BOUND_CONCURRENCY_PATCH) ? BUDGET_BOUND_MIGRATION_CONCURRENCY : LEGACY_MIGRATION_CONCURRENCY,
  };
}
