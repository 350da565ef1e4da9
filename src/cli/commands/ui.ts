/**
 * `ui`: reopens the embedded data (`.temporal/`) in a dev server, without a worker, so that the Temporal Web UI shows
 * the past waits and migrations; it runs until Ctrl-C.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { startDevServer } from '../../servers/dev-server';

/** Runs `ui` until `io.signal` aborts. */
export async function uiCommand(flags: { namespace?: string }, io: CliIo): Promise<number> {
  const dataDir = path.join(io.cwd, '.temporal');
  if (!fs.existsSync(path.join(dataDir, 'temporal.sqlite'))) {
    throw new UsageError(`no embedded data in ${dataDir} yet: run a command (or \`npm start\`) first`);
  }
  const server = await startDevServer({ dataDir, namespace: flags.namespace });
  try {
    io.stderr.write(`Browsing the embedded data in ${dataDir}. Press Ctrl-C to stop.\n`);
    io.stdout.write(`Temporal Web UI: ${server.uiUrl}\n`);
    await untilAborted(io.signal);
    return ExitCode.Success;
  } finally {
    await server.stop();
  }
}

/** Resolves when `signal` aborts (never without one). */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}
