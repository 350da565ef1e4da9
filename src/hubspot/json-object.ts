/** Reading a HubSpot body that a decision does not depend on: tolerant, never throwing. */

/**
 * `text` as a JSON object, or `{}` when it is not JSON or not an object (an array, a string, null). The fields are
 * read as the caller's all-optional type `T` and checked where they are used.
 */
export function parseJsonObject<T extends object>(text: string): T {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as T) : ({} as T);
  } catch {
    return {} as T;
  }
}
