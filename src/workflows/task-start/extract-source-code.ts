/**
 * The `extractSourceCode` workflow: one HubSpot CMS source-code extract (`POST /cms/v3/source-code/extract/async`,
 * body `{ path }`: a zip file in the design manager, unpacked where it is), waited on until it is done.
 * Workflow-safe.
 */
import type { AwaitHubSpotTaskResult } from '../await/await-hubspot-task';
import type { PollOptions } from '../await/poll-options';
import { startAndWait } from './start-and-wait';

/**
 * Extracts a zip file in the design manager and waits for it.
 *
 * @returns the COMPLETE status (an extract produces nothing else).
 * @throws `InvalidInput` before any HTTP call (naming `path`); `FolderUpdateCanceled`, `FolderUpdateTimedOut`,
 *   `HubSpotForbidden` (scope `content`), … (see `awaitHubSpotTask`).
 */
export async function extractSourceCode(input: ExtractSourceCodeInput): Promise<SourceCodeExtractResult> {
  const { path, ...pollOptions } = input ?? ({} as ExtractSourceCodeInput);
  return startAndWait('source-code-extract', { path }, pollOptions, `extract ${String(path)}`);
}

/** Input of `extractSourceCode`: HubSpot's `FileExtractRequest` (`path`) and the poll options. */
export interface ExtractSourceCodeInput extends PollOptions {
  /** The zip file to extract, e.g. `/my-theme/archive.zip`. */
  path: string;
}

/** What `extractSourceCode` returns: the wait's result (no `result`: an extract produces none). */
export type SourceCodeExtractResult = AwaitHubSpotTaskResult<'source-code-extract'>;
