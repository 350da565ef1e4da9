/**
 * Finds scope names in HubSpot error contexts.
 *
 * HubSpot names scopes in two forms: an object context such as `{ missingScopes: ['files'] }` and, inside error
 * details, a string such as `"{missingScopes=[scope1, scope2]}"`.
 */

/** Parses every `key=[a, b]` list in a string context such as `"{missingScopes=[scope1, scope2]}"`. */
export function parseStringContext(context: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const match of context.matchAll(/([A-Za-z][\w.-]*)\s*=\s*\[([^\]]*)\]/g)) {
    const key = match[1] as string;
    const items = (match[2] as string)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    out[key] = [...(out[key] ?? []), ...items];
  }
  return out;
}

/** The values under `key` in an object or string context; empty when absent or malformed. */
export function scopesFromContext(context: unknown, key: string): string[] {
  if (typeof context === 'string') return parseStringContext(context)[key] ?? [];
  if (context !== null && typeof context === 'object') {
    const value = (context as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    if (typeof value === 'string') return [value];
  }
  return [];
}

/** The de-duplicated scopes under `key` across a top-level context and its details' contexts, in order. */
export function collectScopes(context: unknown, details: readonly { context?: unknown }[], key: string): string[] {
  const found = [...scopesFromContext(context, key), ...details.flatMap((d) => scopesFromContext(d.context, key))];
  return [...new Set(found)];
}
