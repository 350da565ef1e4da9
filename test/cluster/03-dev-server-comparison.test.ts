/**
 * Cluster tier 3: tier 2's baseline workload (fault-workload.ts, no fault) on the Temporal CLI's dev server (one
 * process, SQLite, started as `startDevServer` starts it for embedded mode), so that the cluster's figures have the
 * single-process server's beside them: how late the waits ended, the migration's duration, HubSpot requests, history
 * events per wait (`.scratch/cluster/results/dev-server.json`).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDevServer, type DevServer } from '../../src/servers/dev-server';
import { ClusterStack } from './cluster-stack';
import { runWithFault } from './fault-workload';

const TASK_QUEUE = `cluster-03-${randomUUID().slice(0, 8)}`;

let dataDir: string | undefined;
let server: DevServer | undefined;
let stack: ClusterStack | undefined;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-03-'));
  server = await startDevServer({ dataDir, port: 0 });
  stack = await ClusterStack.open({ address: server.address, namespace: server.namespace });
  for (let i = 0; i < 3; i++) await stack.startWorker(TASK_QUEUE);
});

after(async () => {
  await stack?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the same workload on the dev server, for comparison', () => {
  it('baseline: no fault, on the dev server', { timeout: 600_000 }, () => {
    assert.ok(stack);
    return runWithFault(stack, TASK_QUEUE, 'dev-server', 990_000, async () => undefined);
  });
});
