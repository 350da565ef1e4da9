/**
 * The setup checks as the CLI runs them (`doctor`, and `migrate` before it starts): `checkSetup` with the HubSpot
 * settings of the environment, the worker's, and the session's Temporal client. A missing or malformed HubSpot setting
 * is a line of its own: a FAIL when this process runs the worker (embedded), a WARN for a client of a cluster whose
 * workers have their own settings (the HubSpot lines are then left out).
 */
import type { Client } from '@temporalio/client';
import { checkSetup, type SetupReport } from '../doctor/check-setup';
import { fail, warn, type SetupCheck } from '../doctor/setup-check';
import { temporalChecks } from '../doctor/temporal-checks';
import { apiVersionCheck } from '../doctor/api-version-check';
import { apiVersionProblem, DEFAULT_API_VERSION } from '../common/api-version';
import { loadHubSpotSettings, WorkerConfigError } from '../worker-config';
import type { PollOptions } from '../workflows/await/poll-options';

/** The HubSpot variables: set, any of them means the HubSpot settings are meant to be here. */
const HUBSPOT_TOKEN_VARIABLES = [
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_CLIENT_ID',
  'HUBSPOT_CLIENT_SECRET',
  'HUBSPOT_REFRESH_TOKEN',
];

/** Runs the checks for `client` with the HubSpot settings in `env`. */
export async function runSetupChecks(
  client: Client,
  env: NodeJS.ProcessEnv,
  options: CliSetupCheckOptions,
): Promise<SetupReport> {
  const now = options.now ?? Date.now;
  let settings;
  try {
    settings = loadHubSpotSettings(env, now);
  } catch (err) {
    if (!(err instanceof WorkerConfigError)) throw err;
    const absent = !HUBSPOT_TOKEN_VARIABLES.some((name) => env[name]?.trim());
    const line: SetupCheck =
      absent && !options.embedded
        ? warn(
            'hubspot-settings',
            'no HubSpot token in this environment: the HubSpot checks are skipped (the workers have their own settings)',
            "Run doctor with the workers' HUBSPOT_* variables to check their token and budget.",
          )
        : fail('hubspot-settings', err.message, 'Fix the variable it names (docs/CONFIGURATION.md, HubSpot access).');
    const apiVersion = env.HUBSPOT_API_VERSION?.trim() || DEFAULT_API_VERSION;
    const version = apiVersionProblem(apiVersion) ? [] : [apiVersionCheck(apiVersion, now())];
    const checks = [line, ...version, ...(await temporalChecks(client))];
    return { ok: checks.every((c) => c.status !== 'FAIL'), checks };
  }
  return checkSetup({
    client,
    hubspot: {
      token: settings.token,
      baseUrl: settings.baseUrl,
      apiVersion: settings.apiVersion,
      requestTimeoutMs: settings.requestTimeoutMs,
      reserve: settings.reserve,
    },
    ...(options.plannedFolders !== undefined ? { plannedFolders: options.plannedFolders } : {}),
    ...(options.pollOptions ? { pollOptions: options.pollOptions } : {}),
    ...(options.taskDuration !== undefined ? { taskDuration: options.taskDuration } : {}),
    now,
  });
}

/** Options of {@link runSetupChecks}. */
export interface CliSetupCheckOptions {
  /** True when this process runs the worker (the embedded default): its HubSpot settings are required. */
  embedded: boolean;
  plannedFolders?: number;
  pollOptions?: PollOptions;
  taskDuration?: string;
  /** Clock in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}
