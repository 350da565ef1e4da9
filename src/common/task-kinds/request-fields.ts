/**
 * Field checks the start-input validators of the task kinds share: each throws `InvalidInput` naming the field and
 * the value. Workflow-safe.
 */
import { invalidInput } from '../invalid-input';

/** Control and invisible characters (zero-width, bidi overrides), which no text field of a start may hold. */
const HIDDEN = /[\p{Cc}\p{Cf}]/u;

/** `input` as a plain object, or `InvalidInput` naming `field` with the `shape` it must have. */
export function objectInput(input: unknown, field: string, shape: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidInput(field, input, `must be an object ${shape}`);
  }
  return input as Record<string, unknown>;
}

/** A non-blank string of at most `maxLength` characters without control or invisible characters. */
export function text(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(field, value, 'must be a non-empty string');
  if (value.length > maxLength) throw invalidInput(field, value, `must be at most ${maxLength} characters`);
  if (HIDDEN.test(value)) throw invalidInput(field, value, 'must not contain control or invisible characters');
  return value;
}

/** {@link text}, or undefined when the value is undefined or null. */
export function optionalText(value: unknown, field: string, maxLength: number): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field, maxLength);
}

/** One of `values`. */
export function oneOf<T extends string>(value: unknown, field: string, values: readonly T[]): T {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw invalidInput(field, value, `must be one of ${values.map((v) => `'${v}'`).join(', ')}`);
}

/** true or false, or undefined when the value is undefined or null. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidInput(field, value, 'must be true or false');
  return value;
}

/** A list of non-empty strings (at least `min` of them), each checked as {@link text}. */
export function textList(value: unknown, field: string, maxLength: number, min = 0): string[] {
  if (!Array.isArray(value) || value.length < min) {
    throw invalidInput(field, value, `must be a list of ${min > 0 ? `at least ${min} ` : ''}strings`);
  }
  return value.map((item, i) => text(item, `${field}[${i}]`, maxLength));
}
