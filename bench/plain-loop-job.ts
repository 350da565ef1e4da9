/** Hands a job to a plain-loop process (`plain-loop.ts`) and reads its report once it is done. */
import { durationMs } from '../src/common/duration';
import type { ManagedProcess } from '../test/helpers/processes';
import type { Cadence } from './config';
import type { PlainLoopJob, PlainLoopReport } from './plain-loop';

/** Sends the waits on `taskIds` at `cadence` to the ready plain-loop process `proc` and resolves with its report. */
export async function runPlainLoopJob(
  proc: ManagedProcess,
  target: { baseUrl: string; token: string },
  taskIds: string[],
  cadence: Cadence,
): Promise<PlainLoopReport> {
  const job: PlainLoopJob = {
    ...target,
    tasks: taskIds.map((taskId) => ({
      taskId,
      initialPollIntervalMs: durationMs(cadence.initialPollInterval),
      maxPollIntervalMs: durationMs(cadence.maxPollInterval),
      backoffCoefficient: cadence.backoffCoefficient,
    })),
  };
  proc.child.stdin?.write(`${JSON.stringify(job)}\n`);
  await proc.exited;
  return JSON.parse(proc.stdout().trim()) as PlainLoopReport;
}
