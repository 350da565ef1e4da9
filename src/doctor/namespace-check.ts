/**
 * The `namespace` and `search-attributes` lines: the client's namespace exists, and has the package's search
 * attributes (`client/search-attributes-check.ts`; without them waits run, but `list` and `count` find nothing).
 */
import type { Client } from '@temporalio/client';
import { missingHubSpotSearchAttributes } from '../client/search-attributes-check';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { fail, pass, warn, type SetupCheck } from './setup-check';

/** gRPC's NOT_FOUND status code. */
const GRPC_NOT_FOUND = 5;

/** Whether the client's namespace exists. Other errors (no permission, a network failure) are thrown. */
export async function namespaceExists(client: Client): Promise<boolean> {
  try {
    await client.connection.workflowService.describeNamespace({ namespace: client.options.namespace });
    return true;
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === GRPC_NOT_FOUND) return false;
    throw err;
  }
}

/** The namespace line. Pure. */
export function namespaceCheck(namespace: string, exists: boolean): SetupCheck {
  if (exists) return pass('namespace', `namespace ${namespace} exists`);
  return fail(
    'namespace',
    `namespace ${namespace} does not exist`,
    `Create it (temporal operator namespace create --namespace ${namespace}; on Temporal Cloud, in the Cloud UI), or pass --namespace.`,
  );
}

/**
 * The search-attributes line for the client's namespace: a warning naming the missing ones and the command that
 * registers them (all of them when the namespace cannot list them).
 */
export async function searchAttributesCheck(client: Client): Promise<SetupCheck> {
  const namespace = client.options.namespace;
  const names = HUBSPOT_SEARCH_ATTRIBUTES.map((k) => k.name);
  const missing = await missingHubSpotSearchAttributes(client);
  if (missing.length === 0) return pass('search-attributes', `${names.join(', ')} are registered`);
  const create = missing.map((name) => `--name ${name} --type Keyword`).join(' ');
  const what =
    missing.length === names.length
      ? `the package's search attributes are not registered in ${namespace} (or cannot be listed): waits run, but list and count find nothing`
      : `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not registered in ${namespace}: starts set the others, list and count need all`;
  return warn(
    'search-attributes',
    what,
    `temporal operator search-attribute create --namespace ${namespace} ${create}`,
  );
}
