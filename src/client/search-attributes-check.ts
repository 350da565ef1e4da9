/**
 * Whether the client's namespace has the package's search attributes, so that starts set them only when the server
 * can index them (a start with an unknown search attribute is rejected). Checked once per client and remembered.
 */
import type { Client } from '@temporalio/client';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../common/search-attributes';

/** The answer per client, remembered for the client's life (a new client asks again). */
const answers = new WeakMap<Client, Promise<boolean>>();

/**
 * True when every one of the package's search attributes is registered in the client's namespace. A server that
 * cannot say (an old server, or no permission to list them) counts as not having them.
 */
export function hasHubSpotSearchAttributes(client: Client): Promise<boolean> {
  let answer = answers.get(client);
  if (!answer) {
    answer = client.connection.operatorService.listSearchAttributes({ namespace: client.options.namespace }).then(
      ({ customAttributes }) => HUBSPOT_SEARCH_ATTRIBUTES.every((key) => customAttributes?.[key.name] !== undefined),
      () => false,
    );
    answers.set(client, answer);
  }
  return answer;
}
