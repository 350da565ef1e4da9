/**
 * The CRM export (HUBSPOT.md, "Same task shape elsewhere"; spec `PublicApiSpecs/CRM/Exports/Rollouts/95922/…/
 * exports.json`): `POST /crm/v3/exports/export/async` (date versions: `/crm/exports/{ver}/export/async`) with a
 * `PublicExportRequest`, `GET …/tasks/{taskId}/status` answering an `ActionResponseWithSingleResultURI` without a
 * `taskId` echo, whose `result` is the download URL. Task ids are int64s, kept as decimal strings. Workflow-safe.
 */
import { DEFAULT_API_VERSION } from '../api-version';
import { FailureTypes } from '../failure-types';
import { validateCrmExportRequest } from './crm-export-request';
import type { TaskKindFacts } from './task-kind-facts';
import { checkedApiVersion, taskStatusPath } from './task-paths';

/** `/crm/v3/exports/export/async`, or `/crm/exports/<date version>/export/async`. */
export function crmExportPath(apiVersion?: string): string {
  const version = checkedApiVersion(apiVersion);
  return version === DEFAULT_API_VERSION ? '/crm/v3/exports/export/async' : `/crm/exports/${version}/export/async`;
}

/** The CRM export's workflow-safe facts. */
export const CRM_EXPORT_FACTS = {
  kind: 'crm-export',
  label: 'CRM-export',
  taskIdType: 'int64',
  startPath: crmExportPath,
  statusPath: (taskId: string, apiVersion?: string) => taskStatusPath(crmExportPath(apiVersion), taskId),
  canceledFailure: FailureTypes.FolderUpdateCanceled,
  reportsErrors: true,
  validateStart: validateCrmExportRequest,
} as const satisfies TaskKindFacts;
