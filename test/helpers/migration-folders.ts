/**
 * Folders for migration tests: scripted on the HubSpot simulator with fresh ids, and which of them had a task started.
 */
import type { HubSpotSimulator } from '../../src/simulator';

/** A migration row of a scripted folder. */
export interface ScriptedFolder {
  folderId: string;
  name: string;
}

/**
 * A maker of new folders on `sim`, ids counting up from `firstId`: `make(n, polls)` scripts `n` folders whose tasks
 * answer PENDING for `polls` polls, then COMPLETE, and returns their rows.
 */
export function folderMaker(
  sim: () => HubSpotSimulator,
  firstId: number,
): (n: number, polls: number) => ScriptedFolder[] {
  let next = firstId;
  return (n, polls) =>
    Array.from({ length: n }, () => {
      const folderId = String(next++);
      sim().scriptFolder(folderId, { pendingPolls: polls, processingPolls: 0 });
      return { folderId, name: `n${folderId}` };
    });
}

/**
 * How many of these folders had a task started (an accepted POST). Distinct folders: on a loaded machine a POST can
 * time out after HubSpot accepted it and be retried (see reliability scenario 8).
 */
export function startedFolders(sim: HubSpotSimulator, ids: ReadonlyArray<{ folderId: string }>): number {
  const wanted = new Set(ids.map((u) => u.folderId));
  const started = sim
    .requestLog()
    .filter((e) => e.method === 'POST' && e.taskId !== undefined)
    .map((e) => sim.getTask(e.taskId as string)?.folderId ?? '');
  return new Set(started.filter((id) => wanted.has(id))).size;
}
