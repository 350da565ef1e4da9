/**
 * A connection to Temporal for one CLI command: either the embedded default (the project-installed dev server with
 * its SQLite file under `.temporal/`, plus an in-process worker) or, with `--address` or TEMPORAL_ADDRESS, a plain
 * client of your cluster whose workers run separately (`npm run worker`).
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry, type Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../servers/dev-server';
import { connectTemporal } from '../temporal-connect';
import { installRuntime } from '../telemetry';
import { createHubSpotWorker } from '../worker';
import { loadHubSpotSettings, loadTemporalConnection, WORKER_DEFAULTS, WorkerConfigError } from '../worker-config';
import { hasHubSpotSearchAttributes } from '../client/search-attributes-check';
import { UsageError } from './exit-codes';
import type { CliIo } from './cli-io';
import { webUiBase, workflowUrl } from './web-ui';

/** Connection flags shared by every command. */
export interface SessionOptions {
  address?: string;
  namespace?: string;
  taskQueue?: string;
}

/** An open session. */
export interface Session {
  client: Client;
  taskQueue: string;
  /** True when this process runs the dev server and the worker. */
  embedded: boolean;
  /** The Temporal Web UI, when embedded. */
  uiUrl?: string;
  /** The namespace the client works in. */
  namespace: string;
  /** True when the namespace has the package's search attributes: starts then carry them. */
  searchAttributes: boolean;
  /** The Web UI page of a workflow, when the UI is known (embedded, `TEMPORAL_UI_URL`, or Temporal Cloud). */
  workflowUrl(workflowId: string): string | undefined;
  close(): Promise<void>;
}

/** The session fields that come from the client: its namespace, search attributes and Web UI links. */
async function visibility(
  client: Client,
  namespace: string,
  uiBase: string | undefined,
): Promise<Pick<Session, 'namespace' | 'searchAttributes' | 'workflowUrl'>> {
  return {
    namespace,
    searchAttributes: await hasHubSpotSearchAttributes(client),
    workflowUrl: (id) => (uiBase ? workflowUrl(uiBase, namespace, id) : undefined),
  };
}

/** Whether a command runs on the embedded default: neither `--address` nor TEMPORAL_ADDRESS is set. */
export function isEmbedded(options: SessionOptions, env: NodeJS.ProcessEnv): boolean {
  return !options.address && !env.TEMPORAL_ADDRESS;
}

/**
 * Sends the SDK's own logs (errors only: expected outcomes log warnings) to stderr, once per process, and serves
 * Prometheus metrics when HUBSPOT_METRICS_ADDRESS is set.
 */
function quietRuntime(io: CliIo): void {
  if (Runtime._instance) return;
  installRuntime(io.env, {
    logger: new DefaultLogger('ERROR', (entry: LogEntry) => {
      io.stderr.write(`[temporal ${entry.level.toLowerCase()}] ${entry.message}\n`);
    }),
  });
}

/**
 * Opens the session the flags and the environment call for. With `worker: false` (for `list`, `count`) the embedded
 * default runs no worker and needs no HubSpot settings.
 */
export async function openSession(
  options: SessionOptions,
  io: CliIo,
  { worker: withWorker = true } = {},
): Promise<Session> {
  const taskQueue = options.taskQueue || io.env.TEMPORAL_TASK_QUEUE || WORKER_DEFAULTS.taskQueue;
  if (!isEmbedded(options, io.env)) {
    let remote;
    try {
      remote = loadTemporalConnection(io.env, options);
    } catch (err) {
      throw err instanceof WorkerConfigError ? new UsageError(err.message) : err;
    }
    const { connectionOptions } = remote.connect;
    const address = connectionOptions.address ?? 'localhost:7233';
    const connection = await connectTemporal(address, () => Connection.connect(connectionOptions));
    const client = new Client({ connection, namespace: remote.namespace });
    const uiBase = webUiBase(io.env.TEMPORAL_UI_URL, address);
    return {
      client,
      taskQueue,
      embedded: false,
      ...(await visibility(client, remote.namespace, uiBase)),
      close: () => connection.close(),
    };
  }

  let hubspot;
  try {
    hubspot = withWorker ? loadHubSpotSettings(io.env) : undefined;
  } catch (err) {
    if (!(err instanceof WorkerConfigError)) throw err;
    throw new UsageError(`${err.message}. (For a demo against the HubSpot simulator, run \`npm start\`.)`);
  }
  for (const warning of hubspot?.warnings ?? []) io.stderr.write(`Warning: ${warning}\n`);
  quietRuntime(io);
  const server: DevServer = await startDevServer({
    dataDir: path.join(io.cwd, '.temporal'),
    namespace: options.namespace,
  });
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await connection?.close();
    await nativeConnection?.close();
    await server.stop();
  };
  try {
    if (hubspot) {
      nativeConnection = await connectTemporal(server.address, () =>
        NativeConnection.connect({ address: server.address }),
      );
      worker = await createHubSpotWorker({
        connection: nativeConnection,
        namespace: server.namespace,
        taskQueue,
        hubspot: {
          baseUrl: hubspot.baseUrl,
          token: hubspot.token,
          requestTimeoutMs: hubspot.requestTimeoutMs,
          apiVersion: hubspot.apiVersion,
        },
        maxRequestsPerSecond: hubspot.maxRequestsPerSecond,
      });
      running = worker.run();
    }
    connection = await connectTemporal(server.address, () => Connection.connect({ address: server.address }));
    io.stderr.write(`Embedded Temporal at ${server.address}; Web UI: ${server.uiUrl}\n`);
    const client = new Client({ connection, namespace: server.namespace });
    return {
      client,
      taskQueue,
      embedded: true,
      uiUrl: server.uiUrl,
      ...(await visibility(client, server.namespace, server.uiUrl)),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
