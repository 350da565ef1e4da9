/**
 * A batch's progress, from its counts, its controls and the durations of the items finished so far: what the
 * `getProgress` query answers and the Web UI's current details show, for `migrateFolders` and `importFilesFromUrls`.
 * Pure; times are workflow time in milliseconds.
 */
import type { OutcomeCounts } from './migration-counts';
import { countedItems } from './migration-counts';
import { estimateRemainingMs } from './migration-eta';
import type { MigrationControls, MigrationProgress } from './migration-types';

/** What a batch's progress is computed from. */
export interface ProgressState {
  total: number;
  counts: OutcomeCounts;
  controls: MigrationControls;
  /** Items finished with a child so far, and their summed duration in milliseconds. */
  durations: { count: number; totalMs: number };
  /** Items still waiting for their turn. */
  queued: number;
  /** When each running item started, in epoch milliseconds of workflow time. */
  runningStartedAtMs: readonly number[];
  /** Now, in epoch milliseconds of workflow time. */
  now: number;
}

/** The progress: the counts, the running and done totals, the controls, the ETA (not while paused) and the mean. */
export function progressOf(s: ProgressState): MigrationProgress {
  const etaMs = estimateRemainingMs({
    durations: s.durations,
    queued: s.queued,
    runningAgesMs: s.runningStartedAtMs.map((startedAtMs) => s.now - startedAtMs),
    concurrency: s.controls.concurrency,
  });
  return {
    total: s.total,
    ...s.counts,
    running: s.runningStartedAtMs.length,
    done: countedItems(s.counts),
    ...s.controls,
    ...(etaMs !== undefined && !s.controls.paused ? { etaMs } : {}),
    ...(s.durations.count > 0 ? { meanFolderMs: Math.round(s.durations.totalMs / s.durations.count) } : {}),
  };
}

/** The Web UI's current details of a batch: its counts and controls (markdown). */
export function progressDetails(p: MigrationProgress): string {
  const state = p.canceling ? ' · **canceling**' : p.paused ? ' · **paused**' : '';
  return (
    `**${p.done} of ${p.total} done** · ${p.completed} complete · ${p.completedWithErrors} with errors · ` +
    `${p.canceled} canceled · ${p.failed} failed · ${p.running} running${state}`
  );
}
