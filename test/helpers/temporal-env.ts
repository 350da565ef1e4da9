/**
 * Real Temporal servers for tests: the time-skipping test server and the CLI dev server, both the project-installed
 * binaries (`npm run servers:install`), never a download.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../src/activities';
import { temporalCli, temporalTestServer } from '../../src/servers/temporal-servers';
import { workflowsPath } from '../../src/worker';
import { quietLogger } from './quiet-logger';

/** Starts the Java SDK's time-skipping test server. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer().path } },
  });
}

/**
 * Starts the Temporal CLI dev server (in memory unless `dbFilename` is given); `extraArgs` go to `temporal server
 * start-dev`, e.g. `['--dynamic-config-value', 'limit.blobSize.error=131072']`.
 */
export function createDevServerEnv(dbFilename?: string, extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      ...(dbFilename ? { dbFilename } : {}),
      log: { format: 'pretty', level: 'error' },
      extraArgs,
    },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The package's workflows bundled once per test process (bundling takes seconds; workers reuse it). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: quietLogger,
  });
  return bundle;
}

/**
 * Runs `fn` with a worker of the package's real activities (against `hubspotBaseUrl`, token `sim-token`, with any
 * other `deps`) and workflows, on a fresh task queue of `env`.
 */
export async function withTestWorker<T>(
  env: TestWorkflowEnvironment,
  hubspotBaseUrl: string,
  fn: (taskQueue: string) => Promise<T>,
  options: Partial<WorkerOptions> & { deps?: Partial<ActivityDeps> } = {},
): Promise<T> {
  const taskQueue = `test-${randomUUID()}`;
  const { deps, ...workerOptions } = options;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      baseUrl: hubspotBaseUrl,
      token: 'sim-token',
      requestTimeoutMs: 2000,
      maxRequestsPerSecond: Infinity,
      ...deps,
    }),
    ...workerOptions,
  });
  return worker.runUntil(fn(taskQueue));
}
