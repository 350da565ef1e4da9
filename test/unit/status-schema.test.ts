import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { parseFolderUpdateStatus } from '../../src/hubspot/schemas/folder-update-status';

const complete = {
  taskId: '77',
  status: 'COMPLETE',
  requestedAt: '2026-11-28T10:00:00.000Z',
  startedAt: '2026-11-28T10:00:01.000Z',
  completedAt: '2026-11-28T10:00:09.000Z',
  numErrors: 1,
  errors: [
    {
      category: 'MISSING_SCOPES',
      message: 'This app lacks scopes',
      status: 'error',
      context: { missingScopes: ['files'] },
      links: {},
      errors: [{ message: 'One or more scopes are missing', context: '{missingScopes=[files, files.ui_hidden.read]}' }],
    },
  ],
  links: {},
  result: {
    id: 123,
    name: 'Invoices',
    parentFolderId: 9,
    path: '/Archive/Invoices',
    archived: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-11-28T10:00:09Z',
  },
};

function assertInvalidResponse(fn: () => unknown, field: string, value: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure);
    assert.equal(err.type, 'HubSpotInvalidResponse');
    assert.equal(err.nonRetryable, true);
    assert.ok(err.message.includes(field), `${err.message} names ${field}`);
    assert.ok(err.message.includes(value), `${err.message} shows ${value}`);
    return true;
  });
}

describe('parseFolderUpdateStatus', () => {
  it('parses a complete status, with ids as strings and missing scopes collected', () => {
    const s = parseFolderUpdateStatus(complete, '77');
    assert.equal(s.status, 'COMPLETE');
    assert.equal(s.numErrors, 1);
    assert.deepEqual(s.errors[0]?.missingScopes, ['files', 'files.ui_hidden.read']);
    assert.equal(s.result?.id, '123');
    assert.equal(s.result?.parentFolderId, '9');
    assert.equal(s.completedAt, '2026-11-28T10:00:09.000Z');
  });

  it('accepts a PENDING status without dates, errors or numErrors (numErrors is then 0)', () => {
    const s = parseFolderUpdateStatus({ taskId: '5', status: 'PENDING' }, '5');
    assert.deepEqual(s, { taskId: '5', status: 'PENDING', numErrors: 0, errors: [] });
  });

  it('raises numErrors to the length of the errors list when it says fewer', () => {
    const s = parseFolderUpdateStatus({ ...complete, numErrors: 0 }, '77');
    assert.equal(s.numErrors, 1);
  });

  const bad: Array<[string, unknown, string, string]> = [
    ['a non-object body', [1, 2], 'body', '[1,2]'],
    ['an unknown status', { ...complete, status: 'DONE' }, 'status', '"DONE"'],
    ['a lower-case status', { ...complete, status: 'complete' }, 'status', '"complete"'],
    ['a missing status', { taskId: '77' }, 'status', 'undefined'],
    ['a negative numErrors', { ...complete, numErrors: -1 }, 'numErrors', '-1'],
    ['a fractional numErrors', { ...complete, numErrors: 1.5 }, 'numErrors', '1.5'],
    ['a non-numeric string numErrors', { ...complete, numErrors: 'two' }, 'numErrors', '"two"'],
    ['a boolean numErrors', { ...complete, numErrors: true }, 'numErrors', 'true'],
    ['another task id', { ...complete, taskId: '78' }, 'taskId', '"78"'],
  ];
  for (const [name, body, field, value] of bad) {
    it(`rejects ${name}, naming ${field}`, () =>
      assertInvalidResponse(() => parseFolderUpdateStatus(body, '77'), field, value));
  }

  it('keeps what is not in its documented shape as plain JSON in extra, and never fails over it', () => {
    const error = { ...complete.errors[0], category: 7, context: { a: 'b' }, note: { x: [1] } };
    const s = parseFolderUpdateStatus(
      { ...complete, startedAt: 42, links: [], errors: [error], result: { id: '1', archived: 'no' }, more: true },
      '77',
    );
    assert.deepEqual(s.extra, { startedAt: 42, links: [], more: true });
    assert.equal(s.errors[0]?.category, undefined);
    assert.deepEqual(s.errors[0]?.extra, { category: 7, context: { a: 'b' }, note: { x: [1] } });
    assert.deepEqual(s.errors[0]?.missingScopes, ['files', 'files.ui_hidden.read']);
    assert.deepEqual(s.result, { id: '1', extra: { archived: 'no' } });
  });

  it('keeps a result without an id, or an errors list that is not a list, in extra', () => {
    const s = parseFolderUpdateStatus({ ...complete, result: { name: 'x' }, errors: 'boom', numErrors: 2 }, '77');
    assert.equal(s.result, undefined);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.extra, { result: { name: 'x' }, errors: 'boom' });
    assert.equal(s.numErrors, 2);
  });

  it('reads a numeric string numErrors as its number, and a numeric taskId as its digits', () => {
    const s = parseFolderUpdateStatus({ ...complete, taskId: 77, numErrors: '5' }, '77');
    assert.equal(s.taskId, '77');
    assert.equal(s.numErrors, 5);
  });

  it('rejects deeply nested JSON without overflowing the stack', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assertInvalidResponse(() => parseFolderUpdateStatus({ ...complete, links: deep }, '77'), 'body', 'nested deeper');
  });
});
