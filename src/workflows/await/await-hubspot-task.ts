/**
 * The `awaitHubSpotTask` workflow: `awaitFolderUpdate`'s wait (the same loop, poll options, phases and outcomes) on a
 * task of any of HubSpot's four async-task kinds: a folder update, a file import from URL, a CRM export or a
 * source-code extract. A folder-update task waited on here calls the folder activities, as `awaitFolderUpdate` does;
 * the other kinds call the generic ones (`task-activities.ts`). Workflow-safe.
 */
import { validateKindAndTaskId } from '../../common/task-kinds';
import type { HubSpotTaskKind } from '../../common/task-kinds/task-kind-names';
import type { TaskResultOf } from '../../common/task-status';
import { invalidInput } from '../../common/invalid-input';
import type { HubSpotTaskResult } from './outcome';
import { validateAwaitInput, type AwaitFolderUpdateInput, type ValidatedAwaitInput } from './poll-options';
import { taskWaitActivities } from './task-activities';
import { waitOnTask } from './task-wait';

/**
 * Waits for a HubSpot task of `input.kind` to finish.
 *
 * @returns the COMPLETE status as an {@link AwaitHubSpotTaskResult}: its `result` is the kind's (a `Folder`, a `File`,
 *   the export's download URL, nothing for an extract).
 * @throws `InvalidInput` before any HTTP call for bad input (the kind, the task id for its type, the poll options);
 *   `FolderUpdateCompletedWithErrors`, `FolderUpdateCanceled` (`FileImportCanceled` for a file import) or
 *   `FolderUpdateTimedOut` with the last status as `details[0]`; or a non-retryable activity failure's own type
 *   (`HubSpotForbidden` with the missing scopes, `FolderUpdateTaskNotFound`, …).
 */
export async function awaitHubSpotTask<K extends HubSpotTaskKind>(
  input: AwaitHubSpotTaskInput<K>,
): Promise<AwaitHubSpotTaskResult<K>> {
  const { kind, ...validated } = validateAwaitTaskInput(input);
  const result = await waitOnTask(input, validated, taskWaitActivities(kind));
  return { ...result, kind } as AwaitHubSpotTaskResult<K>;
}

/**
 * Validates the whole `awaitHubSpotTask` input, once: the kind, the task id for the kind's id type (an integer id as
 * its digits), then everything `awaitFolderUpdate` validates.
 *
 * @throws `InvalidInput` (non-retryable) naming the field and the value.
 */
export function validateAwaitTaskInput(input: unknown): ValidatedAwaitInput & { kind: HubSpotTaskKind } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidInput('input', input, 'must be an object { kind, taskId, ...poll options }');
  }
  const { kind: rawKind, taskId: rawTaskId, ...rest } = input as AwaitHubSpotTaskInput;
  const { kind, taskId } = validateKindAndTaskId(rawKind, rawTaskId);
  return { kind, ...validateAwaitInput({ ...rest, taskId }) };
}

/** Input of the `awaitHubSpotTask` workflow: the kind, its task id, and `awaitFolderUpdate`'s poll options. */
export interface AwaitHubSpotTaskInput<K extends HubSpotTaskKind = HubSpotTaskKind> extends Omit<
  AwaitFolderUpdateInput,
  'taskId'
> {
  /** Which of HubSpot's async-task families the task belongs to. */
  kind: K;
  /**
   * The id the kind's start POST answered with: a string for the Files kinds; for a CRM export (int64) and a
   * source-code extract (int32) its decimal digits, or a number while it is a safe integer.
   */
  taskId: string | number;
}

/** What `awaitHubSpotTask` returns for a COMPLETE task: the wait's result, with the kind and the kind's `result`. */
export type AwaitHubSpotTaskResult<K extends HubSpotTaskKind = HubSpotTaskKind> = HubSpotTaskResult<TaskResultOf<K>> & {
  kind: K;
};
