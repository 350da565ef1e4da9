/**
 * End to end on the Temporal CLI dev server: the real worker module (`npm run worker`'s entry) as a child process,
 * configured only through the environment, against the HubSpot simulator.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import { awaitFolderUpdate, getStatusQuery } from '../../src/workflows';
import { awaitWorkflowId } from '../../src/workflows/workflow-ids';
import { createDevServerEnv } from '../helpers/temporal-env';

const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const TASK_QUEUE = 'e2e-hubspot-files';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;
let token: string;

function startWorker(extraEnv: Record<string, string | undefined>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(tsx, [path.join(root, 'src', 'worker.ts')], {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

before(async () => {
  sim = new HubSpotSimulator();
  await sim.start();
  token = sim.issueToken({ ttlMs: 3600_000 });
  env = await createDevServerEnv();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

describe('worker end to end on the dev server', () => {
  it('runs awaitFolderUpdate to its outcomes, answers queries, and shuts down on SIGTERM', async () => {
    const worker = startWorker({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      HUBSPOT_ACCESS_TOKEN: token,
      HUBSPOT_BASE_URL: sim.baseUrl,
      HUBSPOT_MAX_REQUESTS_PER_SECOND: '50',
    });
    try {
      const ok = sim.createTask({ pendingPolls: 2 });
      const withErrors = sim.createTask({ errors: [missingScopeTaskError(['files'])] });
      const fast = { initialPollInterval: '200ms', maxPollInterval: '1s' } as const;
      const okHandle = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue: TASK_QUEUE,
        workflowId: awaitWorkflowId(ok),
        args: [{ taskId: ok, ...fast }],
      });
      const result = await okHandle.result();
      assert.equal(result.status, 'COMPLETE');
      assert.equal(result.polls, 4);
      const progress = await okHandle.query(getStatusQuery);
      assert.equal(progress.polls, 4);
      assert.equal(progress.lastStatus?.status, 'COMPLETE');

      const err = await env.client.workflow
        .execute(awaitFolderUpdate, {
          taskQueue: TASK_QUEUE,
          workflowId: awaitWorkflowId(withErrors),
          args: [{ taskId: withErrors, ...fast }],
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
      assert.equal(err.cause.type, 'FolderUpdateCompletedWithErrors');

      const history = JSON.stringify(await okHandle.fetchHistory());
      assert.ok(!history.includes(token), 'the token is not in the workflow history');
    } finally {
      worker.child.kill('SIGTERM');
    }
    assert.equal(await exitCode(worker.child), 0, `the worker shuts down cleanly:\n${worker.output()}`);
    assert.ok(!worker.output().includes(token), 'the token is not in the worker log');
  });

  it('refuses to start without HUBSPOT_ACCESS_TOKEN, naming it', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: env.address, HUBSPOT_ACCESS_TOKEN: '' });
    assert.equal(await exitCode(worker.child), 2);
    assert.match(worker.output(), /HUBSPOT_ACCESS_TOKEN is not set/);
  });

  it('refuses a bad HUBSPOT_API_VERSION at start-up with exit 2, naming it', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: env.address, HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_API_VERSION: 'v2' });
    assert.equal(await exitCode(worker.child), 2);
    assert.match(worker.output(), /Configuration error: HUBSPOT_API_VERSION must be 'v3' or a date version .*got "v2"/);
  });

  it('refuses a malformed request budget, naming it', async () => {
    const worker = startWorker({
      TEMPORAL_ADDRESS: env.address,
      HUBSPOT_ACCESS_TOKEN: 'x',
      HUBSPOT_MAX_REQUESTS_PER_SECOND: 'fast',
    });
    assert.equal(await exitCode(worker.child), 2);
    assert.match(
      worker.output(),
      /HUBSPOT_MAX_REQUESTS_PER_SECOND must be a number above 0 and at most 1000, got "fast"/,
    );
  });
});
