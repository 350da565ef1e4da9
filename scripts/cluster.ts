/**
 * A production-shaped Temporal cluster on loopback, for the cluster test tier (`npm run test:cluster`): PostgreSQL 15
 * in a scratch data folder, the main and visibility schemas applied with `temporal-sql-tool`, and the four Temporal
 * services (frontend, history, matching, worker) as separate processes of the full server, from one config file with
 * SQL visibility, each with its own ports, log and pid. The `default` namespace and the package's search attributes
 * are registered through the operator API and waited for until the frontend lists them.
 *
 * - `npm run cluster:up`: idempotent. Builds the server and the SQL tool once (`go install` of `go.temporal.io/server`
 *   at {@link SERVER_VERSION}, cached under `.servers/cluster/<version>/`; a build that cannot be had fails with the
 *   reason), then starts whatever is not running: PostgreSQL, each service. Data stays under `.scratch/cluster/`, so a
 *   second `up` after `down` reuses the databases.
 * - `npm run cluster:down`: stops the services and PostgreSQL; `-- --clean` also removes the scratch folder.
 * - `npx tsx scripts/cluster.ts status`: prints the state file.
 *
 * The state file `.scratch/cluster/state.json` ({@link ClusterState}) holds the address, the ports and the pids; the
 * cluster tests read it and use {@link startService}, {@link killService} and {@link restartPostgres} for their faults.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../src/common/search-attributes';
import { temporalCli } from '../src/servers/temporal-servers';

/** The Temporal server version the cluster runs (Go module `go.temporal.io/server`). */
export const SERVER_VERSION = 'v1.32.2';
/** The Go toolchain the server's go.mod asks for; `go` fetches it through the module proxy. */
const GO_TOOLCHAIN = 'go1.27.3';
const ROOT = path.resolve(__dirname, '..');
/** Where the build is cached: the server and SQL tool binaries and the PostgreSQL schemas of the module. */
export const BUILD_DIR = path.join(ROOT, '.servers', 'cluster', SERVER_VERSION);
/** Scratch data: PostgreSQL's data folder, the config, the logs, the state file. */
export const CLUSTER_DIR = path.join(ROOT, '.scratch', 'cluster');
export const STATE_FILE = path.join(CLUSTER_DIR, 'state.json');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/**
 * PostgreSQL's folder: under the scratch folder, except as root, where PostgreSQL runs as the `postgres` user, who
 * may not be allowed into the checkout (a clone under a 0700 folder): then a folder of this checkout's own under
 * /var/tmp, which every user can reach.
 */
const PG_DIR =
  process.getuid?.() === 0
    ? path.join(
        '/var/tmp',
        'temporal-hubspot-files-cluster',
        createHash('sha256').update(ROOT).digest('hex').slice(0, 12),
      )
    : path.join(CLUSTER_DIR, 'postgres');
const PG_DATA = path.join(PG_DIR, 'data');
const LOG_DIR = path.join(CLUSTER_DIR, 'logs');
const CONFIG_FILE = path.join(CLUSTER_DIR, 'config', 'cluster.yaml');
const DYNAMIC_CONFIG_FILE = path.join(CLUSTER_DIR, 'config', 'dynamicconfig.yaml');
const DB_USER = 'temporal';
const DB_PASSWORD = 'temporal';
const NAMESPACE = 'default';

/** The four services, in the order they start. */
export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type Service = (typeof SERVICES)[number];

/** What `cluster:up` wrote and the tests read. */
export interface ClusterState {
  /** The frontend's gRPC address, e.g. 127.0.0.1:7233. */
  address: string;
  namespace: string;
  serverVersion: string;
  ports: {
    postgres: number;
    frontendHttp: number;
  } & Record<Service, { grpc: number; membership: number }>;
  /** The pid of each process; 0 when it is not running. */
  pids: { postgres: number } & Record<Service, number>;
  logDir: string;
  /** How long the last `up` took, by phase, in milliseconds. */
  timings: Record<string, number>;
}

function log(message: string): void {
  process.stderr.write(`[cluster] ${message}\n`);
}

/** Runs a command to its end; throws with its output when it fails. */
function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${cmd} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${result.status}):\n${`${result.stdout}${result.stderr}`.slice(-3000)}`,
    );
  }
  return String(result.stdout);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A free TCP port on 127.0.0.1 below 32768: the cluster membership table keeps ports as SMALLINT, so the kernel's
 * ephemeral ports (32768 and up) do not fit.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free && !taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}
const taken = new Set<number>();

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** Whether process `pid` is alive (and not a zombie we could still signal). */
export function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

// --- The build -------------------------------------------------------------------------------------------------------

const serverBin = (): string => path.join(BUILD_DIR, 'bin', 'server');
const sqlToolBin = (): string => path.join(BUILD_DIR, 'bin', 'sql');
const schemaDir = (kind: 'temporal' | 'visibility'): string =>
  path.join(BUILD_DIR, 'schema', 'postgresql', 'v12', kind, 'versioned');
const BUILD_MARKER = (): string => path.join(BUILD_DIR, 'build.json');

/**
 * Builds `temporal-server` and `temporal-sql-tool` at {@link SERVER_VERSION} with `go install`, and copies the
 * module's PostgreSQL schemas beside them. Does nothing when the marker file says the build is complete. `npm run
 * cluster:build` runs it alone (.ci/run runs it niced in the background while `npm test` runs).
 */
export function ensureBuild(): void {
  if (fs.existsSync(BUILD_MARKER()) && fs.existsSync(serverBin()) && fs.existsSync(sqlToolBin())) return;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      `The cluster needs Go to build the Temporal server ${SERVER_VERSION} (go.temporal.io/server), and \`go\` is not ` +
        `on PATH. Install Go 1.21 or later; it fetches ${GO_TOOLCHAIN} itself through the Go module proxy.`,
    );
  }
  log(`building the Temporal server ${SERVER_VERSION} and the SQL tool into ${BUILD_DIR} (minutes the first time)`);
  fs.mkdirSync(path.join(BUILD_DIR, 'bin'), { recursive: true });
  const env = {
    ...process.env,
    GOTOOLCHAIN: GO_TOOLCHAIN,
    GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim(),
    GOBIN: path.join(BUILD_DIR, 'bin'),
  };
  const modules = ['cmd/server', 'cmd/tools/sql'].map((p) => `go.temporal.io/server/${p}@${SERVER_VERSION}`);
  const build = spawnSync('go', ['install', ...modules], {
    cwd: BUILD_DIR,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) {
    throw new Error(
      `Building the Temporal server ${SERVER_VERSION} failed (go install exited ${build.status}); see the output above. ` +
        `It needs the Go module proxy (for the module and the ${GO_TOOLCHAIN} toolchain). The cluster tier cannot run without it.`,
    );
  }
  const info = JSON.parse(
    run('go', ['mod', 'download', '-json', `go.temporal.io/server@${SERVER_VERSION}`], { cwd: BUILD_DIR, env }),
  ) as { Dir: string };
  fs.cpSync(path.join(info.Dir, 'schema', 'postgresql', 'v12'), path.join(BUILD_DIR, 'schema', 'postgresql', 'v12'), {
    recursive: true,
  });
  fs.writeFileSync(
    BUILD_MARKER(),
    `${JSON.stringify({ version: SERVER_VERSION, builtAt: new Date().toISOString() })}\n`,
  );
}

// --- PostgreSQL ------------------------------------------------------------------------------------------------------

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function pg(cmd: string, args: string[]): string {
  const bin = path.join(PG_BIN, cmd);
  if (process.getuid?.() === 0) return run('runuser', ['-u', 'postgres', '--', bin, ...args], { cwd: '/' });
  return run(bin, args);
}

function psql(port: number, sql: string, database = 'postgres'): string {
  return run(path.join(PG_BIN, 'psql'), [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    database,
    '-tAc',
    sql,
  ]);
}

function initPostgres(port: number): void {
  if (fs.existsSync(path.join(PG_DATA, 'PG_VERSION'))) return;
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not installed at ${PG_BIN} (Debian: apt-get install postgresql-15; or set PG_BIN).`,
    );
  }
  fs.mkdirSync(PG_DATA, { recursive: true });
  if (process.getuid?.() === 0) run('chown', ['-R', 'postgres:postgres', PG_DIR]);
  pg('initdb', ['-D', PG_DATA, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  fs.appendFileSync(
    path.join(PG_DATA, 'postgresql.conf'),
    [
      '',
      '# temporal-hubspot-files cluster (scripts/cluster.ts)',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'max_connections = 200',
      '',
    ].join('\n'),
  );
}

/**
 * Removes a PostgreSQL folder that no cluster state owns: one left by an earlier checkout at the same path (as root the
 * folder is under /var/tmp, named after the checkout's path, so a new clone at that path finds it). Its configuration
 * names the earlier run's port, so it must not be started for this one. A server still running on it is stopped first.
 */
function discardOrphanPostgres(): void {
  if (!fs.existsSync(PG_DIR)) return;
  if (fs.existsSync(path.join(PG_DATA, 'PG_VERSION'))) {
    log(`removing ${PG_DIR}, left by an earlier cluster at this path`);
    try {
      pg('pg_ctl', ['-D', PG_DATA, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    } catch {
      // Not running: nothing to stop.
    }
  }
  fs.rmSync(PG_DIR, { recursive: true, force: true });
}

function postgresPid(): number {
  try {
    return Number(fs.readFileSync(path.join(PG_DATA, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
}

/** Starts PostgreSQL unless it runs; returns its pid. */
export function startPostgres(): number {
  if (alive(postgresPid())) return postgresPid();
  pg('pg_ctl', ['-D', PG_DATA, '-l', path.join(PG_DIR, 'postgres.log'), '-w', '-t', '60', 'start']);
  return postgresPid();
}

/** Stops PostgreSQL (fast shutdown: open connections are cut). */
export function stopPostgres(): void {
  if (alive(postgresPid())) pg('pg_ctl', ['-D', PG_DATA, '-m', 'fast', '-w', '-t', '60', 'stop']);
}

/** Stops PostgreSQL, waits `downMs`, starts it again; returns the new pid and writes it to the state file. */
export async function restartPostgres(downMs = 0): Promise<number> {
  stopPostgres();
  await sleep(downMs);
  const pid = startPostgres();
  const state = readState();
  state.pids.postgres = pid;
  writeState(state);
  return pid;
}

function ensureDatabases(port: number): void {
  const hasRole = psql(port, `SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'`).trim() === '1';
  if (!hasRole) psql(port, `CREATE ROLE ${DB_USER} LOGIN CREATEDB PASSWORD '${DB_PASSWORD}'`);
  const connect = ['--ep', '127.0.0.1', '-p', String(port), '-u', DB_USER, '--pw', DB_PASSWORD, '--pl', 'postgres12'];
  for (const [db, kind] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const exists = psql(port, `SELECT 1 FROM pg_database WHERE datname = '${db}'`).trim() === '1';
    if (!exists) {
      run(sqlToolBin(), [...connect, '--db', db, 'create', '--defaultdb', 'postgres']);
      run(sqlToolBin(), [...connect, '--db', db, 'setup-schema', '-v', '0.0']);
    }
    run(sqlToolBin(), [...connect, '--db', db, 'update-schema', '-d', schemaDir(kind)]);
  }
}

// --- The Temporal services -------------------------------------------------------------------------------------------

function configYaml(state: ClusterState): string {
  const store = (db: string, maxConns: number): string =>
    [
      `      sql:`,
      `        pluginName: "postgres12"`,
      `        databaseName: "${db}"`,
      `        connectAddr: "127.0.0.1:${state.ports.postgres}"`,
      `        connectProtocol: "tcp"`,
      `        user: "${DB_USER}"`,
      `        password: "${DB_PASSWORD}"`,
      `        maxConns: ${maxConns}`,
      `        maxIdleConns: ${maxConns}`,
      `        maxConnLifetime: "1h"`,
    ].join('\n');
  const service = (name: Service): string =>
    [
      `  ${name}:`,
      `    rpc:`,
      `      grpcPort: ${state.ports[name].grpc}`,
      `      membershipPort: ${state.ports[name].membership}`,
      `      bindOnLocalHost: true`,
      ...(name === 'frontend' ? [`      httpPort: ${state.ports.frontendHttp}`] : []),
    ].join('\n');
  return `# Written by scripts/cluster.ts: one config for the four services, each started with --service.
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${store('temporal', 20)}
    postgres-visibility:
${store('temporal_visibility', 5)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"

services:
${SERVICES.map(service).join('\n')}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${state.ports.frontend.grpc}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: "${DYNAMIC_CONFIG_FILE}"
  pollInterval: "10s"
`;
}

const DYNAMIC_CONFIG = `# Written by scripts/cluster.ts.
limit.maxIDLength:
  - value: 255
    constraints: {}
`;

/** Starts one service as a detached process logging to `<logDir>/<service>.log`; records its pid. */
export function startService(state: ClusterState, service: Service): number {
  if (alive(state.pids[service])) return state.pids[service];
  const out = fs.openSync(path.join(LOG_DIR, `${service}.log`), 'a');
  const child = spawn(serverBin(), ['--config-file', CONFIG_FILE, '--allow-no-auth', 'start', '--service', service], {
    cwd: CLUSTER_DIR,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start the ${service} service`);
  state.pids[service] = child.pid;
  writeState(state);
  return child.pid;
}

/** Sends `signal` to a service and waits until it exited; records pid 0. */
export async function killService(
  state: ClusterState,
  service: Service,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  const pid = state.pids[service];
  if (alive(pid)) process.kill(pid, signal);
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await sleep(50);
  }
  state.pids[service] = 0;
  writeState(state);
}

/** Waits until the service's gRPC port accepts connections, or throws with the end of its log. */
export async function waitListening(state: ClusterState, service: Service, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await listening(state.ports[service].grpc))) {
    if (!alive(state.pids[service])) throw new Error(`the ${service} service exited:\n${logTail(service)}`);
    if (Date.now() > deadline) throw new Error(`the ${service} service is not listening:\n${logTail(service)}`);
    await sleep(200);
  }
}

function logTail(service: string): string {
  try {
    return fs.readFileSync(path.join(LOG_DIR, `${service}.log`), 'utf8').slice(-3000);
  } catch {
    return '(no log)';
  }
}

/** Runs the Temporal CLI against the cluster; returns its stdout, or throws. */
export function temporal(state: ClusterState, args: string[]): string {
  return run(temporalCli().path, [...args, '--address', state.address], { timeout: 30_000 });
}

/** Waits until `temporal operator cluster health` says SERVING. */
export async function waitHealthy(state: ClusterState, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      if (/SERVING/.test(temporal(state, ['operator', 'cluster', 'health']))) return;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`the cluster is not healthy after ${timeoutMs} ms: ${last}`);
    await sleep(500);
  }
}

async function ensureNamespace(state: ClusterState): Promise<void> {
  const deadline = Date.now() + 120_000;
  let created = false;
  for (;;) {
    try {
      temporal(state, ['operator', 'namespace', 'describe', '--namespace', NAMESPACE]);
      return;
    } catch (err) {
      if (!created) {
        try {
          temporal(state, ['operator', 'namespace', 'create', '--namespace', NAMESPACE, '--retention', '72h']);
          created = true;
        } catch {
          // not ready yet, or created meanwhile: describe again
        }
      }
      if (Date.now() > deadline) throw new Error(`the ${NAMESPACE} namespace is not there: ${(err as Error).message}`);
      await sleep(1000);
    }
  }
}

function listedSearchAttributes(state: ClusterState): Set<string> {
  const out = temporal(state, ['operator', 'search-attribute', 'list', '--namespace', NAMESPACE, '--output', 'json']);
  const parsed = JSON.parse(out) as { customAttributes?: Record<string, unknown> };
  return new Set(Object.keys(parsed.customAttributes ?? {}));
}

/** Registers the package's search attributes (Keyword) and waits until the frontend lists every one. */
async function ensureSearchAttributes(state: ClusterState): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    let missing: string[] = HUBSPOT_SEARCH_ATTRIBUTES.map((k) => k.name);
    try {
      const listed = listedSearchAttributes(state);
      missing = missing.filter((name) => !listed.has(name));
      if (missing.length === 0) return;
      const args = missing.flatMap((name) => ['--name', name, '--type', 'Keyword']);
      temporal(state, ['operator', 'search-attribute', 'create', '--namespace', NAMESPACE, ...args]);
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`search attributes ${missing.join(', ')} not registered: ${String(err)}`);
    }
    if (Date.now() > deadline) throw new Error(`search attributes ${missing.join(', ')} are not listed`);
    await sleep(1000);
  }
}

// --- State -----------------------------------------------------------------------------------------------------------

/** The state file `cluster:up` wrote; throws a clear message when there is none. */
export function readState(): ClusterState {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as ClusterState;
  } catch {
    throw new Error(`No cluster state at ${STATE_FILE}: run \`npm run cluster:up\` first.`);
  }
}

function writeState(state: ClusterState): void {
  fs.mkdirSync(CLUSTER_DIR, { recursive: true });
  fs.writeFileSync(`${STATE_FILE}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(`${STATE_FILE}.tmp`, STATE_FILE);
}

async function initialState(): Promise<ClusterState> {
  if (fs.existsSync(STATE_FILE)) return readState();
  const pair = async (): Promise<{ grpc: number; membership: number }> => ({
    grpc: await freePort(),
    membership: await freePort(),
  });
  const ports = {
    postgres: await freePort(),
    frontendHttp: await freePort(),
    history: await pair(),
    matching: await pair(),
    frontend: await pair(),
    worker: await pair(),
  };
  return {
    address: `127.0.0.1:${ports.frontend.grpc}`,
    namespace: NAMESPACE,
    serverVersion: SERVER_VERSION,
    ports,
    pids: { postgres: 0, history: 0, matching: 0, frontend: 0, worker: 0 },
    logDir: LOG_DIR,
    timings: {},
  };
}

// --- up and down -----------------------------------------------------------------------------------------------------

/** Brings the cluster up, starting only what does not run; returns the state. */
export async function clusterUp(): Promise<ClusterState> {
  const timings: Record<string, number> = {};
  const started = Date.now();
  let mark = started;
  const phase = (name: string): void => {
    const now = Date.now();
    timings[name] = now - mark;
    mark = now;
  };
  ensureBuild();
  phase('build');
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.mkdirSync(path.dirname(CONFIG_FILE), { recursive: true });
  if (!fs.existsSync(STATE_FILE)) discardOrphanPostgres();
  const state = await initialState();
  initPostgres(state.ports.postgres);
  state.pids.postgres = startPostgres();
  writeState(state);
  phase('postgres');
  ensureDatabases(state.ports.postgres);
  phase('schema');
  fs.writeFileSync(CONFIG_FILE, configYaml(state));
  fs.writeFileSync(DYNAMIC_CONFIG_FILE, DYNAMIC_CONFIG);
  // One at a time: on a new database every service writes the cluster metadata at start, and two doing it at once
  // fail one of them ("SaveClusterMetadata encountered version mismatch"), as a fresh-clone CI run showed.
  for (const service of SERVICES) {
    startService(state, service);
    await waitListening(state, service);
  }
  phase('services');
  await waitHealthy(state);
  phase('health');
  await ensureNamespace(state);
  phase('namespace');
  await ensureSearchAttributes(state);
  phase('searchAttributes');
  timings.total = Date.now() - started;
  state.timings = timings;
  writeState(state);
  return state;
}

/** Stops the services (SIGTERM, then SIGKILL after 30 s) and PostgreSQL; `clean` removes the scratch folder too. */
export async function clusterDown(clean = false): Promise<void> {
  if (fs.existsSync(STATE_FILE)) {
    const state = readState();
    for (const service of [...SERVICES].reverse()) await killService(state, service, 'SIGTERM');
    stopPostgres();
    state.pids.postgres = 0;
    writeState(state);
  } else if (fs.existsSync(PG_DATA)) {
    stopPostgres();
  }
  if (clean) for (const dir of [CLUSTER_DIR, PG_DIR]) fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const [command, ...flags] = process.argv.slice(2);
  if (command === 'build') {
    ensureBuild();
    log(`built: ${BUILD_DIR}`);
  } else if (command === 'up') {
    const state = await clusterUp();
    log(`up at ${state.address} in ${state.timings.total} ms ${JSON.stringify(state.timings)}`);
  } else if (command === 'down') {
    await clusterDown(flags.includes('--clean'));
    log(`down${flags.includes('--clean') ? ', scratch data removed' : ''}`);
  } else if (command === 'status') {
    process.stdout.write(`${JSON.stringify(readState(), null, 2)}\n`);
  } else {
    throw new Error('usage: tsx scripts/cluster.ts build | up | down [--clean] | status');
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`[cluster] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
