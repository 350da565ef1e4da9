/**
 * `list [--status S] [--migration ID] [--kind K]` and `count`: the waits, found by visibility queries on the package's
 * search attributes (see `../../common/search-attributes.ts`).
 */
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { table } from '../format';
import { openSession, type SessionOptions } from '../session';
import { missingHubSpotSearchAttributes } from '../../client/search-attributes-check';
import { FOLDER_UPDATE_STATUSES } from '../../common/folder-update-status';
import {
  HubSpotFolderId,
  HubSpotMigrationId,
  HubSpotTaskId,
  HubSpotTaskKindKey,
  HubSpotTaskStatus,
} from '../../common/search-attributes';
import { HUBSPOT_TASK_KINDS } from '../../common/task-kinds/task-kind-names';

/** Flags of `list` and `count`. */
export interface ListFlags extends SessionOptions {
  json?: boolean;
  status?: string;
  migration?: string;
  kind?: string;
  limit?: string;
}

/** Waits `list` shows unless `--limit` says otherwise. */
export const DEFAULT_LIST_LIMIT = 100;

/**
 * The visibility query of the flags: the `awaitFolderUpdate` waits, by status and migration; with `kind`, the waits
 * (`awaitFolderUpdate` and `awaitHubSpotTask`) whose start carried that `HubSpotTaskKind`.
 */
export function listQuery(flags: Pick<ListFlags, 'status' | 'migration' | 'kind'>): string {
  const clauses = [`WorkflowType = 'awaitFolderUpdate'`];
  if (flags.kind !== undefined) {
    if (!(HUBSPOT_TASK_KINDS as readonly string[]).includes(flags.kind)) {
      throw new UsageError(`--kind must be one of ${HUBSPOT_TASK_KINDS.join(', ')}, got ${JSON.stringify(flags.kind)}`);
    }
    clauses[0] = `WorkflowType IN ('awaitFolderUpdate', 'awaitHubSpotTask')`;
    clauses.push(`${HubSpotTaskKindKey.name} = '${flags.kind}'`);
  }
  if (flags.status !== undefined) {
    const status = flags.status.toUpperCase();
    if (!(FOLDER_UPDATE_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(
        `--status must be one of ${FOLDER_UPDATE_STATUSES.join(', ')}, got ${JSON.stringify(flags.status)}`,
      );
    }
    clauses.push(`${HubSpotTaskStatus.name} = '${status}'`);
  }
  if (flags.migration !== undefined) {
    if (!/^[\w.:/-]{1,200}$/.test(flags.migration)) {
      throw new UsageError(`--migration must be a migration workflow id, got ${JSON.stringify(flags.migration)}`);
    }
    clauses.push(`${HubSpotMigrationId.name} = '${flags.migration}'`);
  }
  return clauses.join(' AND ');
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIST_LIMIT;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--limit must be a whole number of at least 1, got ${JSON.stringify(raw)}`);
  return n;
}

async function openVisibleSession(flags: ListFlags, io: CliIo) {
  const session = await openSession(flags, io, { worker: false });
  // HubSpotTaskKind is needed by --kind only: a namespace registered before it existed lists by the other four.
  const missing = (await missingHubSpotSearchAttributes(session.client)).filter(
    (name) => name !== HubSpotTaskKindKey.name || flags.kind !== undefined,
  );
  if (missing.length > 0) {
    await session.close();
    throw new UsageError(
      `namespace ${session.namespace} lacks the HubSpot search attribute(s) ${missing.join(', ')}; register them ` +
        `(README: "Search attributes")`,
    );
  }
  return session;
}

/** Runs `list`: one line per wait, newest first. */
export async function listCommand(flags: ListFlags, io: CliIo): Promise<number> {
  const query = listQuery(flags);
  const limit = parseLimit(flags.limit);
  const session = await openVisibleSession(flags, io);
  try {
    const rows = [];
    for await (const wf of session.client.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
      const attrs = wf.typedSearchAttributes;
      rows.push({
        workflowId: wf.workflowId,
        taskId: attrs.get(HubSpotTaskId),
        folderId: attrs.get(HubSpotFolderId),
        taskStatus: attrs.get(HubSpotTaskStatus),
        migrationId: attrs.get(HubSpotMigrationId),
        kind: attrs.get(HubSpotTaskKindKey),
        executionStatus: wf.status.name,
        startTime: wf.startTime.toISOString(),
      });
      if (rows.length >= limit) break;
    }
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ query, workflows: rows }, null, 2)}\n`);
    } else {
      io.stdout.write(
        table(
          ['task', 'folder', 'status', 'workflow', 'execution', 'started'],
          rows.map((r) => [
            r.taskId ?? '',
            r.folderId ?? '',
            r.taskStatus ?? '',
            r.workflowId,
            r.executionStatus,
            r.startTime,
          ]),
        ),
      );
      io.stderr.write(`${rows.length} wait(s) where ${query}\n`);
    }
    return ExitCode.Success;
  } finally {
    await session.close();
  }
}

/** Runs `count`: how many waits match. */
export async function countCommand(flags: ListFlags, io: CliIo): Promise<number> {
  const query = listQuery(flags);
  const session = await openVisibleSession(flags, io);
  try {
    const { count } = await session.client.workflow.count(query);
    io.stdout.write(flags.json ? `${JSON.stringify({ query, count })}\n` : `${count}\n`);
    return ExitCode.Success;
  } finally {
    await session.close();
  }
}
