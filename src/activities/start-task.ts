/**
 * The start POST of any task kind, and the `startHubSpotTask` activity built on it. The folder update's
 * `startFolderUpdate` is the same POST with the folder kind.
 */
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import { validateTaskKind } from '../common/task-kinds/task-kind-names';
import { hubspotRequest } from '../hubspot/request';
import { parseKindTaskLocator } from '../hubspot/schemas/kind-task-locator';
import { TASK_KINDS, type TaskKind } from '../hubspot/task-kinds';
import { activitySignal, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';

/**
 * One start POST of `kind` for a start input its `validateStart` returned, under the deps' API version; returns the
 * started task's id as the kind keeps it. A bad id in HubSpot's answer is `HubSpotInvalidResponse` (a bad answer,
 * never the caller's mistake).
 */
export async function postTaskStart(deps: ResolvedDeps, kind: TaskKind, valid: unknown): Promise<{ taskId: string }> {
  const operation = kind.startOperation(valid);
  const { json, text } = await whileHeartbeating(() =>
    hubspotRequest(deps, {
      method: 'POST',
      path: kind.startPath(deps.apiVersion),
      body: kind.startBody(valid),
      operation,
      route: kind.startRoute,
      signal: activitySignal(),
    }),
  );
  const taskId = parseKindTaskLocator(json, text, kind.taskIdType, `answer to ${operation}`);
  logDebug(`HubSpot ${kind.kind} started`, { taskId });
  return { taskId };
}

/**
 * Builds `startHubSpotTask({ kind, request })`: one start POST of any kind (`request` is the kind's start input: an
 * `ImportFromUrlInput`, a `PublicExportRequest`, a `FileExtractRequest`, or a folder update).
 *
 * Fails with `InvalidInput` before any HTTP call when the kind or the request is bad. A POST is not idempotent at
 * HubSpot: a retry after an ambiguous failure may start a second task.
 */
export function makeStartHubSpotTask(deps: ResolvedDeps) {
  return async function startHubSpotTask(input: StartHubSpotTaskInput): Promise<{ taskId: string }> {
    const kind = TASK_KINDS[validateTaskKind(input?.kind)];
    return postTaskStart(deps, kind, kind.validateStart(input.request));
  };
}

/** Input of `startHubSpotTask`. */
export interface StartHubSpotTaskInput {
  kind: HubSpotTaskKind;
  /** The kind's start input, as its start workflow takes it. */
  request: unknown;
}
