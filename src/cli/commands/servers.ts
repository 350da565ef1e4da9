/**
 * `servers install`: installs the pinned Temporal CLI (dev server) and test server that the embedded mode runs, with
 * the package's scripts/install-temporal-servers.js, into $TEMPORAL_SERVERS_DIR or the per-user cache (see
 * `serversDir`). It does nothing when they are installed already.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CliIo } from '../cli-io';
import { ExitCode } from '../exit-codes';
import { serversDir } from '../../servers/temporal-servers';

/** The installer script, at the package root (`src/cli/commands` and `lib/cli/commands` are both three levels down). */
export const SERVERS_INSTALLER = path.join(__dirname, '..', '..', '..', 'scripts', 'install-temporal-servers.js');

/** Runs the installer as a child process with the CLI's environment; 0 when the servers are ready. */
export async function serversInstallCommand(io: CliIo): Promise<number> {
  const child = spawn(process.execPath, [SERVERS_INSTALLER], {
    cwd: io.cwd,
    env: io.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => io.stderr.write(d.toString()));
  child.stderr.on('data', (d: Buffer) => io.stderr.write(d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) return ExitCode.Failure;
  io.stdout.write(`Temporal servers ready in ${serversDir(io.env)}\n`);
  return ExitCode.Success;
}
