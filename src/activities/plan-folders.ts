import type { HubSpotFolder } from '../common/folder-update-status';
import { planMigration, type MigrationPlan, type PlanInputRow } from '../common/migration-plan';
import { checkMigrationRows } from '../common/migration-rows';
import { activitySignal, currentContext, logDebug, whileHeartbeating } from './activity-context';
import type { ResolvedDeps } from './deps';
import { readFolder } from './get-folder';

/** Input of `planFolders`: the migration's rows, as `migrateFolders` takes them. */
export interface FolderPlanInput {
  updates: unknown[];
}

/** Folder reads in flight at once while planning; the request budget paces them in any case. */
const PLAN_READS_IN_FLIGHT = 4;

/**
 * Builds `planFolders({ updates })`: checks the rows as `migrateFolders` does, reads each row's folder and each target
 * parent once with `GET /files/v3/folders/{folderId}` (through the process's request budget), and returns the
 * {@link MigrationPlan}. Changes nothing at HubSpot. Heartbeats its progress (`{ read, of }`) while it reads.
 */
export function makePlanFolders(deps: ResolvedDeps) {
  return async function planFolders(input: FolderPlanInput): Promise<MigrationPlan> {
    const { queue, invalid } = checkMigrationRows(Array.isArray(input?.updates) ? input.updates : []);
    const rows: PlanInputRow[] = [
      ...queue,
      ...invalid.map((i) => ({ index: i.index, folderId: i.folderId, invalid: i.message })),
    ].sort((a, b) => a.index - b.index);
    const ids = [
      ...new Set(
        queue.flatMap(({ update }) => [update.folderId, ...(update.parentFolderId ? [update.parentFolderId] : [])]),
      ),
    ];
    const folders = new Map<string, HubSpotFolder | null>();
    const ctx = currentContext();
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        folders.set(id, await readFolder(deps, id, activitySignal()));
        ctx?.heartbeat({ read: folders.size, of: ids.length });
      }
    };
    await whileHeartbeating(() =>
      Promise.all(Array.from({ length: PLAN_READS_IN_FLIGHT }, reader)).then(() => undefined),
    );
    logDebug('HubSpot migration planned', { rows: rows.length, folders: ids.length });
    return planMigration(rows, folders);
  };
}
