/**
 * `npm start`: the demo on the embedded default, with no HubSpot account. It starts a local HubSpot simulator and
 * runs the real CLI, `temporal-hubspot-files migrate`, on a dozen folders: the CLI starts the project-installed
 * Temporal dev server (data under `.temporal/`) and an in-process worker, shows live progress, and prints the summary,
 * the report files and the Web UI address. Most folders complete; one completes with missing-scope errors and one is
 * canceled, as real migrations sometimes do.
 *
 * On a terminal it then keeps the Web UI up on the same data (the CLI's `ui` command) until Ctrl-C, so that the
 * printed links work; when piped (as in CI) it exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { processIo } from './cli/cli-io';
import { runCli } from './cli/main';
import { DEFAULT_SIMULATOR_TOKEN, HubSpotSimulator, missingScopeTaskError, type TaskScript } from './simulator';

/** The demo's folders: `folderId,name,parentFolderId`. */
const ROWS: Array<[string, string, string]> = [
  ['1001', 'Invoices 2025', ''],
  ['1002', 'Contracts', '2000'],
  ['1003', '', '2000'],
  ['1004', 'Brand assets', ''],
  ['1005', 'Press kit', '2001'],
  ['1006', 'Old campaigns', '2001'],
  ['1007', 'Product shots', ''],
  ['1008', '', '2002'],
  ['1009', 'Webinars', '2002'],
  ['1010', 'Case studies', ''],
  ['1011', 'Team photos', '2003'],
  ['1012', 'Logos', '2003'],
];

/** Scripts by folder; the rest complete after a few seconds. Times in milliseconds of wall-clock time. */
const SCRIPTS: Record<string, TaskScript> = {
  '1004': { errors: [missingScopeTaskError(['files.ui_hidden.read'])] },
  '1006': { outcome: 'CANCELED', pendingMs: 2500 },
};

async function main(): Promise<number> {
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => interrupt.abort());

  // A daily budget as a Free account has (250,000), so that migrate's setup checks see one.
  const sim = new HubSpotSimulator({ dailyLimit: 250_000 });
  ROWS.forEach(([folderId], i) => {
    sim.scriptFolder(folderId, {
      pendingPolls: 0,
      processingPolls: 0,
      pendingMs: 800 + (i % 4) * 400,
      processingMs: 1500 + (i % 3) * 1200,
      ...SCRIPTS[folderId],
    });
  });
  await sim.start();
  const dir = path.resolve('.temporal', 'demo');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'folders.csv');
  fs.writeFileSync(file, ['folderId,name,parentFolderId', ...ROWS.map((r) => r.join(','))].join('\n') + '\n');
  process.stderr.write(
    `HubSpot simulator at ${sim.baseUrl}; migrating the ${ROWS.length} folders in ${path.relative('.', file)}\n`,
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUBSPOT_BASE_URL: sim.baseUrl,
    HUBSPOT_ACCESS_TOKEN: DEFAULT_SIMULATOR_TOKEN,
  };
  delete env.TEMPORAL_ADDRESS;
  try {
    const code = await runCli(
      [
        'migrate',
        file,
        '--id',
        `hubspot-demo-migration-${Date.now()}`,
        '--concurrency',
        '4',
        '--initial-poll-interval',
        '500ms',
        '--max-poll-interval',
        '2s',
      ],
      { ...processIo(interrupt.signal), env },
    );
    if (code !== 0 && code !== 1) return code;
    if (code === 1) {
      process.stderr.write(
        'Demo finished: the migration ran to its end; the folders above that need attention were scripted to.\n',
      );
    }
    if (process.stdout.isTTY && !interrupt.signal.aborted) {
      process.stderr.write('Keeping the Temporal Web UI up so that the links above work.\n');
      return await runCli(['ui'], { ...processIo(interrupt.signal), env });
    }
    return 0;
  } finally {
    await sim.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
