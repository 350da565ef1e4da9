/**
 * The validation of the `importFilesFromUrls` input, in one place: the poll options, the concurrency and the list of
 * imports; each import is checked by the file-import kind's own validation, and a bad one becomes a FAILED item.
 * Workflow-safe.
 */
import { FailureTypes } from '../../common/failure-types';
import { invalidInput } from '../../common/invalid-input';
import { TASK_KIND_FACTS } from '../../common/task-kinds';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../await/poll-options';
import { checkConcurrency } from '../migration/migration-control';
import { DEFAULT_MIGRATION_CONCURRENCY } from '../migration/migration-types';
import { MAX_BATCH_IMPORTS, type FileImportItem, type ImportFilesFromUrlsInput } from './file-imports-types';

/** A valid import waiting for its turn, with its index in the input. */
export interface QueuedImport {
  index: number;
  request: object;
  url: string;
}

/** The `importFilesFromUrls` input, validated. */
export interface ValidImportFilesInput {
  concurrency: number;
  pollOptions: PollOptions;
  queue: QueuedImport[];
  /** The FAILED items of the invalid imports. */
  invalid: FileImportItem[];
}

/**
 * Validates the whole `importFilesFromUrls` input, once.
 *
 * @throws `InvalidInput` (non-retryable) naming the field and the value, for a non-object input, bad poll options, a
 *   bad `concurrency`, or an `imports` list that is not an array, is empty or holds more than
 *   {@link MAX_BATCH_IMPORTS}.
 */
export function validateImportFilesInput(input: ImportFilesFromUrlsInput): ValidImportFilesInput {
  if (input === null || typeof input !== 'object') {
    throw invalidInput('input', input, 'must be an object { imports, concurrency?, ...poll options }');
  }
  const pollOptions = pickPollOptions(input);
  resolvePollOptions(pollOptions);
  const concurrency = checkConcurrency(input.concurrency ?? DEFAULT_MIGRATION_CONCURRENCY);
  const imports: unknown = input.imports;
  if (!Array.isArray(imports)) throw invalidInput('imports', imports, 'must be an array of file imports');
  if (imports.length === 0) throw invalidInput('imports', imports, 'must hold at least one file import');
  if (imports.length > MAX_BATCH_IMPORTS) {
    throw invalidInput(
      'imports',
      `${imports.length} imports`,
      `must hold at most ${MAX_BATCH_IMPORTS}; split the batch`,
    );
  }
  const queue: QueuedImport[] = [];
  const invalid: FileImportItem[] = [];
  imports.forEach((raw: unknown, index) => {
    const url = String((raw as { url?: unknown } | null)?.url ?? '');
    try {
      queue.push({ index, url, request: TASK_KIND_FACTS['file-import'].validateStart(raw) as object });
    } catch (err) {
      invalid.push({
        index,
        url,
        outcome: 'FAILED',
        numErrors: 0,
        errors: [],
        failureType: FailureTypes.InvalidInput,
        message: `imports[${index}]: ${(err as Error).message}`,
      });
    }
  });
  return { concurrency, pollOptions, queue, invalid };
}
