/** API versions: the ones accepted, their end of support, and the start-up warning 6 months ahead. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  API_VERSION_END_OF_SUPPORT,
  API_VERSIONS,
  apiVersionEndsAt,
  apiVersionProblem,
  apiVersionWarning,
  DEFAULT_API_VERSION,
} from '../../src/common/api-version';

describe('API versions', () => {
  it('accepts v3, 2025-09, 2026-03 and 2026-09, defaulting to v3 (the folder read has no 2026-09 path)', () => {
    assert.deepEqual(API_VERSIONS, ['v3', '2025-09', '2026-03', '2026-09']);
    assert.equal(DEFAULT_API_VERSION, 'v3');
    for (const v of API_VERSIONS) assert.equal(apiVersionProblem(v), undefined);
    for (const bad of ['v2', '2026-04', '2026-09-beta', 3, undefined]) {
      assert.equal(apiVersionProblem(bad), "must be one of 'v3', '2025-09', '2026-03', '2026-09'");
    }
  });

  it("knows each version's end of support (HubSpot: v3 September 2027, a date version 18 months after go-live)", () => {
    assert.deepEqual(API_VERSION_END_OF_SUPPORT, {
      v3: '2027-09',
      '2025-09': '2027-03',
      '2026-03': '2027-09',
      '2026-09': '2028-03',
    });
    assert.equal(apiVersionEndsAt('2026-09'), Date.UTC(2028, 2, 1));
    assert.equal(apiVersionEndsAt('v9'), undefined);
  });

  it('warns within 6 months of the end, naming the version supported longest', () => {
    const now = Date.UTC(2027, 2, 15);
    assert.equal(
      apiVersionWarning('2026-03', now),
      "HUBSPOT_API_VERSION 2026-03: HubSpot's support for it ends in 2027-09; set HUBSPOT_API_VERSION=2026-09 " +
        '(supported until about 2028-03).',
    );
    assert.equal(apiVersionWarning('2026-03', Date.UTC(2027, 2, 1) - 1), undefined, 'six months and a moment');
    assert.match(apiVersionWarning('2025-09', now) ?? '', /ended in 2027-03; set HUBSPOT_API_VERSION=2026-09/);
    assert.equal(
      apiVersionWarning('2026-09', Date.UTC(2027, 11, 1)),
      "HUBSPOT_API_VERSION 2026-09: HubSpot's support for it ends in 2028-03.",
      'no later version known',
    );
  });
});
