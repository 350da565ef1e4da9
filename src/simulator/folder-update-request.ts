import { hubSpotErrorBody } from './error-bodies';
import type { FolderUpdateInputBody, HubSpotErrorBody } from './types';

/** Outcome of {@link parseFolderUpdateRequest}: the request, or the 400 body to answer with. */
export type ParsedFolderUpdateRequest =
  { ok: true; value: FolderUpdateInputBody } | { ok: false; body: HubSpotErrorBody };

/**
 * Parses and validates the JSON body of `POST /files/v3/folders/update/async`: `id` is a required non-empty string,
 * `name` an optional non-empty string, `parentFolderId` an optional non-negative integer. Unknown fields are ignored.
 */
export function parseFolderUpdateRequest(raw: string): ParsedFolderUpdateRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return invalid(`Invalid input JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('Invalid input JSON: expected an object');
  }
  const { id, name, parentFolderId } = parsed as Record<string, unknown>;
  if (typeof id !== 'string' || id.trim() === '') {
    return invalid(`id [${String(id)}] is required and must be a non-empty string`, 'id', 'REQUIRED');
  }
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    return invalid(`name [${String(name)}] must be a non-empty string`, 'name', 'INVALID_STRING');
  }
  if (parentFolderId !== undefined && !(Number.isSafeInteger(parentFolderId) && (parentFolderId as number) >= 0)) {
    return invalid(
      `parentFolderId [${String(parentFolderId)}] must be a non-negative integer`,
      'parentFolderId',
      'INVALID_INTEGER',
    );
  }
  const value: FolderUpdateInputBody = { id };
  if (name !== undefined) value.name = name as string;
  if (parentFolderId !== undefined) value.parentFolderId = parentFolderId as number;
  return { ok: true, value };
}

function invalid(message: string, field?: string, code?: string): ParsedFolderUpdateRequest {
  const errors = field === undefined ? undefined : [{ message, in: field, code }];
  return { ok: false, body: hubSpotErrorBody('VALIDATION_ERROR', message, errors ? { errors } : {}) };
}
