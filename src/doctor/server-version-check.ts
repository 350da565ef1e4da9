/**
 * The `temporal-server` line: the Temporal server's version against what the wait's retry phase needs. The retry phase
 * (`laterPhase: 'retry'`, and the default `'shared'` until its task queue is crowded) sets each poll's delay with
 * `nextRetryDelay`, which servers before 1.24 ignore.
 */
import type { Client } from '@temporalio/client';
import { fail, pass, warn, type SetupCheck } from './setup-check';

/**
 * The oldest server version whose activity retries honour `nextRetryDelay`: 1.24 (go.temporal.io/server v1.24.0 reads
 * `ApplicationFailureInfo.GetNextRetryDelay()` in service/history/workflow/activity.go; v1.23.0 has no such read).
 */
export const RETRY_PHASE_MIN_SERVER = { major: 1, minor: 24 } as const;

/** The server's version, from `GetSystemInfo`, else `GetClusterInfo`; undefined when neither says. */
export async function readServerVersion(client: Client): Promise<string | undefined> {
  const service = client.connection.workflowService;
  const system = await service.getSystemInfo({});
  if (system.serverVersion) return system.serverVersion;
  const cluster = await service.getClusterInfo({}).catch(() => undefined);
  return cluster?.serverVersion || undefined;
}

/** The line for `version` (undefined: the server did not say). Pure. */
export function serverVersionCheck(version: string | undefined): SetupCheck {
  const min = `${RETRY_PHASE_MIN_SERVER.major}.${RETRY_PHASE_MIN_SERVER.minor}`;
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) {
    return warn(
      'temporal-server',
      `the server did not report a version${version ? ` it can be read from (${JSON.stringify(version)})` : ''}; the retry phase needs ${min}+`,
      `Check the server is Temporal ${min} or later, or run waits with --later-phase timer (laterPhase: 'timer').`,
    );
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const recent =
    major > RETRY_PHASE_MIN_SERVER.major ||
    (major === RETRY_PHASE_MIN_SERVER.major && minor >= RETRY_PHASE_MIN_SERVER.minor);
  if (!recent) {
    return fail(
      'temporal-server',
      `Temporal server ${version}: the retry phase needs ${min}+ (nextRetryDelay)`,
      `Upgrade the server to ${min} or later, or run waits with --later-phase timer (laterPhase: 'timer').`,
    );
  }
  return pass('temporal-server', `Temporal server ${version} (the retry phase needs ${min}+)`);
}
