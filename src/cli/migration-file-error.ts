/** The error a migration file that cannot be used raises, with the line (CSV) or index (JSON) of the problem. */
import { MAX_MIGRATION_ROWS } from './migration-row';

/** Where in the file a {@link MigrationFileError} is. */
export interface MigrationFileErrorLocation {
  /** 1-based line, as a text editor shows it (CSV). */
  line?: number;
  /** 0-based array index (JSON). */
  index?: number;
}

/** The file cannot be used as it is. The message names the file, the line (CSV) or index (JSON), and the problem. */
export class MigrationFileError extends Error {
  override readonly name = 'MigrationFileError';
  /** The file's path, as given. */
  readonly file: string;
  /** 1-based line of a CSV problem; undefined when the problem has no line. */
  readonly line: number | undefined;
  /** 0-based array index of a JSON problem; undefined when the problem has no index. */
  readonly index: number | undefined;

  /** `message` is complete (it already names the file); `cause` is the underlying parser or file-system error. */
  constructor(file: string, message: string, location: MigrationFileErrorLocation = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.file = file;
    this.line = location.line;
    this.index = location.index;
  }
}

/** Throws when a file has more rows than one migration takes ({@link MAX_MIGRATION_ROWS}). */
export function checkRowCount(path: string, count: number): void {
  if (count > MAX_MIGRATION_ROWS) {
    throw new MigrationFileError(
      path,
      `${path} has ${count} rows; one migration takes at most ${MAX_MIGRATION_ROWS}: split the file`,
    );
  }
}
