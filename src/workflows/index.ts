/**
 * The workflows of temporal-hubspot-files. Point your worker's `workflowsPath` at this module:
 * `require.resolve('temporal-hubspot-files/workflows')`.
 *
 * - `awaitFolderUpdate`: waits on one HubSpot folder-update task (query `getStatus`);
 * - `awaitHubSpotTask`: the same wait on a task of any kind (folder update, file import, CRM export, source-code
 *   extract);
 * - `updateFolderAndWait`: starts one folder update and waits on it in an `awaitFolderUpdate` child;
 * - `migrateFolders`: many folder updates with bounded concurrency (queries `getProgress`, `getItems`; Updates
 *   `pause`, `resume`, `setConcurrency`, `cancel`);
 * - `watchHubSpotTasks`: the shared watcher of a task queue, which `laterPhase: 'shared'` waits join;
 * - `planFolderMigration`: the plan of a migration (`migrate --dry-run`), changing nothing;
 * - `importFileFromUrl`, `exportCrmRecords`, `extractSourceCode`: start one task of their kind and wait on it in an
 *   `awaitHubSpotTask` child;
 * - `importFilesFromUrls`: many file imports with bounded concurrency, on the migration's machinery (the same queries
 *   and Updates).
 */
export { awaitFolderUpdate, getStatusQuery, type FolderUpdateProgress } from './await/await-folder-update';
export type { FolderUpdateResult, HubSpotTaskResult } from './await/outcome';
export { awaitHubSpotTask, type AwaitHubSpotTaskInput, type AwaitHubSpotTaskResult } from './await/await-hubspot-task';
export type { AwaitFolderUpdateInput, LaterPhase, PollOptions } from './await/poll-options';
export { watchHubSpotTasks, type TaskWatcherInput } from './watcher/watch-hubspot-tasks';
export { updateFolderAndWait } from './folder-update/update-folder-and-wait';
export type {
  FolderAlreadyDoneResult,
  FolderUpdateAndWaitResult,
  FolderUpdatedResult,
  MigrationItem,
  MigrationOutcome,
  UpdateFolderAndWaitInput,
} from './folder-update/folder-update-types';
export { migrateFolders } from './migration/migrate-folders';
export {
  cancelUpdate,
  getItemsQuery,
  getProgressQuery,
  pauseUpdate,
  resumeUpdate,
  setConcurrencyUpdate,
} from './migration/migration-control';
export type {
  ItemsPage,
  ItemsPageRequest,
  MigrateFoldersInput,
  MigrationControls,
  MigrationProgress,
  MigrationResult,
} from './migration/migration-types';
export { planFolderMigration, type PlanFolderMigrationInput } from './migration/plan-folder-migration';
export {
  importFileFromUrl,
  type FileImportResult,
  type ImportFileFromUrlInput,
} from './task-start/import-file-from-url';
export { importFilesFromUrls } from './file-imports/import-files-from-urls';
export type {
  FileImportItem,
  FileImportOutcome,
  ImportFilesFromUrlsInput,
  ImportFilesFromUrlsResult,
} from './file-imports/file-imports-types';
export { exportCrmRecords, type CrmExportResult, type ExportCrmRecordsInput } from './task-start/export-crm-records';
export {
  extractSourceCode,
  type ExtractSourceCodeInput,
  type SourceCodeExtractResult,
} from './task-start/extract-source-code';
export type { CrmExportRequest } from '../common/task-kinds/crm-export-request';
export type { FileImportRequest } from '../common/task-kinds/file-import-request';
export type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
export type { HubSpotAsyncTaskStatus, HubSpotFile, TaskResultOf } from '../common/task-status';
