/**
 * The Web UI texts (summaries, markdown details) and the CLI's visibility query: pure, no server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listQuery } from '../../src/cli/commands/list';
import { UsageError } from '../../src/cli/exit-codes';
import { workflowUrl, webUiBase } from '../../src/cli/web-ui';
import {
  awaitDetails,
  awaitSummary,
  folderUpdateSummary,
  migrationDetails,
  migrationSummary,
} from '../../src/common/summaries';

describe('summaries and details', () => {
  it('names the folder and the task on one bounded line', () => {
    assert.equal(folderUpdateSummary({ folderId: '1004', name: 'Archive 2024' }), "Folder 1004 → 'Archive 2024'");
    assert.equal(folderUpdateSummary({ folderId: '1003', parentFolderId: 2000 }), 'Folder 1003 in folder 2000');
    assert.equal(awaitSummary('9823', '1004'), 'Wait on HubSpot task 9823 (folder 1004)');
    const long = folderUpdateSummary({ folderId: '1', name: `a\nb${'x'.repeat(300)}` });
    assert.ok(!long.includes('\n') && long.length < 150 && long.endsWith("…'"), long);
  });

  it('writes the inputs as markdown, escaping table characters, bounded for large migrations', () => {
    const details = awaitDetails('9823', { maxPollInterval: '5m', timeout: undefined }, '1004');
    assert.match(details, /\| task id \| 9823 \|/);
    assert.match(details, /\| maxPollInterval \| 5m \|/);
    assert.ok(!details.includes('timeout'));
    const updates = Array.from({ length: 30 }, (_, i) => ({ folderId: String(i), name: i === 0 ? 'a|b' : 'n' }));
    const md = migrationDetails(updates, { concurrency: 5 });
    assert.match(md, /\| 0 \| a\\\|b \|/);
    assert.match(md, /… and 10 more\./);
    assert.equal(migrationSummary(updates), 'Migrate 30 HubSpot folders (0, 1, 2, …)');
  });
});

describe('list query and Web UI links', () => {
  it('filters the waits by status and migration, and refuses bad values naming the flag', () => {
    assert.equal(listQuery({}), "WorkflowType = 'awaitFolderUpdate'");
    assert.equal(
      listQuery({ status: 'processing', migration: 'hubspot-folder-migration-ab12' }),
      "WorkflowType = 'awaitFolderUpdate' AND HubSpotTaskStatus = 'PROCESSING' AND HubSpotMigrationId = 'hubspot-folder-migration-ab12'",
    );
    assert.throws(
      () => listQuery({ status: 'DONE' }),
      (e: unknown) => e instanceof UsageError && /--status/.test(e.message),
    );
    assert.throws(
      () => listQuery({ migration: "x' OR 1=1" }),
      (e: unknown) => e instanceof UsageError && /--migration/.test(e.message),
    );
  });

  it('filters the waits of any kind by HubSpotTaskKind, and refuses an unknown kind naming the flag and the value', () => {
    assert.equal(
      listQuery({ kind: 'crm-export', status: 'COMPLETE' }),
      "WorkflowType IN ('awaitFolderUpdate', 'awaitHubSpotTask') AND HubSpotTaskKind = 'crm-export' AND HubSpotTaskStatus = 'COMPLETE'",
    );
    assert.throws(
      () => listQuery({ kind: "crm-export' OR 1=1" }),
      (e: unknown) => e instanceof UsageError && /--kind must be one of .*"crm-export' OR 1=1"/.test(e.message),
    );
  });

  it('links to the embedded UI, TEMPORAL_UI_URL, or Temporal Cloud', () => {
    assert.equal(
      workflowUrl('http://127.0.0.1:8233', 'default', 'm/folder-1'),
      'http://127.0.0.1:8233/namespaces/default/workflows/m%2Ffolder-1',
    );
    assert.equal(webUiBase('http://ui.example/', 'x:7233'), 'http://ui.example');
    assert.equal(webUiBase(undefined, 'my-ns.a1b2c.tmprl.cloud:7233'), 'https://cloud.temporal.io');
    assert.equal(webUiBase(undefined, 'localhost:7233'), undefined);
  });
});
