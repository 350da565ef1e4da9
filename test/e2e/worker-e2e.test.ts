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
import { awaitFolderUpdate, getStatusQuery, migrateFolders } from '../../src/workflows';
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

  it('runs a wait and a migration with an OAuth refresh token only, through several expiries, one refresh each', async () => {
    const oauthSim = new HubSpotSimulator();
    await oauthSim.start();
    const secrets = { clientSecret: 'e2e-client-secret-41d7c0', refreshToken: 'e2e-refresh-token-8f2a6b' };
    const TTL_MS = 3000;
    oauthSim.registerOAuthApp({
      clientId: 'e2e-app',
      clientSecret: secrets.clientSecret,
      refreshTokens: [secrets.refreshToken],
      accessTokenTtlMs: TTL_MS,
    });
    const worker = startWorker({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'e2e-oauth',
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_CLIENT_ID: 'e2e-app',
      HUBSPOT_CLIENT_SECRET: secrets.clientSecret,
      HUBSPOT_REFRESH_TOKEN: secrets.refreshToken,
      HUBSPOT_BASE_URL: oauthSim.baseUrl,
    });
    const histories: string[] = [];
    try {
      const fast = { initialPollInterval: '200ms', maxPollInterval: '500ms' } as const;
      const waitTask = oauthSim.createTask({ pendingMs: 10_000 });
      const folders = ['8101', '8102', '8103'];
      for (const id of folders) oauthSim.scriptFolder(id, { pendingMs: 6000, pendingPolls: 1 });
      const wait = await env.client.workflow.start(awaitFolderUpdate, {
        taskQueue: 'e2e-oauth',
        workflowId: awaitWorkflowId(waitTask),
        args: [{ taskId: waitTask, ...fast }],
      });
      const migrationId = `e2e-oauth-migration-${waitTask}`;
      const migration = await env.client.workflow.start(migrateFolders, {
        taskQueue: 'e2e-oauth',
        workflowId: migrationId,
        args: [{ updates: folders.map((folderId) => ({ folderId, name: `OAuth ${folderId}` })), ...fast }],
      });
      const within = <T>(p: Promise<T>): Promise<T> =>
        Promise.race([
          p,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`not done in 60 s; worker log:\n${worker.output()}`)), 60_000),
          ),
        ]);
      assert.equal((await within(wait.result())).status, 'COMPLETE');
      const result = await within(migration.result());
      assert.equal(result.completed, folders.length, JSON.stringify(result));
      histories.push(JSON.stringify(await wait.fetchHistory()), JSON.stringify(await migration.fetchHistory()));
      for (const id of folders) {
        histories.push(
          JSON.stringify(await env.client.workflow.getHandle(`${migrationId}/folder-${id}`).fetchHistory()),
        );
      }
    } finally {
      worker.child.kill('SIGTERM');
      await exitCode(worker.child);
      await oauthSim.stop();
    }
    const refreshes = oauthSim.oauthGrants();
    assert.ok(refreshes.every((g) => g.status === 200 && g.grantType === 'refresh_token'));
    assert.ok(refreshes.length >= 4, `several expiries: ${refreshes.length} refreshes`);
    // Each token is refreshed a quarter of its lifetime before it expires (750 ms): one refresh per token lifetime.
    for (let i = 1; i < refreshes.length; i++) {
      const gapMs = refreshes[i]!.at - refreshes[i - 1]!.at;
      assert.ok(gapMs >= TTL_MS * 0.75 - 50, `refresh ${i} came ${gapMs} ms after the one before`);
    }
    const refused = oauthSim.requestLog().filter((e) => e.status === 401).length;
    assert.ok(refused <= refreshes.length, `${refused} requests refused, at most one per token`);
    const output = worker.output();
    assert.match(output, /OAuth refresh token/);
    for (const text of [...histories, output]) {
      assert.ok(!text.includes(secrets.clientSecret) && !text.includes(secrets.refreshToken), 'no OAuth secret');
      assert.ok(!/sim-[0-9a-f]{32}/.test(text), 'no access token');
    }
  });

  it('refuses to start without HUBSPOT_ACCESS_TOKEN, naming it', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: env.address, HUBSPOT_ACCESS_TOKEN: '' });
    assert.equal(await exitCode(worker.child), 2);
    assert.match(worker.output(), /HUBSPOT_ACCESS_TOKEN is not set/);
  });

  it('refuses a bad HUBSPOT_API_VERSION at start-up with exit 2, naming it', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: env.address, HUBSPOT_ACCESS_TOKEN: 'x', HUBSPOT_API_VERSION: 'v2' });
    assert.equal(await exitCode(worker.child), 2);
    assert.match(
      worker.output(),
      /Configuration error: HUBSPOT_API_VERSION must be one of 'v3', '2025-09', '2026-03', '2026-09', got "v2"/,
    );
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
