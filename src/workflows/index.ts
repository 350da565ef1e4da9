/**
 * The workflows of temporal-hubspot-files. Point your worker's `workflowsPath` at this module:
 * `require.resolve('temporal-hubspot-files/workflows')`.
 */
export { awaitFolderUpdate, getStatusQuery, MAX_POLLS_PER_RUN, type FolderUpdateProgress } from './await-folder-update';
export type { FolderUpdateResult } from './outcome';
export { POLL_DEFAULTS, POLL_LIMITS, type AwaitFolderUpdateInput, type PollOptions } from './poll-options';
