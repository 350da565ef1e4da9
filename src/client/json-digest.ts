/** The short content digest the client helpers derive default workflow ids from. */
import { createHash } from 'node:crypto';

/** The first 16 hex digits of the SHA-256 of `value`'s JSON: the same input gives the same id, so a repeat attaches. */
export function jsonDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}
