import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isSourceCheckout, serversDir, serversInstallCommand } from '../../src/servers/temporal-servers';

const root = path.resolve(__dirname, '..', '..');

describe('serversDir', () => {
  it('is $TEMPORAL_SERVERS_DIR when set', () => {
    assert.equal(serversDir({ TEMPORAL_SERVERS_DIR: '/opt/temporal' }), path.resolve('/opt/temporal'));
  });

  it("is .servers/ at the root of a source checkout, installed by the npm script (the installed package's per-user default is tested from the tarball)", () => {
    assert.equal(isSourceCheckout(), true);
    assert.equal(serversDir({ XDG_CACHE_HOME: '/home/u/.cache' }), path.join(root, '.servers'));
    assert.equal(serversInstallCommand(), 'npm run servers:install');
  });

  it('tells a folder without tsconfig.json (an installed package) from a source checkout', () => {
    assert.equal(isSourceCheckout(path.join(root, 'src')), false);
  });
});
