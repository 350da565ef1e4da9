/**
 * The CRM export as a task kind: its facts (`../../common/task-kinds/crm-export.ts`), the status reader of an
 * `ActionResponseWithSingleResultURI` (required `status`, `startedAt`, `completedAt`; optional `requestedAt`,
 * `numErrors`, `errors[]`, `links`, `result`; no `taskId`: spec `PublicApiSpecs/CRM/Exports/Rollouts/95922/2026-03/
 * exports.json`) whose `result` is the download URL, and the POST body, the `PublicExportRequest` as given.
 */
import { z } from 'zod';
import { CRM_EXPORT_FACTS } from '../../common/task-kinds/crm-export';
import type { CrmExportRequest } from '../../common/task-kinds/crm-export-request';
import { taskStatusReader } from '../schemas/task-status';
import type { TaskKind } from './task-kind';

/** The download URL: a string (any other shape is kept in the status's `extra`). */
const downloadUrlSchema = z.string().min(1);

/** The CRM export. */
export const CRM_EXPORT_KIND: TaskKind<string> = {
  ...CRM_EXPORT_FACTS,
  parseStatus: taskStatusReader({
    what: 'CRM-export status',
    taskIdType: 'int64',
    reportsErrors: true,
    result: downloadUrlSchema,
  }),
  startBody: (valid) => ({ ...(valid as CrmExportRequest) }),
  startOperation: (valid) => `POST CRM export '${(valid as CrmExportRequest).exportName}'`,
  statusRoute: 'crm-export-status',
  startRoute: 'crm-export',
};
