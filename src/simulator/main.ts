/**
 * Runs a HubSpot Files API simulator standalone until SIGINT/SIGTERM.
 *
 * Usage: `npx tsx src/simulator/main.ts [--port 4010]` (port defaults to 4010; 0 picks a free one).
 */
import { parseArgs } from 'node:util';
import { HubSpotSimulator } from './hubspot-simulator';
import { DEFAULT_SIMULATOR_TOKEN } from './token-store';

/** Port used when `--port` is not given. */
const DEFAULT_PORT = 4010;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' } } });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`--port [${values.port}] must be an integer between 0 and 65535`);
  }
  const simulator = new HubSpotSimulator();
  const baseUrl = await simulator.start(port);
  console.log(`HubSpot simulator listening on ${baseUrl}`);
  console.log(`Token: ${DEFAULT_SIMULATOR_TOKEN} (send "Authorization: Bearer ${DEFAULT_SIMULATOR_TOKEN}")`);
  const shutdown = (signal: string): void => {
    console.log(`${signal} received, stopping`);
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
