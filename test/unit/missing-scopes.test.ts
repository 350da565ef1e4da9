import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectScopes, parseStringContext } from '../../src/common/missing-scopes';

describe('missing scopes', () => {
  it('parses HubSpot string contexts', () => {
    assert.deepEqual(parseStringContext('{missingScopes=[scope1, scope2]}'), { missingScopes: ['scope1', 'scope2'] });
    assert.deepEqual(parseStringContext('{a=[], b=[x]}'), { a: [], b: ['x'] });
    assert.deepEqual(parseStringContext('nonsense'), {});
  });

  it('collects from the top-level context and details, without duplicates', () => {
    const scopes = collectScopes(
      { missingScopes: ['a'] },
      [{ context: '{missingScopes=[a, b]}' }, { context: { missingScopes: ['c'] } }],
      ['missingScopes'],
    );
    assert.deepEqual(scopes, ['a', 'b', 'c']);
  });
});
