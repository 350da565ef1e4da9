/** The pure migration planner (`migrate --dry-run`) and the folder target comparisons it shares with verify. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderMismatches, isInTargetState } from '../../src/common/folder-target';
import type { HubSpotFolder } from '../../src/common/folder-update-status';
import { planMigration, type PlanInputRow } from '../../src/common/migration-plan';

const tree: Array<[string, string, string | undefined, string]> = [
  ['1', 'marketing', undefined, '/marketing'],
  ['2', '2024', '1', '/marketing/2024'],
  ['3', 'q1', '2', '/marketing/2024/q1'],
  ['4', 'archive', undefined, '/archive'],
  ['5', 'old', '4', '/archive/old'],
];
function folders(extra: Record<string, null> = {}): Map<string, HubSpotFolder | null> {
  const map = new Map<string, HubSpotFolder | null>();
  for (const [id, name, parentFolderId, path] of tree) {
    map.set(id, { id, name, path, archived: false, ...(parentFolderId ? { parentFolderId } : {}) });
  }
  for (const [id, v] of Object.entries(extra)) map.set(id, v);
  return map;
}
const row = (
  index: number,
  update: PlanInputRow extends infer R ? (R extends { update: infer U } ? U : never) : never,
): PlanInputRow => ({
  index,
  update,
});

describe('planMigration', () => {
  it('is clean for a plain rename, with the old and new name, parent and path', () => {
    const plan = planMigration([row(0, { folderId: '5', name: 'older' })], folders());
    assert.equal(plan.clean, true);
    assert.deepEqual(plan.rows[0], {
      row: 1,
      folderId: '5',
      before: { name: 'old', parentFolderId: '4', path: '/archive/old' },
      after: { name: 'older', parentFolderId: '4', path: '/archive/older' },
      flags: [],
      notes: [],
    });
  });

  it('flags a missing folder, a missing parent, a move into its own subtree and a no-op', () => {
    const plan = planMigration(
      [
        row(0, { folderId: '9', name: 'x' }),
        row(1, { folderId: '5', parentFolderId: '8' }),
        row(2, { folderId: '1', parentFolderId: '3' }),
        row(3, { folderId: '4', name: 'archive' }),
        { index: 4, folderId: '', invalid: 'Row 5: folderId must be a non-empty string' },
      ],
      folders({ '9': null, '8': null }),
    );
    assert.deepEqual(
      [...plan.rows].sort((a, b) => a.row - b.row).map((r) => [r.row, r.flags.filter((f) => f !== 'SAME_SUBTREE')]),
      [
        [1, ['NOT_FOUND']],
        [2, ['PARENT_MISSING']],
        [3, ['OWN_SUBTREE']],
        [4, ['NO_OP']],
        [5, ['INVALID_ROW']],
      ],
    );
    assert.deepEqual(
      plan.rows.map((r) => r.row),
      [1, 4, 3, 2, 5],
      'folder 4 (row 4) runs before its child 5 (row 2); row 3 stays in its place',
    );
    assert.equal(plan.clean, false);
    assert.equal(plan.problems, 4);
    assert.equal(plan.noOps, 1);
  });

  it('flags two rows that would give siblings the same name, and a rename onto an existing sibling', () => {
    const plan = planMigration(
      [row(0, { folderId: '2', name: 'same', parentFolderId: '4' }), row(1, { folderId: '5', name: 'same' })],
      folders(),
    );
    assert.deepEqual(
      plan.rows.map((r) => r.flags.includes('NAME_COLLISION')),
      [true, true],
    );
    const onto = planMigration([row(0, { folderId: '2', name: 'old', parentFolderId: '4' })], folders());
    assert.match(onto.rows[0]!.notes.join(), /folder 5 would also be "old"/);
  });

  it('orders rows on one subtree parents first, and plans paths after the ancestors move', () => {
    const plan = planMigration(
      [
        row(0, { folderId: '3', name: 'Q1' }),
        row(1, { folderId: '5', name: 'kept' }),
        row(2, { folderId: '1', name: 'brand' }),
      ],
      folders(),
    );
    assert.deepEqual(
      plan.rows.map((r) => r.folderId),
      ['1', '5', '3'],
    );
    assert.ok(plan.rows[0]!.flags.includes('SAME_SUBTREE'));
    assert.ok(!plan.rows[1]!.flags.includes('SAME_SUBTREE'));
    assert.equal(plan.rows[2]!.after?.path, '/brand/2024/Q1');
    assert.equal(plan.clean, true, 'shared subtrees are a notice, not a problem');
  });
});

describe('folder target', () => {
  it('knows a folder in its target state, and names each field verify finds different', () => {
    assert.equal(isInTargetState({ name: 'a', parentFolderId: '1' }, { folderId: '9', name: 'a' }), true);
    assert.equal(isInTargetState({ name: 'a', parentFolderId: '1' }, { folderId: '9', parentFolderId: '2' }), false);
    assert.deepEqual(
      folderMismatches(
        { name: 'a', parentFolderId: '1', path: '/p/a' },
        { folderId: '9', name: 'b', parentFolderId: '2' },
        '/p',
      ),
      [
        'name: expected "b", found "a"',
        'parentFolderId: expected "2", found "1"',
        'path: expected "/p/b", found "/p/a"',
      ],
    );
    assert.deepEqual(folderMismatches({ name: 'b', path: '/b' }, { folderId: '9', name: 'b' }, undefined), []);
  });
});
