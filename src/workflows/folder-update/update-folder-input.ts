/**
 * The validation of the `updateFolderAndWait` input, in one place: the update, the poll options and the report
 * target. Workflow-safe.
 */
import { invalidInput } from '../../common/invalid-input';
import { validateFolderUpdate, type ValidFolderUpdate } from '../../common/folder-update-request';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../await/poll-options';
import type { FolderReportTarget, UpdateFolderAndWaitInput } from './folder-update-types';

/** The `updateFolderAndWait` input, validated: what the workflow runs on. */
export interface ValidUpdateFolderAndWaitInput {
  update: ValidFolderUpdate;
  /** The poll options as given (checked), passed on to the `awaitFolderUpdate` child. */
  pollOptions: PollOptions;
  report?: FolderReportTarget;
}

/**
 * Validates the whole `updateFolderAndWait` input, once.
 *
 * @throws `InvalidInput` (non-retryable) naming the field and the value.
 */
export function validateUpdateFolderAndWaitInput(input: UpdateFolderAndWaitInput): ValidUpdateFolderAndWaitInput {
  const report = checkReportTarget(input?.report);
  const update = validateFolderUpdate(input);
  const pollOptions = pickPollOptions(input);
  resolvePollOptions(pollOptions);
  return { update, pollOptions, ...(report ? { report } : {}) };
}

/**
 * Checks the `report` input of `updateFolderAndWait`.
 *
 * @throws `InvalidInput` naming `report` and the value unless it is absent or `{ migrationId, index }`.
 */
export function checkReportTarget(value: unknown): FolderReportTarget | undefined {
  if (value === undefined || value === null) return undefined;
  const { migrationId, index } = (typeof value === 'object' ? value : {}) as Partial<FolderReportTarget>;
  if (typeof migrationId !== 'string' || migrationId === '' || !Number.isSafeInteger(index) || (index as number) < 0) {
    throw invalidInput('report', value, 'must be { migrationId: non-empty string, index: whole number >= 0 }');
  }
  return { migrationId, index: index as number };
}
