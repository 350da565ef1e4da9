/**
 * The `exportCrmRecords` workflow: one HubSpot CRM export (`POST /crm/v3/exports/export/async`), waited on until its
 * file can be downloaded. The export request is HubSpot's `PublicExportRequest`, passed through as given (checked
 * first: see `crm-export-request.ts`); it is kept apart from the poll options so that none of its fields can be
 * taken for one. Workflow-safe.
 */
import type { CrmExportRequest } from '../../common/task-kinds/crm-export-request';
import type { AwaitHubSpotTaskResult } from '../await/await-hubspot-task';
import type { PollOptions } from '../await/poll-options';
import { startAndWait } from './start-and-wait';

/**
 * Exports CRM records and waits for the file.
 *
 * @returns the COMPLETE status, its `result` the download URL.
 * @throws `InvalidInput` before any HTTP call (naming the field); `FolderUpdateCanceled`,
 *   `FolderUpdateCompletedWithErrors`, `FolderUpdateTimedOut`, `HubSpotForbidden` (scope `crm.export`), … (see
 *   `awaitHubSpotTask`).
 */
export async function exportCrmRecords(input: ExportCrmRecordsInput): Promise<CrmExportResult> {
  const { request, ...pollOptions } = input ?? ({} as ExportCrmRecordsInput);
  return startAndWait('crm-export', request, pollOptions, `export '${String(request?.exportName ?? '')}'`);
}

/** Input of `exportCrmRecords`: the export request as HubSpot documents it, and the poll options. */
export interface ExportCrmRecordsInput extends PollOptions {
  /** HubSpot's `PublicExportRequest`, the POST body as it is. */
  request: CrmExportRequest;
}

/** What `exportCrmRecords` returns: the wait's result, `result` the download URL. */
export type CrmExportResult = AwaitHubSpotTaskResult<'crm-export'>;
