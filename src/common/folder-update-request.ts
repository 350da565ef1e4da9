import { invalidInput } from './invalid-input';

/** One folder update: which folder, and its new name and/or new parent. */
export interface FolderUpdateRequest {
  /** The folder to update (HubSpot's folder id). */
  folderId: string;
  /** The folder's new name. */
  name?: string;
  /** The id of the folder's new parent; a whole number, as a string or a number. */
  parentFolderId?: string | number;
}

/** A {@link FolderUpdateRequest} after validation: ids are strings of digits or other safe text. */
export interface ValidFolderUpdate {
  folderId: string;
  name?: string;
  parentFolderId?: string;
}

/** Longest folder name accepted, in characters. */
export const MAX_FOLDER_NAME_LENGTH = 255;

/**
 * Checks a folder id before any HTTP call: a whole number, or a string of 1-64 letters, digits, `_` or `-`.
 *
 * @throws `InvalidInput` naming `field` and the value otherwise.
 */
export function validateFolderId(folderId: unknown, field = 'folderId'): string {
  const id = typeof folderId === 'number' && Number.isSafeInteger(folderId) ? String(folderId) : folderId;
  if (typeof id !== 'string' || id.trim() === '') throw invalidInput(field, folderId, 'must be a non-empty string');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw invalidInput(field, folderId, 'must be 1-64 letters, digits, _ or -');
  return id;
}

/**
 * Checks a folder update before any HTTP call.
 *
 * @throws `InvalidInput` naming the field when `folderId` is missing or unsafe, `name` is blank, too long or contains
 *   '/', `parentFolderId` is not a whole number, or neither `name` nor `parentFolderId` is given.
 */
export function validateFolderUpdate(input: unknown, field = 'input'): ValidFolderUpdate {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidInput(field, input, 'must be an object { folderId, name?, parentFolderId? }');
  }
  const { folderId, name, parentFolderId } = input as Record<string, unknown>;
  const out: ValidFolderUpdate = { folderId: validateFolderId(folderId) };
  if (name !== undefined && name !== null) {
    if (typeof name !== 'string' || name.trim() === '') throw invalidInput('name', name, 'must be a non-empty string');
    if (name.length > MAX_FOLDER_NAME_LENGTH) {
      throw invalidInput('name', name, `must be at most ${MAX_FOLDER_NAME_LENGTH} characters`);
    }
    if (name.includes('/')) throw invalidInput('name', name, "must not contain '/'");
    out.name = name;
  }
  if (parentFolderId !== undefined && parentFolderId !== null && parentFolderId !== '') {
    const parent = String(parentFolderId);
    if (!/^\d{1,15}$/.test(parent) || (typeof parentFolderId !== 'string' && typeof parentFolderId !== 'number')) {
      throw invalidInput('parentFolderId', parentFolderId, 'must be a whole number');
    }
    out.parentFolderId = parent;
  }
  if (out.name === undefined && out.parentFolderId === undefined) {
    throw invalidInput(field, input, 'must set name or parentFolderId (or both)');
  }
  return out;
}
