/**
 * The CMS source-code extract as a task kind: its facts (`../../common/task-kinds/source-code-extract.ts`), the status
 * reader of an `ActionResponse` (`status`, `startedAt`, `completedAt`, `requestedAt?`, `links?`; no `errors`,
 * `numErrors`, `result` or `taskId`: spec `PublicApiSpecs/CMS/Source Code/Rollouts/140886/v3/sourceCode.json`), and
 * the POST body `FileExtractRequest { path }`.
 */
import { SOURCE_CODE_EXTRACT_FACTS } from '../../common/task-kinds/source-code-extract';
import type { SourceCodeExtractRequest } from '../../common/task-kinds/source-code-extract-request';
import { taskStatusReader } from '../schemas/task-status';
import type { TaskKind } from './task-kind';

/** The source-code extract: it produces nothing but its COMPLETE status. */
export const SOURCE_CODE_EXTRACT_KIND: TaskKind<undefined> = {
  ...SOURCE_CODE_EXTRACT_FACTS,
  parseStatus: taskStatusReader<undefined>({
    what: 'source-code-extract status',
    taskIdType: 'int32',
    reportsErrors: false,
  }),
  startBody: (valid) => ({ path: (valid as SourceCodeExtractRequest).path }),
  startOperation: (valid) => `POST source-code extract of ${(valid as SourceCodeExtractRequest).path}`,
  statusRoute: 'source-code-extract-status',
  startRoute: 'source-code-extract',
};
