/**
 * The start input of a Files import from URL: HubSpot's `ImportFromUrlInput` (spec collection, `PublicApiSpecs/Files/
 * Files/Rollouts/140950/v3/files.json`; generated client HubSpot/hubspot-api-nodejs `codegen/files/models/
 * ImportFromUrlInput.ts`), checked before any HTTP call. Workflow-safe.
 */
import { invalidInput } from '../invalid-input';
import { objectInput, oneOf, optionalBoolean, optionalText, text } from './request-fields';

/** HubSpot's `access` values of an imported file. */
export const FILE_ACCESS_VALUES = [
  'PUBLIC_INDEXABLE',
  'PUBLIC_NOT_INDEXABLE',
  'HIDDEN_INDEXABLE',
  'HIDDEN_NOT_INDEXABLE',
  'HIDDEN_PRIVATE',
  'PRIVATE',
] as const;

/** HubSpot's `duplicateValidationStrategy` values. */
export const DUPLICATE_STRATEGIES = ['NONE', 'REJECT', 'RETURN_EXISTING'] as const;

/** HubSpot's `duplicateValidationScope` values. */
export const DUPLICATE_SCOPES = ['ENTIRE_PORTAL', 'EXACT_FOLDER'] as const;

/**
 * The defaults of the fields HubSpot requires but a caller may leave out (ours, not HubSpot's: they are HubSpot's
 * most permissive values).
 */
export const FILE_IMPORT_DEFAULTS = {
  duplicateValidationStrategy: 'NONE',
  duplicateValidationScope: 'ENTIRE_PORTAL',
  overwrite: false,
} as const;

/** Longest URL, name, folder path or ttl accepted, in characters. */
export const MAX_FILE_IMPORT_TEXT_LENGTH = 2048;

/** A URL the import may fetch from: http or https, a host, no user or password in it, no spaces. */
const IMPORT_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#][^\s]*)?$/i;

/**
 * Checks a file import before any HTTP call and returns HubSpot's body with the defaults filled in.
 *
 * @throws `InvalidInput` naming the field when `url` is not an http(s) URL (or carries a user or password: the URL is
 *   kept in the workflow's history), `access` is not one of {@link FILE_ACCESS_VALUES}, neither `folderId` nor
 *   `folderPath` is given, or an optional field has the wrong type.
 */
export function validateFileImportRequest(input: unknown, field = 'input'): ValidFileImportRequest {
  const raw = objectInput(input, field, '{ url, access, folderId | folderPath, … }');
  const url = text(raw.url, 'url', MAX_FILE_IMPORT_TEXT_LENGTH);
  if (!IMPORT_URL.test(url)) {
    throw invalidInput('url', url, 'must be an http or https URL with a host and no user or password');
  }
  const out: ValidFileImportRequest = {
    url,
    access: oneOf(raw.access, 'access', FILE_ACCESS_VALUES),
    duplicateValidationStrategy:
      raw.duplicateValidationStrategy === undefined
        ? FILE_IMPORT_DEFAULTS.duplicateValidationStrategy
        : oneOf(raw.duplicateValidationStrategy, 'duplicateValidationStrategy', DUPLICATE_STRATEGIES),
    duplicateValidationScope:
      raw.duplicateValidationScope === undefined
        ? FILE_IMPORT_DEFAULTS.duplicateValidationScope
        : oneOf(raw.duplicateValidationScope, 'duplicateValidationScope', DUPLICATE_SCOPES),
    overwrite: optionalBoolean(raw.overwrite, 'overwrite') ?? FILE_IMPORT_DEFAULTS.overwrite,
  };
  const folderId = raw.folderId === undefined || raw.folderId === null ? undefined : String(raw.folderId);
  if (folderId !== undefined && !/^\d{1,19}$/.test(folderId)) {
    throw invalidInput('folderId', raw.folderId, 'must be a whole number');
  }
  const folderPath = optionalText(raw.folderPath, 'folderPath', MAX_FILE_IMPORT_TEXT_LENGTH);
  if (folderId === undefined && folderPath === undefined) {
    throw invalidInput(field, input, 'must set folderId or folderPath');
  }
  if (folderId !== undefined) out.folderId = folderId;
  if (folderPath !== undefined) out.folderPath = folderPath;
  const name = optionalText(raw.name, 'name', MAX_FILE_IMPORT_TEXT_LENGTH);
  if (name !== undefined) out.name = name;
  const ttl = optionalText(raw.ttl, 'ttl', MAX_FILE_IMPORT_TEXT_LENGTH);
  if (ttl !== undefined) out.ttl = ttl;
  return out;
}

/** One file import from a URL, as a caller gives it. */
export interface FileImportRequest {
  /** The URL HubSpot downloads the file from (http or https). It is kept in the workflow's history. */
  url: string;
  /** Who may see the file. */
  access: (typeof FILE_ACCESS_VALUES)[number];
  /** The destination folder's id (a whole number, as a string or a number); this or `folderPath` is required. */
  folderId?: string | number;
  /** The destination folder's path; HubSpot creates it when missing. This or `folderId` is required. */
  folderPath?: string;
  /** The file's name in the file manager. Defaults to HubSpot's choice. */
  name?: string;
  /** Time to live: HubSpot deletes the file after it. Defaults to none. */
  ttl?: string;
  /** Defaults to 'NONE'. */
  duplicateValidationStrategy?: (typeof DUPLICATE_STRATEGIES)[number];
  /** Defaults to 'ENTIRE_PORTAL'. */
  duplicateValidationScope?: (typeof DUPLICATE_SCOPES)[number];
  /** Overwrite a file of the same name in the folder. Defaults to false. */
  overwrite?: boolean;
}

/** A {@link FileImportRequest} after validation: HubSpot's `ImportFromUrlInput`, defaults filled in. */
export interface ValidFileImportRequest {
  url: string;
  access: (typeof FILE_ACCESS_VALUES)[number];
  folderId?: string;
  folderPath?: string;
  name?: string;
  ttl?: string;
  duplicateValidationStrategy: (typeof DUPLICATE_STRATEGIES)[number];
  duplicateValidationScope: (typeof DUPLICATE_SCOPES)[number];
  overwrite: boolean;
}
