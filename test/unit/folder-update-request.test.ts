import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFolderUpdate } from '../../src/common/folder-update-request';

describe('validateFolderUpdate', () => {
  it('accepts a rename, a move, and numeric ids', () => {
    assert.deepEqual(validateFolderUpdate({ folderId: '12', name: 'New' }), { folderId: '12', name: 'New' });
    assert.deepEqual(validateFolderUpdate({ folderId: 12, parentFolderId: 3 }), {
      folderId: '12',
      parentFolderId: '3',
    });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['no folderId', { name: 'x' }, /folderId must be a non-empty string, got undefined/],
    ['a folderId with a slash', { folderId: '1/2', name: 'x' }, /folderId must be 1-64 letters.*"1\/2"/],
    ['neither name nor parent', { folderId: '1' }, /must set name or parentFolderId/],
    ['a blank name', { folderId: '1', name: ' ' }, /name must be a non-empty string, got " "/],
    ['a name with a slash', { folderId: '1', name: 'a/b' }, /name must not contain '\/'/],
    ['a fractional parent', { folderId: '1', parentFolderId: 1.5 }, /parentFolderId must be a whole number, got 1.5/],
    [
      'a parent that is not a number',
      { folderId: '1', parentFolderId: 'root' },
      /parentFolderId must be a whole number, got "root"/,
    ],
    ['not an object', 'folder', /input must be an object/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => assert.throws(() => validateFolderUpdate(input), message));
  }
});
