/**
 * The start input of a CRM export: HubSpot's `PublicExportRequest`, a `PublicExportViewRequest` (`exportType: 'VIEW'`)
 * or a `PublicExportListRequest` (`exportType: 'LIST'`, with `listId`) (spec collection, `PublicApiSpecs/CRM/Exports/
 * Rollouts/95922/2026-03/exports.json`). It is passed through to HubSpot as given: the fields the spec documents are
 * checked when present (the ones every request needs always), and any other field goes through unchanged.
 * Workflow-safe.
 */
import { invalidInput } from '../invalid-input';
import { objectInput, oneOf, optionalBoolean, text, textList } from './request-fields';

/** HubSpot's export formats. */
export const CRM_EXPORT_FORMATS = ['XLS', 'XLSX', 'CSV'] as const;

/** HubSpot's export languages. */
export const CRM_EXPORT_LANGUAGES = [
  'EN',
  'DE',
  'ES',
  'FR',
  'JA',
  'NL',
  'PT_BR',
  'IT',
  'PL',
  'SV',
  'FI',
  'ZH_TW',
  'DA_DK',
  'NO',
  'KO_KR',
  'TH',
  'ZH_CN',
] as const;

/** Longest name, object type or property name accepted, in characters. */
export const MAX_CRM_EXPORT_TEXT_LENGTH = 1024;

/**
 * Checks a CRM export request before any HTTP call and returns it unchanged (a copy).
 *
 * @throws `InvalidInput` naming the field when `exportType` is not 'VIEW' or 'LIST', `exportName` or `objectType` is
 *   blank, `format` or `language` is not one of HubSpot's, `objectProperties` is not a list of strings, a LIST export
 *   lacks `listId`, or a documented optional field has the wrong type.
 */
export function validateCrmExportRequest(input: unknown, field = 'input'): CrmExportRequest {
  const raw = objectInput(
    input,
    field,
    '{ exportType, exportName, format, language, objectType, objectProperties, … }',
  );
  const exportType = oneOf(raw.exportType, 'exportType', ['VIEW', 'LIST'] as const);
  text(raw.exportName, 'exportName', MAX_CRM_EXPORT_TEXT_LENGTH);
  oneOf(raw.format, 'format', CRM_EXPORT_FORMATS);
  oneOf(raw.language, 'language', CRM_EXPORT_LANGUAGES);
  text(raw.objectType, 'objectType', MAX_CRM_EXPORT_TEXT_LENGTH);
  textList(raw.objectProperties, 'objectProperties', MAX_CRM_EXPORT_TEXT_LENGTH, 1);
  if (raw.associatedObjectType !== undefined) {
    textList(raw.associatedObjectType, 'associatedObjectType', MAX_CRM_EXPORT_TEXT_LENGTH);
  }
  if (raw.exportInternalValuesOptions !== undefined) {
    if (!Array.isArray(raw.exportInternalValuesOptions)) {
      throw invalidInput(
        'exportInternalValuesOptions',
        raw.exportInternalValuesOptions,
        "must be a list of 'NAMES', 'VALUES'",
      );
    }
    raw.exportInternalValuesOptions.forEach((v, i) =>
      oneOf(v, `exportInternalValuesOptions[${i}]`, ['NAMES', 'VALUES'] as const),
    );
  }
  for (const flag of [
    'includeLabeledAssociations',
    'includePrimaryDisplayPropertyForAssociatedObjects',
    'overrideAssociatedObjectsPerDefinitionPerRowLimit',
  ] as const) {
    optionalBoolean(raw[flag], flag);
  }
  if (exportType === 'LIST') text(raw.listId, 'listId', MAX_CRM_EXPORT_TEXT_LENGTH);
  if (raw.publicCrmSearchRequest !== undefined) objectInput(raw.publicCrmSearchRequest, 'publicCrmSearchRequest', '');
  return { ...raw } as unknown as CrmExportRequest;
}

/**
 * A CRM export request as HubSpot documents it (`PublicExportRequest`); fields the package does not know are passed
 * through too.
 */
export interface CrmExportRequest {
  /** 'VIEW' exports records (optionally filtered by `publicCrmSearchRequest`), 'LIST' the records of `listId`. */
  exportType: 'VIEW' | 'LIST';
  /** The export's name in HubSpot. */
  exportName: string;
  /** The file's format: 'XLS', 'XLSX' or 'CSV'. */
  format: (typeof CRM_EXPORT_FORMATS)[number];
  /** The language of the file's headers, e.g. 'EN'. */
  language: (typeof CRM_EXPORT_LANGUAGES)[number];
  /** The CRM object type, e.g. `'0-1'` or `'contacts'`. */
  objectType: string;
  /** The properties exported. */
  objectProperties: string[];
  /** The associated object types whose ids are exported with each record. */
  associatedObjectType?: string[];
  /** Export property values by internal name ('NAMES') and/or value ('VALUES'). */
  exportInternalValuesOptions?: Array<'NAMES' | 'VALUES'>;
  /** HubSpot's flags, passed through as given. */
  includeLabeledAssociations?: boolean;
  /** HubSpot's flags, passed through as given. */
  includePrimaryDisplayPropertyForAssociatedObjects?: boolean;
  /** HubSpot's flags, passed through as given. */
  overrideAssociatedObjectsPerDefinitionPerRowLimit?: boolean;
  /** Required for a LIST export. */
  listId?: string;
  /** A VIEW export's filter (`PublicCrmSearchRequest`: `filterGroups`, `filters`, `sorts`, `query?`). */
  publicCrmSearchRequest?: Record<string, unknown>;
  /** Any other field HubSpot documents later: passed through unchanged. */
  [field: string]: unknown;
}
