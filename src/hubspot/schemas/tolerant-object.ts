/**
 * The tolerant reader's building block (zod): an object whose documented fields are typed when they have their
 * documented shape, while everything else it holds (undocumented fields, documented fields in another shape) is
 * kept as plain JSON in `extra`. It never fails on a field; it fails only when the value is not an object at all.
 */
import { z } from 'zod';
import type { Extra, JsonValue } from '../../common/folder-update-status';

/** A map of field name → the zod schema of its documented shape. */
export type DocumentedShape = Record<string, z.ZodType>;

/** What {@link tolerantObject} reads: each documented field, typed, when it had its documented shape. */
export type TolerantOutput<S extends DocumentedShape> = { [K in keyof S]?: z.output<S[K]> } & Extra;

/**
 * A zod schema for an object read tolerantly (see the module doc). `null` fields count as absent.
 *
 * @param shape - the documented fields and their documented shapes.
 * @param finish - builds the result from the typed fields and the object as sent (to derive fields, fill defaults,
 *   or refuse the object as a whole by returning `undefined`, which fails the parse so that a parent keeps it in its
 *   own `extra`). Defaults to the typed fields.
 */
export function tolerantObject<S extends DocumentedShape, O = TolerantOutput<S>>(
  shape: S,
  finish: (typed: TolerantOutput<S>, raw: Record<string, unknown>) => O | undefined = (typed) => typed as O,
): z.ZodType<O> {
  return z.custom<Record<string, unknown>>(isObject, { error: 'must be an object' }).transform((raw, ctx) => {
    const typed: Record<string, unknown> = {};
    const extra: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value === null || value === undefined) continue;
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      const parsed = field?.safeParse(value);
      if (parsed?.success) define(typed, key, parsed.data);
      else define(extra, key, value as JsonValue);
    }
    if (Object.keys(extra).length > 0) typed.extra = extra;
    const out = finish(typed as TolerantOutput<S>, raw);
    if (out === undefined) {
      ctx.addIssue({ code: 'custom', message: 'lacks a field it requires' });
      return z.NEVER;
    }
    return out;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets an own property, so that a `__proto__` key stays data and never becomes a prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An id as HubSpot sends it, a string or a safe integer, read as a string. */
export const idSchema = z.union([z.string(), z.int()]).transform(String);
