/**
 * The CMS source-code extract (HUBSPOT.md, "Same task shape elsewhere"; spec `PublicApiSpecs/CMS/Source Code/
 * Rollouts/140886/…/sourceCode.json`): `POST /cms/v3/source-code/extract/async` (date versions:
 * `/cms/source-code/{ver}/extract/async`) with a `FileExtractRequest { path }`, `GET …/tasks/{taskId}/status`
 * answering an `ActionResponse`: no `errors`, `numErrors`, `result` or `taskId`. Task ids are int32s, kept as decimal
 * strings. Workflow-safe.
 */
import { DEFAULT_API_VERSION } from '../api-version';
import { FailureTypes } from '../failure-types';
import { validateSourceCodeExtractRequest } from './source-code-extract-request';
import type { TaskKindFacts } from './task-kind-facts';
import { checkedApiVersion, taskStatusPath } from './task-paths';

/** `/cms/v3/source-code/extract/async`, or `/cms/source-code/<date version>/extract/async`. */
export function sourceCodeExtractPath(apiVersion?: string): string {
  const version = checkedApiVersion(apiVersion);
  return version === DEFAULT_API_VERSION
    ? '/cms/v3/source-code/extract/async'
    : `/cms/source-code/${version}/extract/async`;
}

/** The source-code extract's workflow-safe facts. */
export const SOURCE_CODE_EXTRACT_FACTS = {
  kind: 'source-code-extract',
  label: 'Source-code-extract',
  taskIdType: 'int32',
  startPath: sourceCodeExtractPath,
  statusPath: (taskId: string, apiVersion?: string) => taskStatusPath(sourceCodeExtractPath(apiVersion), taskId),
  canceledFailure: FailureTypes.FolderUpdateCanceled,
  reportsErrors: false,
  validateStart: validateSourceCodeExtractRequest,
} as const satisfies TaskKindFacts;
