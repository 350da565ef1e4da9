/**
 * The Prometheus endpoint of a real worker (`npm run worker`'s entry, as a child process, with
 * HUBSPOT_METRICS_ADDRESS) on the dev server: after a wait with one 429, it shows the SDK's metrics and the package's
 * counters, histogram and gauge, and no token.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../../src/servers/dev-server';
import { HubSpotSimulator } from '../../src/simulator';
import { awaitFolderUpdate, awaitHubSpotTask } from '../../src/workflows';
import { createDevServerEnv } from '../helpers/temporal-env';

const root = path.resolve(__dirname, '..', '..');

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator();
  await sim.start();
  env = await createDevServerEnv();
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

/** The value of the first sample of `name` whose labels include every one of `labels`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('Prometheus metrics', () => {
  it('serves the SDK metrics and the HubSpot ones after a wait', async () => {
    const token = sim.issueToken({ ttlMs: 3600_000 });
    const address = `127.0.0.1:${await freePort()}`;
    const taskQueue = 'metrics-e2e';
    let output = '';
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'src', 'worker.ts')], {
      cwd: root,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        HUBSPOT_ACCESS_TOKEN: token,
        HUBSPOT_BASE_URL: sim.baseUrl,
        HUBSPOT_METRICS_ADDRESS: address,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const taskId = sim.createTask({ pendingPolls: 1, processingPolls: 2 });
      sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 1 }, { route: 'status' });
      const result = await env.client.workflow.execute(awaitFolderUpdate, {
        taskQueue,
        workflowId: `metrics-${taskId}`,
        args: [{ taskId, earlyWindow: 0, initialPollInterval: '100ms', maxPollInterval: '200ms' }],
      });
      assert.equal(result.status, 'COMPLETE');

      let text = '';
      const deadline = Date.now() + 20_000;
      do {
        text = await fetch(`http://${address}/metrics`).then((r) => r.text());
        if (sample(text, 'folder_update_outcomes', { outcome: 'COMPLETE' }) !== undefined) break;
        await new Promise((r) => setTimeout(r, 500));
      } while (Date.now() < deadline);

      assert.ok((sample(text, 'hubspot_requests', { route: 'task-status', outcome: 'ok' }) ?? 0) >= 4, text);
      assert.equal(sample(text, 'hubspot_requests', { route: 'task-status', outcome: 'rate_limited' }), 1);
      assert.equal(sample(text, 'hubspot_rate_limited', { policy: 'TEN_SECONDLY_ROLLING' }), 1);
      assert.ok((sample(text, 'hubspot_budget_wait_count') ?? 0) >= 5, 'a budget wait per request');
      assert.ok(sample(text, 'hubspot_rate_limit_remaining') !== undefined, 'the remaining requests gauge');
      assert.equal(sample(text, 'folder_update_polls'), 4);
      assert.equal(sample(text, 'folder_update_outcomes', { outcome: 'COMPLETE' }), 1);
      assert.ok(sample(text, 'temporal_workflow_completed') !== undefined, "the SDK's own metrics");
      assert.ok(!text.includes(token) && !text.includes(taskId), 'no token or task id in the metrics');

      // Another kind counts by kind, apart from the folder figures.
      const exportId = sim.createTask({ pendingPolls: 1, processingPolls: 1 }, { kind: 'crm-export' });
      const exported = await env.client.workflow.execute(awaitHubSpotTask, {
        taskQueue,
        workflowId: `metrics-${exportId}`,
        args: [{ kind: 'crm-export', taskId: exportId, earlyWindow: 0, initialPollInterval: '100ms' }],
      });
      assert.equal(exported.status, 'COMPLETE');
      const kindDeadline = Date.now() + 20_000;
      do {
        text = await fetch(`http://${address}/metrics`).then((r) => r.text());
        if (sample(text, 'hubspot_task_outcomes', { kind: 'crm-export', outcome: 'COMPLETE' }) !== undefined) break;
        await new Promise((r) => setTimeout(r, 500));
      } while (Date.now() < kindDeadline);
      assert.equal(sample(text, 'hubspot_task_outcomes', { kind: 'crm-export', outcome: 'COMPLETE' }), 1, text);
      assert.equal(sample(text, 'hubspot_task_polls', { kind: 'crm-export' }), 3);
      assert.equal(sample(text, 'folder_update_polls'), 4, 'the folder figures count folder updates only');
      assert.equal(sample(text, 'folder_update_outcomes', { outcome: 'COMPLETE' }), 1);
      assert.ok((sample(text, 'hubspot_requests', { route: 'crm-export-status', outcome: 'ok' }) ?? 0) >= 3);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    assert.match(output, new RegExp(`Prometheus metrics at http://${address.replace(/\./g, '\\.')}/metrics`));
  });
});
