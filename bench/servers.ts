/**
 * The Temporal servers and the workflow bundle the bench uses: the project-installed CLI dev server (real time, with
 * Prometheus metrics for heartbeat counts) and the time-skipping test server (long waits), never a download.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort } from '../src/servers/dev-server';
import { temporalCli, temporalTestServer } from '../src/servers/temporal-servers';
import { quietLogger } from '../test/helpers/quiet-logger';

/** A running dev server and where to read its metrics. */
export interface BenchDevServer {
  env: TestWorkflowEnvironment;
  /** `http://127.0.0.1:<port>/metrics`. */
  metricsUrl: string;
}

/** Starts the CLI dev server in memory, with `namespaces` created at start and Prometheus metrics on a free port. */
export async function startBenchDevServer(namespaces: readonly string[] = []): Promise<BenchDevServer> {
  const metricsPort = await freePort();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      log: { format: 'pretty', level: 'error' },
      extraArgs: ['--metrics-port', String(metricsPort), ...namespaces.flatMap((ns) => ['--namespace', ns])],
    },
  });
  return { env, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

/** Starts the Java SDK's time-skipping test server. */
export function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer().path } },
  });
}

/** The bench's workflows (`workflows.ts`) bundled into a fresh temporary folder, returning the bundle's path. */
export async function buildWorkflowBundle(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    logger: quietLogger,
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'thf-bench-')), 'workflows-bundle.js');
  fs.writeFileSync(file, code);
  return file;
}
