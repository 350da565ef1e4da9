/**
 * What the Temporal Web UI shows for the package's workflows: a one-line `staticSummary` naming the task or folder,
 * and a markdown `staticDetails` of the inputs (never a token: no input holds one). Pure and workflow-safe, used by the
 * CLI for its starts and by the workflows for their children.
 */
import type { FolderUpdateRequest } from './folder-update-request';

/** Longest text of one value shown in a summary or a details table, in characters. */
const MAX_SHOWN_CHARS = 120;

/** Folders listed in a migration's details before "… and N more". */
const MAX_DETAIL_ROWS = 20;

/** One line, bounded: line breaks become spaces, and long text is cut with '…'. */
function oneLine(value: unknown): string {
  const text = String(value).replace(/[\r\n\t]+/g, ' ');
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}

/** A markdown table cell: one line, with `|` and backticks escaped. */
function cell(value: unknown): string {
  return oneLine(value).replace(/[|`\\]/g, (c) => `\\${c}`);
}

function table(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The options given (poll options, concurrency…), as a two-column markdown table; empty when there are none. */
function optionsTable(options: object): string {
  const rows = Object.entries(options as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'object',
  );
  return rows.length === 0 ? '' : `\n\n${table(['option', 'value'], rows)}`;
}

/** "Folder 1004 → 'Archive 2024' in 2001": what one update changes. */
export function folderUpdateSummary(update: FolderUpdateRequest): string {
  const name = update.name !== undefined ? ` → '${oneLine(update.name)}'` : '';
  const parent = update.parentFolderId !== undefined ? ` in folder ${oneLine(update.parentFolderId)}` : '';
  return `Folder ${oneLine(update.folderId)}${name}${parent}`;
}

/** "Wait on HubSpot task 9823… (folder 1004)". */
export function awaitSummary(taskId: string, folderId?: string): string {
  return `Wait on HubSpot task ${oneLine(taskId)}${folderId !== undefined ? ` (folder ${oneLine(folderId)})` : ''}`;
}

/** "Migrate 12 HubSpot folders (1001, 1002, …)". */
export function migrationSummary(updates: readonly FolderUpdateRequest[]): string {
  const ids = updates.slice(0, 3).map((u) => oneLine(u?.folderId));
  const more = updates.length > 3 ? ', …' : '';
  return `Migrate ${updates.length} HubSpot folder${updates.length === 1 ? '' : 's'} (${ids.join(', ')}${more})`;
}

/** Markdown details of a wait: the task, the folder and the poll options. */
export function awaitDetails(taskId: string, options: object, folderId?: string): string {
  const rows: unknown[][] = [['task id', taskId]];
  if (folderId !== undefined) rows.push(['folder id', folderId]);
  return `**Waits on a HubSpot folder-update task** until COMPLETE or CANCELED.\n\n${table(['', ''], rows)}${optionsTable(options)}`;
}

/** "Wait on HubSpot crm-export task 9823…": a wait on a task of another kind than the folder update. */
export function kindAwaitSummary(kind: string, taskId: string): string {
  return `Wait on HubSpot ${oneLine(kind)} task ${oneLine(taskId)}`;
}

/** Markdown details of a wait on a task of any kind: the kind, the task and the poll options. */
export function kindAwaitDetails(kind: string, taskId: string, options: object): string {
  const rows: unknown[][] = [
    ['kind', kind],
    ['task id', taskId],
  ];
  return `**Waits on a HubSpot ${oneLine(kind)} task** until COMPLETE or CANCELED.\n\n${table(['', ''], rows)}${optionsTable(options)}`;
}

/** "Start a HubSpot crm-export and wait": a start-and-wait workflow's summary, with what it starts (one line). */
export function kindStartSummary(kind: string, what: string): string {
  return `Start a HubSpot ${oneLine(kind)} and wait: ${oneLine(what)}`;
}

/** Markdown details of one folder update: the change and the poll options. */
export function folderUpdateDetails(update: FolderUpdateRequest, options: object): string {
  const rows = [
    ['folder id', update.folderId],
    ['new name', update.name ?? '(unchanged)'],
    ['new parent', update.parentFolderId ?? '(unchanged)'],
  ];
  return `**Updates one HubSpot folder** and waits on its task.\n\n${table(['', ''], rows)}${optionsTable(options)}`;
}

/** Markdown details of a migration: the first folders and the options. */
export function migrationDetails(updates: readonly FolderUpdateRequest[], options: object): string {
  const shown = updates.slice(0, MAX_DETAIL_ROWS).map((u) => [u?.folderId, u?.name ?? '', u?.parentFolderId ?? '']);
  const more = updates.length > MAX_DETAIL_ROWS ? `\n\n… and ${updates.length - MAX_DETAIL_ROWS} more.` : '';
  return (
    `**Migrates ${updates.length} HubSpot folders**, one child workflow each.\n\n` +
    `${table(['folder', 'new name', 'new parent'], shown)}${more}${optionsTable(options)}`
  );
}
