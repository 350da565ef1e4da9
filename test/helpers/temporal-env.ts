/**
 * Real Temporal servers for tests: the time-skipping test server and the CLI dev server, both the project-installed
 * binaries (`npm run servers:install`), never a download.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalCli, temporalTestServer } from '../../src/servers/temporal-servers';
import { workflowsPath } from '../../src/worker';

/** Starts the Java SDK's time-skipping test server. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer().path } },
  });
}

/** Starts the Temporal CLI dev server (in memory unless `dbFilename` is given). */
export function createDevServerEnv(dbFilename?: string): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      ...(dbFilename ? { dbFilename } : {}),
      log: { format: 'pretty', level: 'error' },
    },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The package's workflows bundled once per test process (bundling takes seconds; workers reuse it). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
  });
  return bundle;
}
