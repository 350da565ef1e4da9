/**
 * Whether the client's namespace has the package's search attributes, so that starts set them only when the server
 * can index them (a start with an unknown search attribute is rejected). Checked once per client and remembered.
 */
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { CORE_SEARCH_ATTRIBUTES, HUBSPOT_SEARCH_ATTRIBUTES } from '../common/search-attributes';

/** The package's attributes registered in the namespace, per client, remembered for the client's life. */
const answers = new WeakMap<Client, Promise<ReadonlySet<string>>>();

/**
 * The names of the package's search attributes registered in the client's namespace. A server that cannot say (an
 * old server, or no permission to list them) counts as having none.
 */
export function registeredHubSpotSearchAttributes(client: Client): Promise<ReadonlySet<string>> {
  let answer = answers.get(client);
  if (!answer) {
    answer = client.connection.operatorService.listSearchAttributes({ namespace: client.options.namespace }).then(
      ({ customAttributes }) =>
        new Set(HUBSPOT_SEARCH_ATTRIBUTES.map((k) => k.name).filter((name) => customAttributes?.[name] !== undefined)),
      () => new Set<string>(),
    );
    answers.set(client, answer);
  }
  return answer;
}

/**
 * True when the attributes the workflows write themselves (`CORE_SEARCH_ATTRIBUTES`) are registered in the client's
 * namespace: starts then carry them and `list` finds them. `HubSpotTaskKind` may still be missing (a namespace
 * registered before it existed): see {@link missingHubSpotSearchAttributes}.
 */
export async function hasHubSpotSearchAttributes(client: Client): Promise<boolean> {
  const registered = await registeredHubSpotSearchAttributes(client);
  return CORE_SEARCH_ATTRIBUTES.every((key) => registered.has(key.name));
}

/**
 * The names of the package's search attributes the namespace lacks (all of them when it cannot list them), for the
 * doctor.
 */
export async function missingHubSpotSearchAttributes(client: Client): Promise<string[]> {
  const registered = await registeredHubSpotSearchAttributes(client);
  return HUBSPOT_SEARCH_ATTRIBUTES.map((k) => k.name).filter((name) => !registered.has(name));
}

/**
 * What a start may set of `pairs`: nothing unless the attributes the workflows write themselves are all registered,
 * and then the pairs whose attribute is registered (a namespace registered before `HubSpotTaskKind` existed keeps
 * the other four).
 */
export async function registeredPairs(client: Client, pairs: SearchAttributePair[]): Promise<SearchAttributePair[]> {
  const registered = await registeredHubSpotSearchAttributes(client);
  if (!CORE_SEARCH_ATTRIBUTES.every((key) => registered.has(key.name))) return [];
  return pairs.filter((pair) => registered.has(pair.key.name));
}
