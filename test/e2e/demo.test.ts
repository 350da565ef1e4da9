/**
 * `npm start`'s demo runs to its end: the simulator, the embedded dev server, the in-process worker and the CLI's
 * migration with mixed outcomes, finishing cleanly with exit code 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');

describe('npm start (the demo)', () => {
  it('migrates a dozen folders with mixed outcomes and ends cleanly', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'thf-demo-'));
    const env = { ...process.env };
    delete env.TEMPORAL_ADDRESS;
    delete env.HUBSPOT_ACCESS_TOKEN;
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'src', 'demo.ts')], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      /^total\s+complete\s+with errors\s+canceled\s+failed\s+already done\s+mismatch\n[- ]+\n12\s+10\s+1\s+1\s+0\s+0\s+0\n/,
    );
    assert.match(stdout, /1004\s+\S+\s+COMPLETED_WITH_ERRORS\s+MISSING_SCOPES .*files\.ui_hidden\.read/);
    assert.match(stdout, /1006\s+\S+\s+CANCELED/);
    assert.match(stderr, /\[#+\.*\] \d+\/12/, 'live progress');
    assert.match(stderr, /Temporal Web UI: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(
      stderr,
      /Web UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\/hubspot-demo-migration-\d+\n/,
    );
    assert.doesNotMatch(stderr, /Keeping the Temporal Web UI up/, 'piped, the demo exits');
    assert.ok(fs.existsSync(path.join(cwd, '.temporal', 'demo', 'folders.report.csv')));
    assert.ok(fs.existsSync(path.join(cwd, '.temporal', 'temporal.sqlite')));
  });
});
