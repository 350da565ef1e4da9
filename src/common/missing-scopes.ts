/**
 * Finds scope names in HubSpot error contexts, wherever HubSpot puts them (see HubSpot's Files API reference, "Scopes"):
 *
 * - an object context with a list, `{ missingScopes: ['files'] }`, `{ requiredScopes: [...] }` or
 *   `{ requiredGranularScopes: [...] }` (403 bodies), or with a single string instead of the list;
 * - a Java-style string context, `"{missingScopes=[scope1, scope2]}"` (the status endpoint's documented form).
 *
 * Workflow-safe: no runtime dependencies.
 */

/** The context keys under which HubSpot names scopes. */
export const SCOPE_KEYS = ['missingScopes', 'requiredScopes', 'requiredGranularScopes'] as const;

/** A key of {@link SCOPE_KEYS}. */
export type ScopeKey = (typeof SCOPE_KEYS)[number];

/** Parses every `key=[a, b]` list in a string context such as `"{missingScopes=[scope1, scope2]}"`. */
export function parseStringContext(context: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const match of context.matchAll(/([A-Za-z][\w.-]*)\s*=\s*\[([^\]]*)\]/g)) {
    const key = match[1] as string;
    out[key] = [...(out[key] ?? []), ...splitList(match[2] as string)];
  }
  return out;
}

/** `"a, b"` or `"[a, b]"` → `['a', 'b']`. */
function splitList(text: string): string[] {
  return text
    .replace(/^\s*\[|\]\s*$/g, '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The values under `keys` in an object or string context, in key order; empty when absent or malformed. */
export function scopesFromContext(context: unknown, keys: readonly string[]): string[] {
  if (typeof context === 'string') {
    const parsed = parseStringContext(context);
    return keys.flatMap((key) => parsed[key] ?? []);
  }
  if (context === null || typeof context !== 'object' || Array.isArray(context)) return [];
  return keys.flatMap((key) => {
    const value = (context as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return typeof value === 'string' ? splitList(value) : [];
  });
}

/**
 * The de-duplicated scopes under `keys` across a top-level context and its details' contexts, in order.
 *
 * @param details - the `errors[]` of a HubSpot error; items that are not objects are skipped.
 * @param keys - defaults to every key of {@link SCOPE_KEYS}.
 */
export function collectScopes(context: unknown, details: unknown, keys: readonly string[] = SCOPE_KEYS): string[] {
  const list = Array.isArray(details) ? details : [];
  const contexts = list.map((d: unknown) =>
    d !== null && typeof d === 'object' ? (d as { context?: unknown }).context : undefined,
  );
  return [...new Set([context, ...contexts].flatMap((c) => scopesFromContext(c, keys)))];
}
