/**
 * Reliability scenario 8: migration crash. A 300-folder `migrateFolders` (concurrency 20, HubSpot tasks taking one to
 * four seconds, mixed outcomes) loses its only worker to a SIGKILL a third of the way through; a new worker starts a
 * few seconds later. The report must list every folder exactly once with its scripted outcome, and no folder update
 * may be started twice at HubSpot. Tasks progress on time alone, as HubSpot's do, polled or not.
 *
 * The folder waits run on the default (hybrid) poller: the kill also takes down the early-window pollers of the
 * running folders, which the new worker retries after their 30 s heartbeat timeout.
 *
 * The kill is aimed at the ambiguous window: it lands a millisecond after HubSpot answered a POST, before the worker
 * could report the activity done, so the start activity is retried. The retry re-reads the folder first: when the lost
 * task has already put the folder in its target state, the folder ends ALREADY_DONE with no second POST. Only a lost
 * task that changed nothing (CANCELED) leaves the folder as it was, and then the retry POSTs again; each such second
 * POST is checked: its first task was created before the kill, never polled, and CANCELED, and the retry came from
 * the new worker after the killed attempt's heartbeat timed out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readMigrationItems, type MigrationReport } from '../../src/client/read-migration-items';
import type { HubSpotSimulator } from '../../src/simulator';
import { noCounts } from '../../src/workflows/migration/migration-counts';
import { getProgressQuery, migrateFolders, type MigrationItem, type MigrationResult } from '../../src/workflows';
import { taskIdOfAwaitWorkflowId } from '../../src/workflows/workflow-ids';
import { endingOf, recordFigures, ScenarioStack, until, type WorkerProcess } from './harness';
import { executionsOn, outcomeScript, plannedOutcome, type Expected } from './scripted-workload';

const SCENARIO = '8. Migration crash';
const TASK_QUEUE = 'reliability-08-migration-crash';
const MIGRATION_ID = 'hubspot-folder-migration-reliability-08';
const COUNT = 300;
const CONCURRENCY = 20;
const PARENT_ID = '4242';
const DOWN_MS = 3_000;
const POLL_OPTIONS = { initialPollInterval: '500ms', maxPollInterval: '1s', backoffCoefficient: 1.5, timeout: '1h' };
const POST_PATH = '/files/v3/folders/update/async';

type Outcome = MigrationItem['outcome'];
const ITEM_OUTCOME: Record<Expected, Outcome> = {
  COMPLETE: 'COMPLETE',
  FolderUpdateCompletedWithErrors: 'COMPLETED_WITH_ERRORS',
  FolderUpdateCanceled: 'CANCELED',
};

/** Folder i: its update, and the outcome planned for every task HubSpot starts for it (80% / 10% / 10%). */
function planFolder(i: number): {
  folderId: string;
  name: string;
  parentFolderId?: string;
  planned: Expected;
  expected: Outcome;
} {
  const planned = plannedOutcome(i);
  return {
    folderId: String(880_000 + i),
    name: `Archive ${i}`,
    ...(i % 5 === 0 ? { parentFolderId: PARENT_ID } : {}),
    planned,
    expected: ITEM_OUTCOME[planned],
  };
}

function scriptFolder(hubspot: HubSpotSimulator, i: number, folderId: string, planned: Expected): void {
  hubspot.scriptFolder(folderId, {
    pendingMs: 1_000 + ((i * 397) % 2_000),
    processingMs: (i * 211) % 1_500,
    pendingPolls: 0,
    processingPolls: 0,
    ...outcomeScript(planned),
  });
}

/** SIGKILLs `worker` within about a millisecond of the simulator's next answer to a POST; returns when. */
function killRightAfterNextPost(hubspot: HubSpotSimulator, worker: WorkerProcess, timeoutMs: number): Promise<number> {
  const posts = (): number => hubspot.requestLog().filter((e) => e.method === 'POST' && e.status === 202).length;
  const before = posts();
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const timer = setInterval(() => {
      if (posts() > before) {
        worker.child.kill('SIGKILL');
        clearInterval(timer);
        resolve(Date.now());
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`no POST within ${timeoutMs} ms`));
      }
    }, 1);
  });
}

let stack: ScenarioStack | undefined;

before(async () => {
  stack = await ScenarioStack.start('thf-rel-08-', { rateLimit: false });
});

after(async () => {
  await stack?.close();
});

describe(SCENARIO, () => {
  it(
    `a ${COUNT}-folder migration survives a SIGKILL of its worker: one item per folder, as scripted`,
    {
      timeout: 900_000,
    },
    async () => {
      assert.ok(stack);
      const { client, sim: hubspot } = stack;
      const first = await stack.startWorker({ taskQueue: TASK_QUEUE });

      const folders = Array.from({ length: COUNT }, (_, i) => planFolder(i));
      folders.forEach(({ folderId, planned }, i) => scriptFolder(hubspot, i, folderId, planned));
      const startedAt = Date.now();
      const migration = await client.workflow.start(migrateFolders, {
        taskQueue: TASK_QUEUE,
        workflowId: MIGRATION_ID,
        args: [
          {
            updates: folders.map(({ folderId, name, parentFolderId }) => ({ folderId, name, parentFolderId })),
            concurrency: CONCURRENCY,
            ...POLL_OPTIONS,
          },
        ],
      });

      // A third of the way through, kill the worker a millisecond after HubSpot answered a POST.
      let progress = await migration.query(getProgressQuery);
      await until(
        async () => (progress = await migration.query(getProgressQuery)).done >= COUNT / 3,
        'a third of the folders done',
        400_000,
      );
      const killedAt = await killRightAfterNextPost(hubspot, first, 30_000);
      await first.exited;
      assert.equal(first.child.signalCode, 'SIGKILL');
      const postsBeforeKill = hubspot.requestLog().filter((e) => e.method === 'POST' && e.at <= killedAt).length;

      await new Promise((r) => setTimeout(r, DOWN_MS));
      const restartedAt = Date.now();
      await stack.startWorker({ taskQueue: TASK_QUEUE });

      const ending = await endingOf(migration, 400_000);
      const report: MigrationReport =
        ending !== 'stuck' && ending.ok
          ? await readMigrationItems(migration.client, migration.workflowId, ending.value as MigrationResult)
          : { ...noCounts(), total: COUNT, canceledByUser: false, runIds: [], items: [] };

      // Every accepted POST, by folder, in arrival order.
      const posts = hubspot.requestLog().filter((e) => e.method === 'POST' && e.path === POST_PATH);
      const acceptedByFolder = new Map<string, Array<{ at: number; taskId: string }>>();
      for (const post of posts) {
        if (post.status !== 202 || post.taskId === undefined) continue;
        const folderId = hubspot.getTask(post.taskId)!.folderId;
        acceptedByFolder.set(folderId, [
          ...(acceptedByFolder.get(folderId) ?? []),
          { at: post.at, taskId: post.taskId },
        ]);
      }
      const notAccepted = posts.filter((p) => p.status !== 202).length;

      // The workflows: one updateFolderAndWait and one awaitFolderUpdate per folder, none run twice.
      const executions = await executionsOn(client, TASK_QUEUE);
      const childRuns = (folderId: string): number => executions.get(`${MIGRATION_ID}/folder-${folderId}`)?.runs ?? 0;
      const awaitsByFolder = new Map<string, number>();
      for (const [workflowId, execution] of executions) {
        if (execution.type !== 'awaitFolderUpdate') continue;
        const task = hubspot.getTask(taskIdOfAwaitWorkflowId(workflowId) ?? workflowId);
        if (task) awaitsByFolder.set(task.folderId, (awaitsByFolder.get(task.folderId) ?? 0) + 1);
      }

      // The start attempt of a folder's updateFolderAndWait: how many attempts it took, and whether one timed out.
      const startAttempt = async (folderId: string): Promise<{ attempt: number; afterTimeout: boolean }> => {
        const history = await client.workflow.getHandle(`${MIGRATION_ID}/folder-${folderId}`).fetchHistory();
        const events = history.events ?? [];
        const scheduled = events.find(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startFolderUpdateUnlessDone',
        );
        const started = events.find(
          (e) =>
            String(e.activityTaskStartedEventAttributes?.scheduledEventId ?? '') === String(scheduled?.eventId ?? '-'),
        )?.activityTaskStartedEventAttributes;
        return { attempt: started?.attempt ?? 1, afterTimeout: started?.lastFailure?.timeoutFailureInfo !== undefined };
      };

      // A second POST is allowed only where the lost task changed nothing (CANCELED), so the re-read saw the folder as
      // it was; a lost task that landed must end the folder ALREADY_DONE, found by the retry's re-read.
      const duplicates: string[] = [];
      const explained: string[] = [];
      const recovered: string[] = [];
      for (const { folderId } of folders) {
        const accepted = acceptedByFolder.get(folderId) ?? [];
        const item = report.items.find((it) => it.folderId === folderId);
        const { attempt, afterTimeout } = await startAttempt(folderId);
        if (accepted.length === 1 && item?.outcome === 'ALREADY_DONE') {
          if (accepted[0]!.at <= killedAt && attempt === 2 && afterTimeout) recovered.push(folderId);
          continue;
        }
        if (accepted.length < 2) continue;
        duplicates.push(folderId);
        const [firstPost, ...retries] = accepted;
        const firstTask = hubspot.getTask(firstPost!.taskId)!;
        if (
          firstPost!.at <= killedAt &&
          firstTask.polls === 0 &&
          firstTask.status === 'CANCELED' &&
          retries.length === 1 &&
          retries[0]!.at >= restartedAt &&
          attempt === 2 &&
          afterTimeout &&
          item?.taskId === retries[0]!.taskId
        ) {
          explained.push(folderId);
        }
      }

      const byFolder = new Map<string, MigrationItem[]>();
      for (const item of report.items) byFolder.set(item.folderId, [...(byFolder.get(item.folderId) ?? []), item]);
      const correct = folders.filter(({ folderId, name, parentFolderId, expected }) => {
        const items = byFolder.get(folderId) ?? [];
        const item = items[0];
        if (items.length === 1 && recovered.includes(folderId)) {
          const folder = hubspot.getFolder(folderId);
          return childRuns(folderId) === 1 && folder?.name === name && folder.parentFolderId === parentFolderId;
        }
        if (items.length !== 1 || !item || item.outcome !== expected || item.taskId === undefined) return false;
        if (hubspot.getTask(item.taskId)?.folderId !== folderId) return false;
        if (childRuns(folderId) !== 1 || awaitsByFolder.get(folderId) !== 1) return false;
        if (expected === 'COMPLETED_WITH_ERRORS' && item.numErrors !== 1) return false;
        const folder = hubspot.getFolder(folderId);
        if (expected === 'CANCELED') return folder?.name === `folder-${folderId}`;
        return folder?.name === name && folder.parentFolderId === parentFolderId;
      }).length;
      const lost = folders.filter(({ folderId }) => !byFolder.has(folderId) || !acceptedByFolder.has(folderId)).length;
      const migrationRuns = executions.get(MIGRATION_ID)?.runs ?? 0;
      const migrationClosedAt = executions.get(MIGRATION_ID)?.closedAt ?? Infinity;

      recordFigures({
        scenario: SCENARIO,
        unit: 'folders',
        started: COUNT,
        completedCorrectly: correct,
        lost,
        duplicated: duplicates.length,
        stuck: ending === 'stuck' ? COUNT : 0,
        recoveryMs: Number.isFinite(migrationClosedAt) ? migrationClosedAt - restartedAt : undefined,
        notes:
          `folder waits on the default hybrid poller; SIGKILL ${killedAt - startedAt} ms in, at ${progress.done}/${COUNT} done with ${progress.running} running, ` +
          `aimed a millisecond after HubSpot answered a POST; new worker ${restartedAt - killedAt} ms later; ` +
          `${posts.length} POSTs for ${COUNT} folders (${postsBeforeKill} before the kill, ${notAccepted} not ` +
          `accepted); ${recovered.length} folder(s) whose accepted POST died with the killed worker ended ALREADY_DONE ` +
          `(the retried start re-read the folder and found it done: no second POST); ${duplicates.length} folders got ` +
          `a second POST (${explained.length} after a lost task that was CANCELED and changed nothing); migration ran in ${migrationRuns} runs ` +
          `(continue-as-new); report: ${report.completed} complete, ${report.completedWithErrors} with errors, ` +
          `${report.canceled} canceled, ${report.failed} failed`,
      });

      assert.notEqual(ending, 'stuck', 'the migration ended');
      assert.ok(ending !== 'stuck' && ending.ok, `the migration returned a report: ${JSON.stringify(ending)}`);
      assert.equal(report.total, COUNT);
      assert.deepEqual(
        report.items.map((item) => item.folderId),
        folders.map(({ folderId }) => folderId),
        'the report lists every folder exactly once, in input order',
      );
      assert.equal(lost, 0, 'no folder is lost');
      assert.deepEqual(explained, duplicates, 'a second POST only follows a lost task that changed nothing');
      assert.equal(correct, COUNT, 'every folder has one item with its scripted outcome, and the folder state matches');
      assert.equal(report.failed, 0);
      const planned = (o: Outcome): number =>
        folders.filter((f) => f.expected === o && !recovered.includes(f.folderId)).length;
      assert.equal(report.canceled, planned('CANCELED'));
      assert.equal(report.completedWithErrors, planned('COMPLETED_WITH_ERRORS'));
      assert.equal(report.alreadyDone, recovered.length, 'ALREADY_DONE only for a folder whose lost task had landed');
      assert.equal(report.mismatched, 0, 'every completed folder verified');
    },
  );
});
