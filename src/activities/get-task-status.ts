/**
 * One status read of any kind's task (`GET …/async/tasks/{taskId}/status`), parsed by the kind's tolerant reader, and
 * the `getHubSpotTaskStatus` activity built on it. The folder update's `getFolderUpdateStatus` is the same read with
 * the folder kind.
 */
import type { HubSpotAsyncTaskStatus } from '../common/task-status';
import { decodeTaskId } from '../common/task-kinds/task-id-codec';
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import { validateTaskKind } from '../common/task-kinds/task-kind-names';
import type { RequestPriority } from '../hubspot/budget/request-budget';
import { hubspotRequest } from '../hubspot/request';
import { TASK_KINDS, type TaskKind } from '../hubspot/task-kinds';
import { activitySignal, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';

/**
 * One status GET of a task of `kind`, its id already checked, under the deps' API version, parsed into a
 * {@link HubSpotAsyncTaskStatus}. Shared by the single polls and both pollers of every kind.
 */
export async function readTaskStatus<R>(
  deps: ResolvedDeps,
  kind: TaskKind<R>,
  taskId: string,
  priority: RequestPriority,
  signal: AbortSignal | undefined,
): Promise<HubSpotAsyncTaskStatus<R>> {
  const { json } = await hubspotRequest(deps, {
    method: 'GET',
    path: kind.statusPath(taskId, deps.apiVersion),
    operation: `GET status of ${kind.kind} task ${taskId}`,
    route: kind.statusRoute,
    signal,
    priority,
  });
  const status = kind.parseStatus(json, taskId);
  logDebug(`HubSpot ${kind.kind} status read`, { taskId, status: status.status, numErrors: status.numErrors });
  return status;
}

/** The kind an activity input names, and its task id checked for that kind (an integer id as its digits). */
export function kindAndTaskId(input: { kind?: unknown; taskId?: unknown } | null | undefined): {
  kind: TaskKind;
  taskId: string;
} {
  const kind = TASK_KINDS[validateTaskKind(input?.kind)];
  return { kind, taskId: decodeTaskId(kind.taskIdType, input?.taskId) };
}

/**
 * Builds `getHubSpotTaskStatus({ kind, taskId })`: one status GET of a task of any kind, validated.
 *
 * Fails with `InvalidInput` before any HTTP call when the kind or the task id is bad, and with the typed failures of
 * `../hubspot/errors.ts` otherwise.
 */
export function makeGetHubSpotTaskStatus(deps: ResolvedDeps) {
  return async function getHubSpotTaskStatus(input: HubSpotTaskRef): Promise<HubSpotAsyncTaskStatus> {
    const { kind, taskId } = kindAndTaskId(input);
    return whileHeartbeating(() => readTaskStatus(deps, kind, taskId, 'prompt', activitySignal()));
  };
}

/** A task of some kind: what the generic activities take. */
export interface HubSpotTaskRef {
  kind: HubSpotTaskKind;
  /** The task id; an integer id (CRM export, source-code extract) as its decimal digits, or a safe integer. */
  taskId: string | number;
}
