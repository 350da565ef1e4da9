/**
 * The workflows of temporal-hubspot-files. Point your worker's `workflowsPath` at this module:
 * `require.resolve('temporal-hubspot-files/workflows')`.
 *
 * - `awaitFolderUpdate`: waits on one HubSpot folder-update task (query `getStatus`);
 * - `updateFolderAndWait`: starts one folder update and waits on it in an `awaitFolderUpdate` child;
 * - `migrateFolders`: many folder updates with bounded concurrency (queries `getProgress`, `getItems`; Updates
 *   `pause`, `resume`, `setConcurrency`, `cancel`);
 * - `planFolderMigration`: the plan of a migration (`migrate --dry-run`), changing nothing.
 */
export {
  awaitFolderUpdate,
  EARLY_WINDOW_PATCH,
  RETRY_PHASE_PATCH,
  EARLY_WINDOW_HEARTBEAT_PATCH,
  getStatusQuery,
  MAX_POLLS_PER_RUN,
  type FolderUpdateProgress,
} from './await-folder-update';
export { AWAIT_WORKFLOW_ID_PREFIX, awaitWorkflowId, taskIdOfAwaitWorkflowId } from './workflow-ids';
export { migrateFolders } from './migrate-folders';
export { REPORTING_CHILDREN_PATCH } from './migration-children';
export {
  BUDGET_BOUND_CONCURRENCY_PATCH,
  LEGACY_CHILDREN_PER_RUN,
  MAX_CHILDREN_PER_RUN,
  SATURATING_MIGRATION_PATCH,
} from './migration-pace';
export * from './migration-control';
export * from './migration-types';
export type { FolderUpdateResult } from './outcome';
export {
  LATER_PHASES,
  POLL_DEFAULTS,
  POLL_LIMITS,
  type AwaitFolderUpdateInput,
  type LaterPhase,
  type PollOptions,
} from './poll-options';
export { planFolderMigration, type PlanFolderMigrationInput } from './plan-folder-migration';
export type { FolderAlreadyDoneResult, FolderUpdatedResult } from './checked-folder-update';
export {
  READ_FOLDER_FIRST_PATCH,
  updateFolderAndWait,
  type FolderUpdateAndWaitResult,
  type UpdateFolderAndWaitInput,
} from './update-folder-and-wait';
