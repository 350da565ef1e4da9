/**
 * The start input of a CMS source-code extract: HubSpot's `FileExtractRequest { path }` (spec collection,
 * `PublicApiSpecs/CMS/Source Code/Rollouts/140886/v3/sourceCode.json`), checked before any HTTP call. Workflow-safe.
 */
import { objectInput, text } from './request-fields';

/** Longest path accepted, in characters. */
export const MAX_SOURCE_CODE_PATH_LENGTH = 1024;

/**
 * Checks an extract request before any HTTP call.
 *
 * @throws `InvalidInput` naming `path` when it is not a non-empty string of at most
 *   {@link MAX_SOURCE_CODE_PATH_LENGTH} characters without control characters.
 */
export function validateSourceCodeExtractRequest(input: unknown, field = 'input'): SourceCodeExtractRequest {
  const raw = objectInput(input, field, '{ path }');
  return { path: text(raw.path, 'path', MAX_SOURCE_CODE_PATH_LENGTH) };
}

/** Which zip file in the design manager to extract: its path, e.g. `/my-theme/archive.zip`. */
export interface SourceCodeExtractRequest {
  path: string;
}
