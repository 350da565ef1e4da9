/**
 * The Temporal runtime's telemetry for the worker and the CLI's embedded worker: with `HUBSPOT_METRICS_ADDRESS` (e.g.
 * `0.0.0.0:9464`) the runtime serves Prometheus metrics at `http://<address>/metrics`, the SDK's own and the
 * package's (`hubspot_requests`, `hubspot_rate_limited`, `hubspot_budget_wait`, `hubspot_rate_limit_remaining`,
 * `folder_update_polls`, `folder_update_outcomes`, `hubspot_task_polls`, `hubspot_task_outcomes`; see the README).
 * The runtime is installed once per process.
 */
import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import { WorkerConfigError } from './worker-config';

/** The variable that turns the Prometheus endpoint on. */
export const METRICS_ADDRESS_VARIABLE = 'HUBSPOT_METRICS_ADDRESS';

/** `HUBSPOT_METRICS_ADDRESS` checked as `host:port`, or `undefined` when unset. */
export function metricsAddress(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env[METRICS_ADDRESS_VARIABLE]?.trim();
  if (!raw) return undefined;
  const match = /^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) > 65535) {
    throw new WorkerConfigError(
      `${METRICS_ADDRESS_VARIABLE} must be host:port, e.g. 0.0.0.0:9464, got ${JSON.stringify(env[METRICS_ADDRESS_VARIABLE])}`,
    );
  }
  return raw;
}

/**
 * Installs the runtime with `options` plus, when `HUBSPOT_METRICS_ADDRESS` is set, the Prometheus exporter. Does
 * nothing when a runtime is already installed. Returns the metrics address, if any.
 */
export function installRuntime(env: NodeJS.ProcessEnv, options: RuntimeOptions = {}): string | undefined {
  const bindAddress = metricsAddress(env);
  if (Runtime._instance) return bindAddress;
  Runtime.install({
    ...options,
    ...(bindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress } } } } : {}),
  });
  return bindAddress;
}
