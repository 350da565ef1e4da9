/**
 * `import-files`, run in-process (`runCli`) as a client of a real Temporal dev server whose worker runs the real
 * activities against the HubSpot simulator: a file of URLs imported in one batch with per-import outcomes, and a bad
 * line refused (exit 2) before anything starts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/main';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../../src/common/search-attributes';
import { temporalCli } from '../../src/servers/temporal-servers';
import { HubSpotSimulator } from '../../src/simulator';
import { withTestWorker } from '../helpers/temporal-env';

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      searchAttributes: HUBSPOT_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
    },
  });
});
after(async () => {
  await env?.teardown();
  await sim?.stop();
});

/** Runs the CLI in-process as a client of the dev server, on `taskQueue`; returns its exit code and output. */
async function cli(args: string[], taskQueue: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
    },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: process.cwd(),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function urlsFile(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thf-import-files-'));
  const file = path.join(dir, 'urls.txt');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const fast = ['--initial-poll-interval', '200ms', '--max-poll-interval', '500ms', '--early-window', '0'];

describe('import-files', () => {
  it('imports every URL of the file in one batch and prints each outcome (--json)', async () => {
    const run = randomUUID();
    const urls = [0, 1, 2].map((i) => `https://assets.example.test/${run}/doc${i}.pdf`);
    const file = urlsFile(['# brochures', urls[0]!, '', urls[1]!, `  ${urls[2]!}  `]);
    await withTestWorker(env, sim.baseUrl, async (taskQueue) => {
      const ran = await cli(
        [
          'import-files',
          file,
          '--access',
          'PRIVATE',
          '--folder-path',
          '/brochures',
          '--concurrency',
          '2',
          '--json',
          ...fast,
        ],
        taskQueue,
      );
      assert.equal(ran.code, 0, ran.stderr);
      const out = JSON.parse(ran.stdout) as {
        workflowId: string;
        total: number;
        completed: number;
        items: Array<{ url: string; outcome: string; path?: string; taskId?: string }>;
      };
      assert.match(out.workflowId, /^hubspot-file-imports-[0-9a-f]{16}$/);
      assert.equal(out.total, 3);
      assert.equal(out.completed, 3);
      assert.deepEqual(
        out.items.map((i) => [i.url, i.outcome, i.path]),
        urls.map((u, i) => [u, 'COMPLETE', `/brochures/doc${i}.pdf`]),
      );
      const again = await cli(
        ['import-files', file, '--access', 'PRIVATE', '--folder-path', '/brochures', '--json', ...fast],
        taskQueue,
      );
      assert.equal(again.code, 0, again.stderr);
      assert.equal((JSON.parse(again.stdout) as { workflowId: string }).workflowId, out.workflowId, 'attached');
    });
  });

  it('refuses a bad line naming the file, the line and the value (exit 2), before anything starts', async () => {
    const file = urlsFile(['https://assets.example.test/ok.png', '# fine', 'ftp://assets.example.test/bad.png']);
    const ran = await cli(['import-files', file, '--access', 'PRIVATE', '--folder-id', '9'], 'unused');
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /urls\.txt line 3: .*url.*ftp:\/\/assets\.example\.test\/bad\.png/);
    const empty = await cli(
      ['import-files', urlsFile(['# none']), '--access', 'PRIVATE', '--folder-id', '9'],
      'unused',
    );
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /holds no URL/);
  });
});
