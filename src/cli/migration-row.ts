/** One row of a migration file (CSV or JSON) and the columns it may have. */
import { MAX_MIGRATION_UPDATES } from '../workflows/migration/migration-types';

/** One row as read from the file: raw values, not yet validated for meaning (the workflow validates rows). */
export interface MigrationRow {
  folderId?: string;
  name?: string;
  parentFolderId?: string;
}

/** Largest number of rows one migration accepts: the `migrateFolders` workflow's limit. */
export const MAX_MIGRATION_ROWS = MAX_MIGRATION_UPDATES;

/** The columns (CSV) or keys (JSON) a row may have, in the order the docs list them. */
export const MIGRATION_COLUMNS = ['folderId', 'name', 'parentFolderId'] as const;
export type MigrationColumn = (typeof MIGRATION_COLUMNS)[number];
/** Whether `name` is one of {@link MIGRATION_COLUMNS}. */
export function isMigrationColumn(name: string): name is MigrationColumn {
  return (MIGRATION_COLUMNS as readonly string[]).includes(name);
}

/** The columns in words, for messages. */
export const ALLOWED_COLUMNS = MIGRATION_COLUMNS.join(', ');
