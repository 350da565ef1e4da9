/**
 * Scenario 10, secrets: the HubSpot token must appear in no workflow history, no failure and no log.
 *
 * A mix of workflows runs on a persistent dev server with worker processes (`npm run worker`'s entry) logging as much
 * as they can: successes, COMPLETE with errors, CANCELED by HubSpot and cancelled by the client, a migration, a 401
 * (a second worker whose distinctive token the simulator does not know), a 403, and faults (5xx, 429, malformed,
 * truncated, reset; 401/400/5xx bodies that echo the token back). A CLI migration runs on its embedded default with
 * HUBSPOT_ACCESS_TOKEN set to the token. Then every history of both servers is exported with the Temporal CLI
 * (`workflow list` and `workflow show --output json`, payloads base64-decoded), and every history, every failure in
 * it, every file under LOGS_DIR (this scenario's and whatever scenarios 01–09 left there) and the servers' SQLite files
 * are searched for the tokens, `Bearer <token>` and any `authorization` header value.
 *
 * The worker has no log-level setting (the SDK's default logger logs INFO); this scenario raises it to TRACE for the
 * SDK logger and for Core with a test-only `--require` preload that installs the Runtime before the worker starts.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { missingScopesBody, missingScopeTaskError, HubSpotSimulator, hubSpotErrorBody } from '../../src/simulator';
import { temporalCli } from '../../src/servers/temporal-servers';
import type { MigrationResult } from '../../src/workflows';
import {
  endingOf,
  keepLog,
  LOGS_DIR,
  PersistentTemporal,
  RELIABILITY_TOKEN,
  recordFigures,
  ROOT,
  spawnWorker,
  tempDir,
  until,
  type Ending,
  type WorkerProcess,
} from './harness';

const SCENARIO = '10. Secrets';
/** A second distinctive token, given to a worker the simulator does not know (every call answers 401). */
const SECOND_TOKEN = 'pat-na1-UNKNOWN-5e3b9d04-SECOND-SECRET';
const TOKENS = [RELIABILITY_TOKEN, SECOND_TOKEN];
/** What must be found nowhere: the tokens, as bearer credentials, and their distinctive middles (a cut copy). */
const NEEDLES = [...TOKENS, ...TOKENS.map((t) => `Bearer ${t}`), 'RELIABILITY-7c1f9e2b', 'UNKNOWN-5e3b9d04'];
/** An `authorization` header with a value other than the redaction marker, in any quoting. */
const AUTH_HEADER = /authorization\\?["']?\s*[:=]\s*\\?["']?\s*(bearer\s+)?(?!\[REDACTED\])[A-Za-z0-9._~+/-]{8,}/gi;
const FAST = { initialPollInterval: '200ms', maxPollInterval: '500ms', timeout: '10m' } as const;
const execFileAsync = promisify(execFile);

let sim: HubSpotSimulator;
let cliSim: HubSpotSimulator;
let temporal: PersistentTemporal;
let cliTemporal: PersistentTemporal | undefined;
let client: Client;
let closeClient: () => Promise<void> = async () => undefined;
let workerA: WorkerProcess | undefined;
let workerB: WorkerProcess | undefined;
const dirs: string[] = [];
const queueA = `secrets-a-${randomUUID()}`;
const queueB = `secrets-b-${randomUUID()}`;
const startedAt = Date.now();
const figures = { started: 0, correct: 0, stuck: 0, pollingAfterCancelMs: 0 };
const scanned = { histories: 0, events: 0, failures: 0, logFiles: 0, logBytes: 0, dbBytes: 0, hits: 0 };
let cliRun: Promise<{ code: number | null; stdout: string; stderr: string; cwd: string }> | undefined;

function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

/** Test-only: the worker's logging as high as the SDK goes, installed before `src/worker.ts` touches the Runtime. */
function writeLoggingPreload(): string {
  const file = path.join(dir('thf-rel10-preload-'), 'max-logging.cjs');
  const sdk = require.resolve('@temporalio/worker', { paths: [ROOT] });
  fs.writeFileSync(
    file,
    [
      `// Installs the Temporal Runtime with TRACE logging (SDK logger and Core) in the worker process only.`,
      `if (/worker\\.ts$/.test(process.argv[1] || '')) {`,
      `  const { Runtime, DefaultLogger, makeTelemetryFilterString } = require(${JSON.stringify(sdk)});`,
      `  Runtime.install({`,
      `    logger: new DefaultLogger('TRACE'),`,
      `    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'TRACE', other: 'TRACE' }) } },`,
      `  });`,
      `}`,
      '',
    ].join('\n'),
  );
  return file;
}

function startWorker(taskQueue: string, token: string, preload: string): WorkerProcess {
  return spawnWorker({
    address: temporal.address,
    taskQueue,
    hubspotBaseUrl: sim.baseUrl,
    token,
    extraEnv: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() },
  });
}

before(async () => {
  // This scenario's own logs of an earlier run go (its TRACE worker logs are large); every other log stays to be scanned.
  for (const f of listFiles(LOGS_DIR)) {
    if (/^(worker-secrets-[ab]-|10-cli-)/.test(path.basename(f))) fs.rmSync(f, { force: true });
  }
  sim = new HubSpotSimulator({ tokens: { [RELIABILITY_TOKEN]: {} }, rateLimit: false });
  cliSim = new HubSpotSimulator({ tokens: { [RELIABILITY_TOKEN]: {} }, rateLimit: false });
  await Promise.all([sim.start(), cliSim.start()]);
  temporal = new PersistentTemporal(dir('thf-rel10-temporal-'));
  await temporal.start();
  ({ client, close: closeClient } = await temporal.client());
  const preload = writeLoggingPreload();
  workerA = startWorker(queueA, RELIABILITY_TOKEN, preload);
  workerB = startWorker(queueB, SECOND_TOKEN, preload);
  const ready = (w: WorkerProcess): Promise<void> =>
    Promise.race([
      w.ready,
      w.exited.then((code) => {
        throw new Error(`a worker exited with ${code} before it ran:\n${w.output().slice(-3000)}`);
      }),
    ]);
  await Promise.all([ready(workerA), ready(workerB)]);
});

after(async () => {
  for (const w of [workerA, workerB]) {
    if (w && w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill('SIGKILL');
      await w.exited;
    }
  }
  await closeClient();
  await cliTemporal?.stop();
  await temporal?.stop();
  await sim?.stop();
  await cliSim?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  recordFigures({
    scenario: SCENARIO,
    started: figures.started,
    completedCorrectly: figures.correct,
    lost: 0,
    duplicated: 0,
    stuck: figures.stuck,
    notes:
      `token found ${scanned.hits} times in ${scanned.histories} histories (${scanned.events} events, ` +
      `${scanned.failures} failures), ${scanned.logFiles} log files (${scanned.logBytes} bytes) and ` +
      `${scanned.dbBytes} bytes of SQLite; workflows on the default hybrid poller (the cancelled one's early-window ` +
      `poller went on polling for ${figures.pollingAfterCancelMs} ms after the cancel); worker logging at TRACE via a test preload (the worker has no log-level ` +
      `setting); ran ${Math.round((Date.now() - startedAt) / 1000)} s`,
  });
});

// ---- the workflows ----

interface Expected {
  handle: WorkflowHandle;
  /** `ok`, or the failure type the workflow must end with. */
  ending: 'ok' | string;
  check?: (value: unknown) => void;
}

function start(
  name: string,
  workflow: 'awaitFolderUpdate' | 'updateFolderAndWait' | 'migrateFolders',
  taskQueue: string,
  input: Record<string, unknown>,
): Promise<WorkflowHandle> {
  figures.started++;
  return client.workflow.start(workflow, {
    taskQueue,
    workflowId: `secrets-${name}-${randomUUID()}`,
    args: [{ ...FAST, ...input }],
  });
}

function describeEnding(e: Ending | 'stuck'): string {
  return e === 'stuck' ? 'stuck' : e.ok ? 'ok' : e.type;
}

/** Waits for each expected ending; counts the correct ones and asserts them all. */
async function settle(expected: Expected[]): Promise<void> {
  const endings = await Promise.all(expected.map((x) => endingOf(x.handle, 120_000)));
  const wrong: string[] = [];
  endings.forEach((ending, i) => {
    const x = expected[i]!;
    if (ending === 'stuck') figures.stuck++;
    const got = describeEnding(ending);
    if (got !== x.ending) {
      wrong.push(
        `${x.handle.workflowId}: expected ${x.ending}, got ${got}${ending !== 'stuck' && !ending.ok ? ` (${ending.message})` : ''}`,
      );
      return;
    }
    if (x.check && ending !== 'stuck' && ending.ok) x.check(ending.value);
    figures.correct++;
  });
  assert.deepEqual(wrong, []);
}

const echo = (what: string): string =>
  `${what}: request with Authorization: Bearer ${RELIABILITY_TOKEN} rejected (token ${RELIABILITY_TOKEN})`;

/** Runs the CLI from source on its embedded default, with the token in HUBSPOT_ACCESS_TOKEN. */
function runCliMigration(): Promise<{ code: number | null; stdout: string; stderr: string; cwd: string }> {
  const cwd = dir('thf-rel10-cli-');
  fs.writeFileSync(
    path.join(cwd, 'folders.csv'),
    'folderId,name,parentFolderId\n6301,CliOne,\n6302,CliTwo,\n6303,,12\n',
  );
  cliSim.scriptFolder('6302', { errors: [missingScopeTaskError(['files.ui_hidden.read'])] });
  cliSim.scriptFolder('6303', { outcome: 'CANCELED' });
  cliSim.injectFault(
    { kind: 'status', status: 503, body: hubSpotErrorBody('INTERNAL_ERROR', echo('503')) },
    { route: 'status' },
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUBSPOT_ACCESS_TOKEN: RELIABILITY_TOKEN,
    HUBSPOT_BASE_URL: cliSim.baseUrl,
  };
  delete env.TEMPORAL_ADDRESS;
  const args = ['migrate', 'folders.csv', ...['--initial-poll-interval', '200ms', '--max-poll-interval', '500ms']];
  const child = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
  return once(child, 'exit').then(([code]) => {
    clearTimeout(timer);
    keepLog('10-cli-migrate-stdout', stdout);
    keepLog('10-cli-migrate-stderr', stderr);
    return { code: code as number | null, stdout, stderr, cwd };
  });
}

describe('10. Secrets', () => {
  it('the search finds planted secrets, in clear and in base64 (a control)', () => {
    assert.notDeepEqual(findSecrets(`sent with Bearer ${SECOND_TOKEN}.`), []);
    assert.notDeepEqual(findSecrets(`cut: …${RELIABILITY_TOKEN.slice(4, 30)}`), []);
    assert.notDeepEqual(findSecrets('{"headers":{"authorization":"Bearer sk-live-0123456789abcdef"}}'), []);
    assert.notDeepEqual(findSecrets('Authorization: pat-eu1-0123456789'), []);
    assert.deepEqual(findSecrets('Authorization: Bearer [REDACTED] (token [REDACTED])'), []);
    const payload = { data: Buffer.from(JSON.stringify({ message: `x ${RELIABILITY_TOKEN}` })).toString('base64') };
    assert.notDeepEqual(decodedStrings(payload).flatMap(findSecrets), []);
    assert.equal(failuresIn({ events: [{ a: { lastFailure: { message: 'm' } } }] }).length, 1);
  });

  it('runs the mix: successes, errors, cancellations, 401, 403, faults and token echoes, and a CLI migration', async () => {
    cliRun = runCliMigration();

    // Phase 1: everything that needs no injected fault, at once.
    sim.scriptFolder('6203', { outcome: 'CANCELED' });
    sim.scriptFolder('6204', { errors: [missingScopeTaskError(['files'])] });
    const longTask = sim.createTask({ pendingPolls: 100_000 });
    const phase1: Expected[] = [
      ...(
        await Promise.all(
          [1, 2, 3].map((i) => start(`ok-${i}`, 'awaitFolderUpdate', queueA, { taskId: sim.createTask() })),
        )
      ).map((handle) => ({ handle, ending: 'ok' })),
      {
        handle: await start('errors', 'awaitFolderUpdate', queueA, {
          taskId: sim.createTask({ errors: [missingScopeTaskError(['files.ui_hidden.read'])] }),
        }),
        ending: 'FolderUpdateCompletedWithErrors',
      },
      {
        handle: await start('hubspot-canceled', 'awaitFolderUpdate', queueA, {
          taskId: sim.createTask({ outcome: 'CANCELED' }),
        }),
        ending: 'FolderUpdateCanceled',
      },
      {
        handle: await start('update', 'updateFolderAndWait', queueA, { folderId: '6101', name: 'Renamed-6101' }),
        ending: 'ok',
      },
      {
        handle: await start('migration', 'migrateFolders', queueA, {
          concurrency: 3,
          updates: [
            { folderId: '6201', name: 'MigA' },
            { folderId: '6202', parentFolderId: 9 },
            { folderId: '6201', name: 'MigA again' },
            { folderId: '6203', name: 'MigC' },
            { folderId: '6204', name: 'MigD' },
          ],
        }),
        ending: 'ok',
        check: (value) => {
          const r = value as MigrationResult;
          assert.deepEqual([r.completed, r.completedWithErrors, r.canceled, r.failed], [2, 1, 1, 1]);
        },
      },
      {
        handle: await start('unauthorized-await', 'awaitFolderUpdate', queueB, { taskId: sim.createTask() }),
        ending: 'HubSpotUnauthorized',
      },
      {
        handle: await start('unauthorized-update', 'updateFolderAndWait', queueB, { folderId: '6102', name: 'x' }),
        ending: 'HubSpotUnauthorized',
      },
    ];
    const cancelled = await start('client-cancelled', 'awaitFolderUpdate', queueA, { taskId: longTask });
    await until(() => (sim.getTask(longTask)?.polls ?? 0) >= 2, 'the long task to be polled twice');
    await cancelled.cancel();
    phase1.push({ handle: cancelled, ending: 'CancelledFailure' });
    await settle(phase1);
    // The cancelled workflow's early-window poller learns of the cancellation only from a heartbeat, which the worker
    // sends at most every 24 s; until then it goes on polling the long task. Phase 2's faults are queued for the next
    // status request, whoever sends it, so wait until it has stopped (no poll for 3 s).
    const cancelledAt = Date.now();
    let longPolls = sim.getTask(longTask)!.polls;
    let lastLongPollAt = cancelledAt;
    await until(
      () => {
        const polls = sim.getTask(longTask)!.polls;
        if (polls !== longPolls) [longPolls, lastLongPollAt] = [polls, Date.now()];
        return Date.now() - lastLongPollAt >= 3_000;
      },
      'the cancelled workflow to stop polling',
      90_000,
    );
    figures.pollingAfterCancelMs = lastLongPollAt - cancelledAt;

    // Phase 2: one workflow at a time, each meeting the fault injected for it.
    const faults: Array<[string, Parameters<HubSpotSimulator['injectFault']>, 'ok' | string, 'await' | 'update']> = [
      [
        'forbidden',
        [{ kind: 'status', status: 403, body: missingScopesBody(['files']) }, { route: 'status' }],
        'HubSpotForbidden',
        'await',
      ],
      [
        'unauthorized-echo',
        [
          { kind: 'status', status: 401, body: hubSpotErrorBody('INVALID_AUTHENTICATION', echo('401')) },
          { route: 'status' },
        ],
        'HubSpotUnauthorized',
        'await',
      ],
      [
        'bad-request-echo',
        [
          {
            kind: 'status',
            status: 400,
            body: { status: 'error', message: echo('400'), headers: { authorization: `Bearer ${RELIABILITY_TOKEN}` } },
          },
          { route: 'status' },
        ],
        'HubSpotBadRequest',
        'await',
      ],
      [
        'server-error-echo',
        [
          { kind: 'status', status: 500, body: `<pre>${echo('500')}</pre>` },
          { route: 'status', count: 2 },
        ],
        'ok',
        'await',
      ],
      [
        'rate-limited',
        [
          { kind: 'rateLimited', retryAfterSeconds: 1 },
          { route: 'status', count: 2 },
        ],
        'ok',
        'await',
      ],
      ['malformed', [{ kind: 'malformed' }, { route: 'status' }], 'ok', 'await'],
      ['truncated', [{ kind: 'truncated' }, { route: 'status' }], 'ok', 'await'],
      ['reset', [{ kind: 'reset' }, { route: 'status' }], 'ok', 'await'],
      [
        'start-503-echo',
        [{ kind: 'status', status: 503, body: hubSpotErrorBody('INTERNAL_ERROR', echo('503')) }, { route: 'start' }],
        'ok',
        'update',
      ],
    ];
    for (const [name, [fault, options], ending, kind] of faults) {
      sim.clearFaults();
      const met = sim.stats().faultsInjected[fault.kind] ?? 0;
      sim.injectFault(fault, options);
      const handle =
        kind === 'await'
          ? await start(name, 'awaitFolderUpdate', queueA, { taskId: sim.createTask() })
          : await start(name, 'updateFolderAndWait', queueA, { folderId: '6105', name: 'Echoed' });
      await settle([{ handle, ending }]);
      assert.ok((sim.stats().faultsInjected[fault.kind] ?? 0) > met, `the ${name} fault was met`);
    }
    sim.clearFaults();

    const cli = await cliRun;
    assert.equal(cli.code, 1, `the CLI migration has items not COMPLETE, so exit 1:\n${cli.stderr.slice(-2000)}`);
    assert.match(
      cli.stdout,
      /^total\s+complete\s+with errors\s+canceled\s+failed\s+already done\s+mismatch\n[- ]+\n3\s+1\s+1\s+1\s+0\s+0\s+0\n/,
    );
    figures.started++;
    figures.correct++;
  });

  let histories: History[] = [];

  it('exports every workflow history of both servers with the Temporal CLI', async () => {
    histories = await exportHistories(temporal.address);
    const cli = await cliRun!;
    cliTemporal = new PersistentTemporal(path.join(cli.cwd, '.temporal'));
    await cliTemporal.start();
    const cliHistories = await exportHistories(cliTemporal.address);
    histories.push(...cliHistories);
    // Every top-level workflow plus its children (update → await; migration → 4 updates → 4 awaits).
    assert.ok(histories.length >= figures.started + 10, `${histories.length} histories exported`);
    assert.ok(cliHistories.length >= 5, `${cliHistories.length} histories of the CLI's embedded server`);
    scanned.histories = histories.length;
    scanned.events = histories.reduce((n, h) => n + h.events, 0);
    // The decoding works: a folder name set in an input is found in clear text.
    assert.ok(
      histories.some((h) => h.texts.some((t) => t.includes('Renamed-6101'))),
      'payloads are decoded',
    );
  });

  it('no history holds a token, a bearer credential or an authorization header', () => {
    const hits = histories.flatMap((h) => h.texts.flatMap((t) => findSecrets(t).map((s) => `${h.id}: ${s}`)));
    scanned.hits += hits.length;
    assert.deepEqual(hits, []);
  });

  it('no failure message or detail in the histories holds a token; echoed tokens arrive as [REDACTED]', () => {
    const failures = histories.flatMap((h) => h.failures.map((f) => ({ id: h.id, text: f })));
    scanned.failures = failures.length;
    assert.ok(failures.length >= 15, `${failures.length} failures found in the histories`);
    const hits = failures.flatMap((f) => findSecrets(f.text).map((s) => `${f.id}: ${s}`));
    scanned.hits += hits.length;
    assert.deepEqual(hits, []);
    const redacted = failures.filter((f) => f.text.includes('[REDACTED]'));
    assert.ok(redacted.length >= 3, `token echoes (401, 400, 5xx) were redacted in ${redacted.length} failures`);
    assert.ok(
      failures.some((f) => f.text.includes('HubSpotForbidden')),
      'the 403 is among the failures checked',
    );
    assert.ok(
      failures.some((f) => f.text.includes('HubSpotUnauthorized')),
      'the 401 is among the failures checked',
    );
  });

  it('no log under LOGS_DIR holds a token (worker logs at TRACE, CLI output, and earlier scenarios)', async () => {
    for (const w of [workerA!, workerB!]) {
      w.child.kill('SIGTERM');
      await w.exited;
    }
    assert.match(workerA!.output(), /HubSpot folder-update status read/, 'debug logs of the activities were on');
    assert.match(workerB!.output(), /HubSpotUnauthorized/, 'the 401 worker logged its failures');
    const files = listFiles(LOGS_DIR);
    assert.ok(
      files.some((f) => path.basename(f).startsWith(`worker-${queueA}`)),
      'worker A kept its log',
    );
    assert.ok(
      files.some((f) => path.basename(f).startsWith('10-cli-migrate-stderr')),
      'the CLI kept its output',
    );
    const hits: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      scanned.logFiles++;
      scanned.logBytes += Buffer.byteLength(text);
      hits.push(...findSecrets(text).map((s) => `${path.relative(LOGS_DIR, file)}: ${s}`));
    }
    scanned.hits += hits.length;
    assert.deepEqual(hits, []);
  });

  it("no server's SQLite file holds a token", async () => {
    await cliTemporal?.stop();
    await temporal.stop();
    const hits: string[] = [];
    for (const d of [temporal.dataDir, cliTemporal!.dataDir]) {
      for (const file of listFiles(d)) {
        const bytes = fs.readFileSync(file);
        scanned.dbBytes += bytes.length;
        for (const needle of NEEDLES) if (bytes.includes(needle)) hits.push(`${file}: ${needle}`);
      }
    }
    scanned.hits += hits.length;
    assert.ok(scanned.dbBytes > 100_000, `${scanned.dbBytes} bytes of SQLite scanned`);
    assert.deepEqual(hits, []);
  });
});

// ---- export and search ----

interface History {
  id: string;
  events: number;
  /** The raw JSON and every base64 string in it decoded. */
  texts: string[];
  /** Each failure object (`failure`, `lastFailure`, … with its causes), as JSON plus its decoded payloads. */
  failures: string[];
}

async function temporalJson(args: string[]): Promise<unknown> {
  const { stdout } = await execFileAsync(temporalCli().path, [...args, '--output', 'json'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as unknown;
}

/** `temporal workflow list`, then `temporal workflow show` for every run, four at a time. */
async function exportHistories(address: string): Promise<History[]> {
  const listed = (await temporalJson([
    'workflow',
    'list',
    '--address',
    address,
    '--namespace',
    'default',
    '--limit',
    '10000',
  ])) as Array<{
    execution: { workflowId: string; runId: string };
  }>;
  assert.ok(Array.isArray(listed) && listed.length > 0, `workflow list of ${address} returned executions`);
  const queue = [...listed];
  const out: History[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        const { workflowId, runId } = e.execution;
        const history = (await temporalJson([
          'workflow',
          'show',
          '--address',
          address,
          '--namespace',
          'default',
          '--workflow-id',
          workflowId,
          '--run-id',
          runId,
        ])) as {
          events: unknown[];
        };
        const raw = JSON.stringify(history);
        out.push({
          id: `${workflowId}/${runId}`,
          events: history.events.length,
          texts: [raw, ...decodedStrings(history)],
          failures: failuresIn(history),
        });
      }
    }),
  );
  return out;
}

/** Decodes a string that is base64 of UTF-8 text; undefined otherwise. */
function decodeBase64(s: string): string | undefined {
  if (s.length < 8 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return undefined;
  const text = Buffer.from(s, 'base64').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

function decodedStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const text = decodeBase64(value);
    if (text !== undefined) out.push(text);
  } else if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) decodedStrings(child, out);
  }
  return out;
}

/** Every object under a key that names a failure, outermost only (a failure's causes stay inside it). */
function failuresIn(value: unknown, out: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value)) {
    if (/failure$/i.test(key) && child !== null && typeof child === 'object') {
      out.push([JSON.stringify(child), ...decodedStrings(child)].join('\n'));
    } else {
      failuresIn(child, out);
    }
  }
  return out;
}

/** The secrets found in `text`: each needle, and any authorization header value that is not the redaction marker. */
function findSecrets(text: string): string[] {
  const found = NEEDLES.filter((n) => text.includes(n)).map((n) => `contains ${JSON.stringify(n)}`);
  for (const m of text.matchAll(AUTH_HEADER)) found.push(`authorization value ${JSON.stringify(m[0].slice(0, 80))}`);
  return found;
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(root, d.name);
    return d.isDirectory() ? listFiles(p) : d.isFile() ? [p] : [];
  });
}
