/**
 * Regenerates the Web UI screenshots in docs/images/ (not part of CI): runs the demo (`src/demo.ts`, piped, so it
 * exits when the migration ends) in a scratch folder, reopens its embedded data with the CLI's `ui` command, and
 * saves the pages of the migration, its list of waits and one wait with Debian's headless Chromium
 * (`apt-get install -y chromium`; set CHROMIUM_PATH for another binary).
 *
 *   npx tsx scripts/screenshots.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const out = path.join(root, 'docs', 'images');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function shoot(url: string, file: string): void {
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--window-size=1440,1000',
      '--virtual-time-budget=15000',
      `--screenshot=${path.join(out, file)}`,
      url,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  console.error(`saved docs/images/${file}`);
}

async function main(): Promise<void> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'thf-shots-'));
  const env = { ...process.env };
  delete env.TEMPORAL_ADDRESS;
  console.error(`running the demo in ${cwd}…`);
  execFileSync(tsx, [path.join(root, 'src', 'demo.ts')], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });

  const ui = spawn(process.execPath, [path.join(root, 'bin', 'temporal-hubspot-files.js'), 'ui'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let text = '';
      ui.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /Temporal Web UI: (http:\/\/\S+)/.exec(text);
        if (m?.[1]) resolve(m[1]);
      });
      ui.once('exit', (code) => reject(new Error(`ui exited with ${code}`)));
    });
    const uiPort = Number(new URL(base).port);
    const connection = await Connection.connect({ address: `127.0.0.1:${uiPort - 1000}` });
    const client = new Client({ connection });
    let migration = '';
    let wait = '';
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'migrateFolders'` }))
      migration ||= wf.workflowId;
    for await (const wf of client.workflow.list({
      query: `WorkflowType = 'awaitFolderUpdate' AND HubSpotFolderId = '1004'`,
    }))
      wait ||= wf.workflowId;
    await connection.close();
    if (!migration || !wait) throw new Error('the demo left no migration or wait to show');

    fs.mkdirSync(out, { recursive: true });
    const page = (id: string): string => `${base}/namespaces/default/workflows/${encodeURIComponent(id)}`;
    shoot(page(migration), 'migration.png');
    shoot(page(wait), 'wait.png');
    const query = encodeURIComponent(`WorkflowType = 'awaitFolderUpdate' AND HubSpotMigrationId = '${migration}'`);
    shoot(`${base}/namespaces/default/workflows?query=${query}`, 'waits-list.png');
  } finally {
    ui.kill('SIGINT');
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
