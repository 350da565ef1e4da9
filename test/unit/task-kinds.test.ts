/**
 * The task kinds' pure parts: the paths of each kind under v3 and every date version (HUBSPOT.md, "Same task shape
 * elsewhere": the version sits in a different place per family), the task-id codecs, and the start validations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { decodeTaskId, TASK_KIND_FACTS, validateKindAndTaskId } from '../../src/common/task-kinds';

function invalidField(fn: () => unknown): { field: string; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApplicationFailure && err.type === 'InvalidInput', String(err));
    return { field: (err.details?.[0] as { field: string }).field, message: err.message };
  }
  return assert.fail('expected InvalidInput');
}

describe('paths per kind and version', () => {
  const expected: Record<string, Record<string, string>> = {
    'folder-update': { v3: '/files/v3/folders/update/async', '2026-03': '/files/2026-03/folders/update/async' },
    'file-import': {
      v3: '/files/v3/files/import-from-url/async',
      '2025-09': '/files/2025-09/files/import-from-url/async',
    },
    'crm-export': { v3: '/crm/v3/exports/export/async', '2026-09': '/crm/exports/2026-09/export/async' },
    'source-code-extract': {
      v3: '/cms/v3/source-code/extract/async',
      '2026-03': '/cms/source-code/2026-03/extract/async',
    },
  };
  for (const [kind, byVersion] of Object.entries(expected)) {
    for (const [version, path] of Object.entries(byVersion)) {
      it(`${kind} ${version}: ${path}, its status below it`, () => {
        const facts = TASK_KIND_FACTS[kind as keyof typeof TASK_KIND_FACTS];
        assert.equal(facts.startPath(version), path);
        assert.equal(facts.statusPath('4 2', version), `${path}/tasks/4%202/status`);
      });
    }
  }

  it('refuses an unknown version for the new kinds, naming apiVersion', () => {
    assert.equal(invalidField(() => TASK_KIND_FACTS['crm-export'].startPath('2024-01')).field, 'apiVersion');
  });
});

describe('task-id codecs', () => {
  it('keeps an int64 above 2^53 as its digits, and takes a safe integer as a number', () => {
    assert.equal(decodeTaskId('int64', '9223372036854775807'), '9223372036854775807');
    assert.equal(decodeTaskId('int64', 42), '42');
    assert.equal(decodeTaskId('int32', '2147483647'), '2147483647');
  });

  const refused: Array<[Parameters<typeof decodeTaskId>[0], unknown, RegExp]> = [
    ['int64', '9223372036854775808', /must be an int64/],
    ['int64', 2 ** 60, /must be an int64/],
    ['int64', '-1', /must be an int64/],
    ['int64', '007', /must be an int64/],
    ['int64', ' 7', /must be an int64/],
    ['int32', '2147483648', /must be an int32/],
    ['int32', 1.5, /must be an int32/],
    ['string', 42, /must be a string/],
    ['string', 'a/b', /must not contain '\/'/],
  ];
  for (const [type, value, message] of refused) {
    it(`refuses ${JSON.stringify(value)} as ${type}`, () => {
      const { field, message: text } = invalidField(() => decodeTaskId(type, value));
      assert.equal(field, 'taskId');
      assert.match(text, message);
    });
  }

  it('checks the kind first, then the id for its type', () => {
    assert.deepEqual(validateKindAndTaskId('source-code-extract', 12), { kind: 'source-code-extract', taskId: '12' });
    assert.equal(invalidField(() => validateKindAndTaskId('crm', '1')).field, 'kind');
  });
});

describe('start validation', () => {
  const { validateStart: fileImport } = TASK_KIND_FACTS['file-import'];
  const { validateStart: crmExport } = TASK_KIND_FACTS['crm-export'];
  const { validateStart: extract } = TASK_KIND_FACTS['source-code-extract'];

  it("fills a file import's defaults and keeps only its fields", () => {
    assert.deepEqual(fileImport({ url: 'https://a.test/x.png', access: 'PRIVATE', folderId: 12, timeout: '1h' }), {
      url: 'https://a.test/x.png',
      access: 'PRIVATE',
      folderId: '12',
      duplicateValidationStrategy: 'NONE',
      duplicateValidationScope: 'ENTIRE_PORTAL',
      overwrite: false,
    });
  });

  it('passes an export request through unchanged, unknown fields included', () => {
    const request = {
      exportType: 'VIEW',
      exportName: 'n',
      format: 'CSV',
      language: 'EN',
      objectType: 'CONTACT',
      objectProperties: ['email'],
      somethingNew: [1],
    };
    assert.deepEqual(crmExport(request), request);
  });

  const refused: Array<[string, () => unknown, string]> = [
    ['an import without a folder', () => fileImport({ url: 'https://a.test/x', access: 'PRIVATE' }), 'input'],
    ['an import with a bad access', () => fileImport({ url: 'https://a.test', access: 'OPEN', folderId: 1 }), 'access'],
    [
      'a LIST export without listId',
      () =>
        crmExport({
          exportType: 'LIST',
          exportName: 'n',
          format: 'CSV',
          language: 'EN',
          objectType: 'C',
          objectProperties: ['e'],
        }),
      'listId',
    ],
    [
      'an export without properties',
      () =>
        crmExport({
          exportType: 'VIEW',
          exportName: 'n',
          format: 'CSV',
          language: 'EN',
          objectType: 'C',
          objectProperties: [],
        }),
      'objectProperties',
    ],
    ['an extract with a control character', () => extract({ path: '/a\u0000.zip' }), 'path'],
    ['an extract that is not an object', () => extract('/a.zip'), 'input'],
  ];
  for (const [name, fn, field] of refused) {
    it(`refuses ${name}, naming ${field}`, () => assert.equal(invalidField(fn).field, field));
  }
});
