/**
 * Where the real Temporal servers are: the Temporal CLI (dev server) and the time-skipping test server, installed by
 * scripts/install-temporal-servers.js: `npm run servers:install` in a source checkout, `npx temporal-hubspot-files
 * servers install` from an installed package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One installed server binary, as recorded in the servers folder's `manifest.json`. */
export interface InstalledServer {
  path: string;
  /** How it was installed: 'pip', 'go', 'maven', or 'env' for a path given in an environment variable. */
  route: string;
  version?: string;
}

const packageRoot = path.join(__dirname, '..', '..');

/** True in a source checkout (tsconfig.json beside src/, which the package does not ship), false when installed. */
export function isSourceCheckout(root: string = packageRoot): boolean {
  return fs.existsSync(path.join(root, 'tsconfig.json')) && fs.existsSync(path.join(root, 'src'));
}

/** The command that installs the servers: the npm script in a source checkout, the CLI's subcommand otherwise. */
export function serversInstallCommand(): string {
  return isSourceCheckout() ? 'npm run servers:install' : 'npx temporal-hubspot-files servers install';
}

/**
 * The folder the install script writes to: $TEMPORAL_SERVERS_DIR; else `.servers/` at the root of a source checkout;
 * else, installed, the per-user cache `$XDG_CACHE_HOME/temporal-hubspot-files/servers` (`~/.cache/…` without
 * XDG_CACHE_HOME). Keep in step with `serversDir` in scripts/install-temporal-servers.js.
 */
export function serversDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_SERVERS_DIR) return path.resolve(env.TEMPORAL_SERVERS_DIR);
  if (isSourceCheckout()) return path.join(packageRoot, '.servers');
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'temporal-hubspot-files', 'servers');
}

function fromManifest(key: 'cli' | 'testServer', env: NodeJS.ProcessEnv): InstalledServer {
  const manifestPath = path.join(serversDir(env), 'manifest.json');
  let manifest: Record<string, InstalledServer | undefined>;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, InstalledServer | undefined>;
  } catch {
    throw new Error(`No Temporal servers are installed at ${manifestPath}. Run \`${serversInstallCommand()}\` first.`);
  }
  const server = manifest[key];
  if (!server || !fs.existsSync(server.path)) {
    throw new Error(`The ${key} binary in ${manifestPath} is missing. Run \`${serversInstallCommand()}\` again.`);
  }
  return server;
}

/** The Temporal CLI, which runs the dev server: $TEMPORAL_CLI_PATH, or the one in the servers folder. */
export function temporalCli(env: NodeJS.ProcessEnv = process.env): InstalledServer {
  return env.TEMPORAL_CLI_PATH ? { path: env.TEMPORAL_CLI_PATH, route: 'env' } : fromManifest('cli', env);
}

/** The Java SDK's time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, or the one in the servers folder. */
export function temporalTestServer(env: NodeJS.ProcessEnv = process.env): InstalledServer {
  return env.TEMPORAL_TEST_SERVER_PATH
    ? { path: env.TEMPORAL_TEST_SERVER_PATH, route: 'env' }
    : fromManifest('testServer', env);
}
