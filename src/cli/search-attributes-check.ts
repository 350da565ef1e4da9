/**
 * Whether the namespace has the package's search attributes, so that the CLI sets them at start only when the server
 * can index them (a start with an unknown search attribute is rejected).
 */
import type { Client } from '@temporalio/client';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../common/search-attributes';

/**
 * True when every one of the package's search attributes is registered in `namespace`. A server that cannot say
 * (an old server, or no permission to list them) counts as not having them.
 */
export async function hasHubSpotSearchAttributes(client: Client, namespace: string): Promise<boolean> {
  try {
    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({ namespace });
    return HUBSPOT_SEARCH_ATTRIBUTES.every((key) => customAttributes?.[key.name] !== undefined);
  } catch {
    return false;
  }
}
