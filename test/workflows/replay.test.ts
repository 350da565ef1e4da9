/**
 * Determinism guard: a history exported (with the Temporal CLI) from a real `awaitFolderUpdate` run on the dev
 * server replays against today's workflow code without a nondeterminism error. Recorded by
 * scripts/record-replay-history.ts; it includes a retried poll, backoff timers and a COMPLETE with errors.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal-env';

describe('replay', () => {
  it('replays the committed awaitFolderUpdate history', async () => {
    const file = path.join(__dirname, '..', 'histories', 'await-folder-update.json');
    const history = historyFromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
    const types = new Set(history.events?.map((e) => e.eventType));
    assert.ok(history.events && history.events.length > 20, 'a real multi-poll history');
    assert.ok(
      [...types].some((t) => String(t).includes('TIMER_STARTED') || t === 17),
      'it contains backoff timers',
    );
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history);
  });
});
