/**
 * What the workflow test files run on: the time-skipping test server and a HubSpot simulator without its rate limit,
 * started once per file.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HubSpotSimulator, type HubSpotSimulatorOptions } from '../../src/simulator';
import { createTimeSkippingEnv } from './temporal-env';

/**
 * The time-skipping server and the simulator of one test file: `start()` in its `before`, `stop()` in its `after`.
 * `simulatorOptions` go to the simulator over `{ rateLimit: false }` (default: none).
 *
 * @example
 * let env: TestWorkflowEnvironment;
 * let sim: HubSpotSimulator;
 * const servers = timeSkippingWithSimulator();
 * before(async () => {
 *   ({ env, sim } = await servers.start());
 * });
 * after(() => servers.stop());
 */
export function timeSkippingWithSimulator(simulatorOptions: HubSpotSimulatorOptions = {}): TimeSkippingWithSimulator {
  let env: TestWorkflowEnvironment | undefined;
  let sim: HubSpotSimulator | undefined;
  return {
    async start() {
      env = await createTimeSkippingEnv();
      sim = new HubSpotSimulator({ rateLimit: false, ...simulatorOptions });
      await sim.start();
      return { env, sim };
    },
    async stop() {
      await env?.teardown();
      await sim?.stop();
    },
  };
}

/** Starts and stops the two servers; `stop()` stops what `start()` got to, even if it failed half-way. */
export interface TimeSkippingWithSimulator {
  /** Starts the time-skipping server, then the simulator (rate limit off unless `simulatorOptions` say otherwise). */
  start(): Promise<{ env: TestWorkflowEnvironment; sim: HubSpotSimulator }>;
  /** Tears down the server, then stops the simulator. */
  stop(): Promise<void>;
}
