/** The CLI's help names the HubSpot access choices: service keys and private-app tokens, OAuth, API versions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';

describe('temporal-hubspot-files --help', () => {
  it('names service keys as the static-token choice, the OAuth variables and the API versions', async () => {
    let out = '';
    const io = {
      env: {},
      cwd: process.cwd(),
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => 0 },
    };
    assert.equal(await runCli(['--help'], io), 0);
    assert.match(out, /HUBSPOT_ACCESS_TOKEN +a static token: a service key \(the choice for new setups/);
    assert.match(out, /private-app token/);
    assert.match(out, /HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, HUBSPOT_REFRESH_TOKEN/);
    assert.match(out, /HUBSPOT_API_VERSION +v3 \(default\), 2025-09, 2026-03 or 2026-09/);
  });
});
