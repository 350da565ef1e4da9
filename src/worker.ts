/**
 * The package's worker (`npm run worker`): registers the HubSpot activities and workflows on a task queue.
 * Settings come from the environment; see `worker-config.ts`. SIGINT and SIGTERM shut it down gracefully.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { loadWorkerConfig, WorkerConfigError } from './worker-config';

/** Options of {@link createHubSpotWorker}. */
export interface HubSpotWorkerOptions {
  connection: NativeConnection;
  /** Defaults to 'default'. */
  namespace?: string;
  /** Defaults to 'hubspot-files'. */
  taskQueue?: string;
  /** The activities' dependencies: base URL, token source, request timeout, fetch. */
  hubspot: ActivityDeps;
  /**
   * Activity starts per second on the task queue, enforced by the Temporal server for all workers together, so that
   * they stay under HubSpot's rate limit. Defaults to 9.
   */
  maxRequestsPerSecond?: number;
  /** More `Worker.create` options (e.g. `maxConcurrentActivityTaskExecutions`). */
  workerOptions?: Partial<WorkerOptions>;
}

/** The path of the workflows module, for `workflowsPath`. */
export const workflowsPath = require.resolve('./workflows');

/** Creates a worker with this package's activities and workflows. Call `run()` on it. */
export async function createHubSpotWorker(options: HubSpotWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? 'hubspot-files',
    workflowsPath,
    activities: createActivities(options.hubspot),
    maxTaskQueueActivitiesPerSecond: options.maxRequestsPerSecond ?? 9,
    ...options.workerOptions,
  });
}

/** Reads the environment, connects, and runs the worker until SIGINT or SIGTERM. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadWorkerConfig(env);
  const connection = await NativeConnection.connect(config.connect.connectionOptions);
  try {
    const worker = await createHubSpotWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      hubspot: {
        baseUrl: config.hubspot.baseUrl,
        token: config.hubspot.token,
        requestTimeoutMs: config.hubspot.requestTimeoutMs,
      },
      maxRequestsPerSecond: config.hubspot.maxRequestsPerSecond,
    });
    console.error(
      `temporal-hubspot-files worker: task queue ${config.taskQueue}, namespace ${config.namespace}, ` +
        `${config.connect.connectionOptions.address}, HubSpot ${config.hubspot.baseUrl}, ` +
        `${config.hubspot.maxRequestsPerSecond} requests/s`,
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
      console.error(err instanceof WorkerConfigError ? `Configuration error: ${err.message}` : err);
      process.exit(err instanceof WorkerConfigError ? 2 : 1);
    },
  );
}
