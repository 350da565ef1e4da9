/**
 * The `planFolderMigration` workflow behind `migrate --dry-run`: one `planFolders` activity that reads every folder the
 * migration names and returns the plan. It changes nothing at HubSpot.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { HubSpotActivities } from '../../activities';
import { invalidInput } from '../../common/invalid-input';
import type { MigrationPlan } from '../../common/migration-plan';
import { MAX_MIGRATION_UPDATES } from './migration-types';

/** Input of `planFolderMigration`: the rows `migrateFolders` would take. */
export interface PlanFolderMigrationInput {
  updates: unknown[];
}

/**
 * Plans a migration without changing anything.
 *
 * The reads run in one activity with a 30 s heartbeat timeout and up to an hour in all (10,000 folders at the default
 * 9 requests per second take about 20 minutes); transient failures retry from 1 s to 1 m.
 *
 * @throws `InvalidInput` for an empty, non-list or oversized `updates`.
 */
export async function planFolderMigration(input: PlanFolderMigrationInput): Promise<MigrationPlan> {
  const updates = input?.updates;
  if (!Array.isArray(updates) || updates.length === 0) {
    throw invalidInput('updates', updates, 'must be a non-empty array of folder updates');
  }
  if (updates.length > MAX_MIGRATION_UPDATES) {
    throw invalidInput('updates', `${updates.length} updates`, `must hold at most ${MAX_MIGRATION_UPDATES}`);
  }
  const { planFolders } = proxyActivities<HubSpotActivities>({
    scheduleToCloseTimeout: '1h',
    heartbeatTimeout: '30s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  });
  return planFolders({ updates });
}
