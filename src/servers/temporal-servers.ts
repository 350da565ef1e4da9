/**
 * Where the project's real Temporal servers are: the Temporal CLI (dev server) and the time-skipping test server,
 * installed by `npm run servers:install` (scripts/install-temporal-servers.js) into `.servers/`.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One installed server binary, as recorded in `.servers/manifest.json`. */
export interface InstalledServer {
  path: string;
  /** How it was installed: 'pip', 'go', 'maven', or 'env' for a path given in an environment variable. */
  route: string;
  version?: string;
}

/** The folder the install script writes to: $TEMPORAL_SERVERS_DIR, or `.servers/` at the package root. */
export function serversDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TEMPORAL_SERVERS_DIR ?? path.join(__dirname, '..', '..', '.servers'));
}

function fromManifest(key: 'cli' | 'testServer', env: NodeJS.ProcessEnv): InstalledServer {
  const manifestPath = path.join(serversDir(env), 'manifest.json');
  let manifest: Record<string, InstalledServer | undefined>;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, InstalledServer | undefined>;
  } catch {
    throw new Error(`No Temporal servers are installed at ${manifestPath}. Run \`npm run servers:install\` first.`);
  }
  const server = manifest[key];
  if (!server || !fs.existsSync(server.path)) {
    throw new Error(`The ${key} binary in ${manifestPath} is missing. Run \`npm run servers:install\` again.`);
  }
  return server;
}

/** The Temporal CLI, which runs the dev server: $TEMPORAL_CLI_PATH, or the project-installed one. */
export function temporalCli(env: NodeJS.ProcessEnv = process.env): InstalledServer {
  return env.TEMPORAL_CLI_PATH ? { path: env.TEMPORAL_CLI_PATH, route: 'env' } : fromManifest('cli', env);
}

/** The Java SDK's time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, or the project-installed one. */
export function temporalTestServer(env: NodeJS.ProcessEnv = process.env): InstalledServer {
  return env.TEMPORAL_TEST_SERVER_PATH
    ? { path: env.TEMPORAL_TEST_SERVER_PATH, route: 'env' }
    : fromManifest('testServer', env);
}
