/**
 * The Temporal lines of the setup checks: the server's version (`temporal-server`), the namespace and its search
 * attributes, each left out when the one before it could not be read.
 */
import type { Client } from '@temporalio/client';
import { namespaceCheck, namespaceExists, searchAttributesCheck } from './namespace-check';
import { readServerVersion, serverVersionCheck } from './server-version-check';
import { fail, type SetupCheck } from './setup-check';

/** Runs the Temporal checks on `client`'s connection and namespace. Read-only. */
export async function temporalChecks(client: Client): Promise<SetupCheck[]> {
  const namespace = client.options.namespace;
  let version: string | undefined;
  try {
    version = await readServerVersion(client);
  } catch (err) {
    return [
      fail(
        'temporal-server',
        `the Temporal server did not answer: ${err instanceof Error ? err.message : String(err)}`,
        'Check TEMPORAL_ADDRESS (or --address), TLS and the API key.',
      ),
    ];
  }
  const checks = [serverVersionCheck(version)];
  try {
    const exists = await namespaceExists(client);
    checks.push(namespaceCheck(namespace, exists));
    if (exists) checks.push(await searchAttributesCheck(client));
  } catch (err) {
    checks.push(
      fail(
        'namespace',
        `namespace ${namespace} could not be described: ${err instanceof Error ? err.message : String(err)}`,
        'Check that the API key or certificate may read the namespace.',
      ),
    );
  }
  return checks;
}
