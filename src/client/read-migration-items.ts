/**
 * Reading a migration's items from its runs: the client side of the `getItems` query.
 */
import type { WorkflowClient } from '@temporalio/client';
import { getItemsQuery } from '../workflows/migration/migration-control';
import type {
  IndexedItem,
  ItemsPage,
  ItemsPageRequest,
  MigrationItem,
  MigrationResult,
} from '../workflows/migration/migration-types';

/** A migration's result with every item, one per input row, in input order (what the CLI's report holds). */
export interface MigrationReport extends MigrationResult {
  items: MigrationItem[];
}

/**
 * Reads every item of a finished (or running) migration: each run in `result.runIds` answers `getItems` in pages of at
 * most 256 KiB; the items come back in input order. A result from before `runIds` (it held its items) is returned as
 * it is. A finished run answers from a worker's replay of its history, so a worker must be polling the task queue.
 *
 * @param client `client.workflow` of a `Client`, or a handle's `client`
 * @param workflowId the migration's workflow id
 * @param pageSize the size of each page (`limit`, `maxBytes`); defaults to the query's defaults (1,000 items, 256 KiB)
 */
export async function readMigrationItems(
  client: Pick<WorkflowClient, 'getHandle'>,
  workflowId: string,
  result: MigrationResult | (MigrationResult & { items: MigrationItem[] }),
  pageSize: Omit<ItemsPageRequest, 'offset'> = {},
): Promise<MigrationReport> {
  if ('items' in result && Array.isArray(result.items)) return result as MigrationReport;
  const all = await readRunItems<IndexedItem>(client, workflowId, result.runIds, pageSize);
  const items = all.map(({ index: _index, ...item }) => item);
  return { ...result, items };
}

/**
 * Every item the runs `runIds` of `workflowId` answer to the `getItems` query, page by page, in input order (by
 * `index`): a migration's or a batch of file imports' (`importFilesFromUrls`).
 */
export async function readRunItems<T extends { index: number }>(
  client: Pick<WorkflowClient, 'getHandle'>,
  workflowId: string,
  runIds: readonly string[],
  pageSize: Omit<ItemsPageRequest, 'offset'> = {},
): Promise<T[]> {
  const all: T[] = [];
  for (const runId of runIds) {
    const handle = client.getHandle(workflowId, runId);
    for (let offset: number | undefined = 0; offset !== undefined;) {
      const page = (await handle.query(getItemsQuery, { ...pageSize, offset })) as unknown as ItemsPage<T>;
      all.push(...page.items);
      offset = page.nextOffset;
    }
  }
  return all.sort((a, b) => a.index - b.index);
}
