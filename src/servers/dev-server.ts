/**
 * The embedded Temporal: the installed Temporal CLI dev server, run as a child process with its SQLite file
 * under `.temporal/` in the working directory, so that workflows survive a restart of the process that started it.
 * It registers the package's search attributes (`HubSpotTaskId`, `HubSpotFolderId`, `HubSpotTaskStatus`,
 * `HubSpotMigrationId`, `HubSpotTaskKind`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { temporalCli } from './temporal-servers';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** Folder for the SQLite file. Defaults to `.temporal` in the working directory. */
  dataDir?: string;
  /** Preferred gRPC port; a free one is used when it is taken (or when 0). Defaults to 7233. */
  port?: number;
  /** Namespace created at start. Defaults to 'default'. */
  namespace?: string;
  /** How long to wait for the server to answer, in milliseconds. Defaults to 60,000. */
  startTimeoutMs?: number;
}

/** A running dev server. */
export interface DevServer {
  /** gRPC address, e.g. `127.0.0.1:7233`. */
  address: string;
  namespace: string;
  /** The Temporal Web UI. */
  uiUrl: string;
  /** The SQLite file. */
  dbFile: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1 (the OS picks one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function pickPort(preferred: number): Promise<number> {
  if (preferred > 0 && (await portIsFree(preferred))) return preferred;
  return freePort();
}

async function waitUntilServing(
  address: string,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The Temporal dev server exited with code ${child.exitCode}:\n${log()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline)
        throw new Error(`The Temporal dev server did not answer at ${address} within ${timeoutMs} ms:\n${log()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Starts the dev server and resolves once it answers gRPC health checks. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const dataDir = path.resolve(options.dataDir ?? '.temporal');
  fs.mkdirSync(dataDir, { recursive: true });
  const dbFile = path.join(dataDir, 'temporal.sqlite');
  const namespace = options.namespace ?? 'default';
  const port = await pickPort(options.port ?? 7233);
  const uiPort = await pickPort(port + 1000);
  const cli = temporalCli();
  let output = '';
  const child = spawn(
    cli.path,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--db-filename',
      dbFile,
      '--namespace',
      namespace,
      '--log-level',
      'error',
      // The package's search attributes, so that `list` and `count` work on the embedded default.
      ...HUBSPOT_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const address = `127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilServing(address, child, options.startTimeoutMs ?? 60_000, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, namespace, uiUrl: `http://127.0.0.1:${uiPort}`, dbFile, stop };
}
