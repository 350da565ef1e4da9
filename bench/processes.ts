/**
 * Where the bench's child processes (test/helpers/processes.ts: package workers, `bench-worker.ts`, the plain loop)
 * keep their output: whole under `.scratch/bench-logs/` (git-ignored), and the last 20,000 characters in memory.
 */
import path from 'node:path';
import { ROOT, type SpawnOptions } from '../test/helpers/processes';

/** Where child output is kept (git-ignored). */
export const LOG_DIR = path.join(ROOT, '.scratch', 'bench-logs');

/** The spawn options of every bench child process; `captureStdout` keeps its stdout apart (the plain loop's figures). */
export function benchSpawnOptions(captureStdout = false): SpawnOptions {
  return { logDir: LOG_DIR, keepChars: 20_000, captureStdout };
}
