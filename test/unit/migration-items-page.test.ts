import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { itemsPage, utf8Length } from '../../src/workflows/migration/migration-items-page';
import {
  MAX_ITEMS_PAGE_BYTES,
  MAX_ITEMS_PAGE_LIMIT,
  type IndexedItem,
} from '../../src/workflows/migration/migration-types';

function item(index: number, messageChars = 0): IndexedItem {
  return {
    index,
    folderId: String(index),
    outcome: 'FAILED',
    numErrors: 0,
    errors: [],
    message: 'm'.repeat(messageChars),
  };
}

describe('itemsPage', () => {
  it('pages by count, with the next offset until the last page', () => {
    const items = Array.from({ length: 2500 }, (_, i) => item(i));
    const first = itemsPage(items);
    assert.equal(first.items.length, MAX_ITEMS_PAGE_LIMIT);
    assert.equal(first.nextOffset, 1000);
    assert.equal(first.runItems, 2500);
    const last = itemsPage(items, { offset: 2000, limit: 1000 });
    assert.equal(last.items.length, 500);
    assert.equal(last.nextOffset, undefined);
    assert.deepEqual(itemsPage(items, { offset: 2500 }).items, []);
  });

  it('keeps every page within its byte bound, and gives a lone oversized item a page of its own', () => {
    const items = Array.from({ length: 100 }, (_, i) => item(i, 10_000));
    for (const maxBytes of [1024, 50_000, MAX_ITEMS_PAGE_BYTES]) {
      let offset: number | undefined = 0;
      let seen = 0;
      while (offset !== undefined) {
        const page = itemsPage(items, { offset, maxBytes });
        const bytes = utf8Length(JSON.stringify(page.items));
        assert.ok(page.items.length === 1 || bytes <= maxBytes, `${bytes} bytes within ${maxBytes}`);
        seen += page.items.length;
        offset = page.nextOffset;
      }
      assert.equal(seen, 100);
    }
  });

  it('counts UTF-8 bytes, not characters', () => {
    assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
  });

  it('rejects a bad offset, limit or maxBytes naming the field and the value', () => {
    const cases: Array<[object, RegExp]> = [
      [{ offset: -1 }, /offset must be a whole number from 0 to .*, got -1/],
      [{ limit: 0 }, /limit must be a whole number from 1 to 1000, got 0/],
      [{ limit: 1.5 }, /limit must be a whole number from 1 to 1000, got 1\.5/],
      [{ maxBytes: 10 }, /maxBytes must be a whole number from 1024 to 262144, got 10/],
    ];
    for (const [request, message] of cases) {
      assert.throws(
        () => itemsPage([], request),
        (e: unknown) => e instanceof ApplicationFailure && e.type === 'InvalidInput' && message.test(e.message),
      );
    }
  });
});
