/**
 * The package's worker (`npm run worker`): registers the HubSpot activities and workflows on a task queue.
 * Settings come from the environment; see `worker-config.ts`. SIGINT and SIGTERM shut it down gracefully.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { connectTemporal, TemporalConnectError } from './temporal-connect';
import { installRuntime } from './telemetry';
import { loadWorkerConfig, WORKER_COUNT_DEPRECATION, WORKER_DEFAULTS, WorkerConfigError } from './worker-config';

/** How the start-up line names where the token comes from. */
const TOKEN_KIND_TEXT = {
  static: 'static token',
  'oauth-refresh-token': 'OAuth refresh token',
  'oauth-client-credentials': 'OAuth client credentials',
} as const;

/** Options of {@link createHubSpotWorker}. */
export interface HubSpotWorkerOptions {
  connection: NativeConnection;
  /** Defaults to 'default'. */
  namespace?: string;
  /** Defaults to 'hubspot-files'. */
  taskQueue?: string;
  /** The activities' dependencies: base URL, token source, request timeout, fetch. */
  hubspot: Omit<ActivityDeps, 'maxRequestsPerSecond' | 'reserve'>;
  /**
   * Optional ceiling: HubSpot requests per second this worker never exceeds, also set as the task queue's activity
   * rate limit (held by the Temporal server). Without it, each worker paces itself from HubSpot's rate-limit headers,
   * which is all any number of workers need to share the app's budget. Defaults to none.
   */
  maxRequestsPerSecond?: number;
  /** Share of the app's rate limit left for other integrations, 0 to 0.5. Defaults to 0.1 (10%). */
  reserve?: number;
  /** @deprecated Ignored: the budget paces from HubSpot's headers. Setting it prints a deprecation line. */
  workerCount?: number;
  /**
   * Activities this worker runs at once. An early-window poller holds a slot for its whole window (default 2
   * minutes) while mostly sleeping, so this is far above the SDK's 100: a wait whose poller finds no free slot loses
   * its window while it queues. Defaults to 2,000 (see docs/PERFORMANCE.md).
   */
  maxConcurrentActivities?: number;
  /**
   * Workflows kept in the worker's sticky cache. Defaults to the SDK's, which grows with the heap (about 2,300 on a
   * 4 GiB heap, at roughly 1 MB each); 500 held 10,000 waits in 1,339 MiB instead of 2,385 (docs/CONFIGURATION.md).
   */
  maxCachedWorkflows?: number;
  /** More `Worker.create` options (e.g. `maxConcurrentActivityTaskExecutions`). */
  workerOptions?: Partial<WorkerOptions>;
}

/** The path of the workflows module, for `workflowsPath`. */
export const workflowsPath = require.resolve('./workflows');

/** Creates a worker with this package's activities and workflows. Call `run()` on it. */
export async function createHubSpotWorker(options: HubSpotWorkerOptions): Promise<Worker> {
  const d = WORKER_DEFAULTS;
  const { maxRequestsPerSecond, reserve = d.reserve } = options;
  if (options.workerCount !== undefined) console.warn(`createHubSpotWorker: ${WORKER_COUNT_DEPRECATION}`);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? d.taskQueue,
    workflowsPath,
    activities: createActivities({ ...options.hubspot, maxRequestsPerSecond, reserve }),
    ...(maxRequestsPerSecond !== undefined && Number.isFinite(maxRequestsPerSecond)
      ? { maxTaskQueueActivitiesPerSecond: maxRequestsPerSecond }
      : {}),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? d.maxConcurrentActivities,
    maxCachedWorkflows: options.maxCachedWorkflows,
    ...options.workerOptions,
  });
}

/** Reads the environment, connects, and runs the worker until SIGINT or SIGTERM. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadWorkerConfig(env);
  const metrics = installRuntime(env);
  const { connectionOptions } = config.connect;
  const address = connectionOptions.address ?? 'localhost:7233';
  const connection = await connectTemporal(address, () => NativeConnection.connect(connectionOptions));
  try {
    const worker = await createHubSpotWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      hubspot: {
        baseUrl: config.hubspot.baseUrl,
        token: config.hubspot.token,
        requestTimeoutMs: config.hubspot.requestTimeoutMs,
        apiVersion: config.hubspot.apiVersion,
      },
      maxRequestsPerSecond: config.hubspot.maxRequestsPerSecond,
      reserve: config.hubspot.reserve,
      maxConcurrentActivities: config.maxConcurrentActivities,
      maxCachedWorkflows: config.maxCachedWorkflows,
    });
    for (const warning of config.hubspot.warnings) console.error(`temporal-hubspot-files worker: ${warning}`);
    const ceiling = config.hubspot.maxRequestsPerSecond;
    console.error(
      `temporal-hubspot-files worker: task queue ${config.taskQueue}, namespace ${config.namespace}, ` +
        `${config.connect.connectionOptions.address}, HubSpot ${config.hubspot.baseUrl} ` +
        `(${TOKEN_KIND_TEXT[config.hubspot.tokenKind]}, API ${config.hubspot.apiVersion}), ` +
        `HubSpot budget paced from its rate-limit headers (reserve ${config.hubspot.reserve * 100}%` +
        `${ceiling === undefined ? '' : `, ceiling ${ceiling} requests/s`}), ` +
        `${config.maxConcurrentActivities} concurrent activities` +
        (metrics ? `, Prometheus metrics at http://${metrics}/metrics` : ''),
    );
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof WorkerConfigError) console.error(`Configuration error: ${err.message}`);
      else console.error(err instanceof TemporalConnectError ? `Error: ${err.message}` : err);
      process.exit(err instanceof WorkerConfigError ? 2 : 1);
    },
  );
}
