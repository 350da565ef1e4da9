/**
 * The path shapes HubSpot's async-task families share (spec collection `HubSpot/HubSpot-public-api-spec-collection`,
 * `PublicApiSpecs/…`): a start path `…/async`, and a status path `…/async/tasks/{taskId}/status` below it. Where the
 * version goes differs per family (`/files/{ver}/…`, `/crm/exports/{ver}/…`, `/cms/source-code/{ver}/…`), so each
 * kind builds its own start path and this module adds the task. Workflow-safe.
 */
import { apiVersionProblem, DEFAULT_API_VERSION } from '../api-version';
import { invalidInput } from '../invalid-input';

/** The status path below a kind's start path; `taskId` is encoded here. */
export function taskStatusPath(startPath: string, taskId: string): string {
  return `${startPath}/tasks/${encodeURIComponent(taskId)}/status`;
}

/**
 * `apiVersion`, checked (`v3` or a date version, see `../api-version.ts`); the default when undefined.
 *
 * @throws `InvalidInput` naming `apiVersion` and the value for any other.
 */
export function checkedApiVersion(apiVersion: string | undefined): string {
  const version = apiVersion ?? DEFAULT_API_VERSION;
  const problem = apiVersionProblem(version);
  if (problem !== undefined) throw invalidInput('apiVersion', apiVersion, problem);
  return version;
}
