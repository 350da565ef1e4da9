/**
 * Pages of a run's migration items for the `getItems` query, bounded by count and by bytes. Pure.
 */
import { invalidInput } from '../../common/invalid-input';
import {
  MAX_ITEMS_PAGE_BYTES,
  MAX_ITEMS_PAGE_LIMIT,
  type IndexedItem,
  type ItemsPage,
  type ItemsPageRequest,
} from './migration-types';

/** The UTF-8 length of `text`, in bytes (what a JSON payload of it weighs). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function checkWhole(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidInput(field, value, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * The page of `items` from `offset`: at most `limit` items and at most `maxBytes` of their JSON, but always at least
 * one item when one is left (an item is itself bounded: at most 20 errors).
 *
 * @throws `InvalidInput` naming `offset`, `limit` or `maxBytes` when one is not a whole number in range.
 */
export function pageOf<T extends object>(items: readonly T[], request: ItemsPageRequest = {}): ItemsPage<T> {
  const offset = checkWhole('offset', request?.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = checkWhole('limit', request?.limit ?? MAX_ITEMS_PAGE_LIMIT, 1, MAX_ITEMS_PAGE_LIMIT);
  const maxBytes = checkWhole('maxBytes', request?.maxBytes ?? MAX_ITEMS_PAGE_BYTES, 1024, MAX_ITEMS_PAGE_BYTES);
  const page: T[] = [];
  let bytes = 2;
  for (let i = offset; i < items.length && page.length < limit; i++) {
    const item = items[i] as T;
    const size = utf8Length(JSON.stringify(item)) + 1;
    if (page.length > 0 && bytes + size > maxBytes) break;
    page.push(item);
    bytes += size;
  }
  const next = offset + page.length;
  return { items: page, runItems: items.length, ...(next < items.length ? { nextOffset: next } : {}) };
}

/** {@link pageOf} a migration's items. */
export function itemsPage(items: readonly IndexedItem[], request: ItemsPageRequest = {}): ItemsPage {
  return pageOf(items, request);
}
