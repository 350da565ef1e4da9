/**
 * The `temporal-hubspot-files` command line: `await` (`--kind` for any task kind), `import-file`, `import-files`,
 * `export`, `extract`, `update`, `migrate` (and `migrate pause|resume|cancel|concurrency`), `status`, `list`, `count`,
 * `doctor`, `ui` and `servers install`.
 *
 * Without `--address` or TEMPORAL_ADDRESS it runs on the embedded default (a local dev server with its data under
 * `.temporal/`, and an in-process worker); with one it is only a client, and workers run with `npm run worker`.
 * Exit codes: 0 success, 1 a terminal failure, 2 bad usage or input (see `exit-codes.ts`).
 */
import { Command, CommanderError, Option } from 'commander';
import { FILE_ACCESS_VALUES } from '../common/task-kinds/file-import-request';
import { DEFAULT_TASK_KIND, HUBSPOT_TASK_KINDS } from '../common/task-kinds/task-kind-names';
import { processIo, type CliIo } from './cli-io';
import { awaitCommand } from './commands/await';
import { importFilesCommand, type ImportFilesFlags } from './commands/import-files';
import { doctorCommand, type DoctorFlags } from './commands/doctor';
import { countCommand, listCommand, type ListFlags } from './commands/list';
import { migrateCommand, type MigrateFlags } from './commands/migrate';
import { isMigrateAction, migrateControlCommand } from './commands/migrate-control';
import { serversInstallCommand } from './commands/servers';
import { readExportRequest, startTaskCommand } from './commands/start-task';
import { statusCommand } from './commands/status';
import { uiCommand } from './commands/ui';
import { updateCommand } from './commands/update';
import { ExitCode, UsageError } from './exit-codes';
import { pollOptionsFromFlags, withPollFlags } from './poll-flags';

/** The help's word on HubSpot access: what the embedded worker reads (docs/CONFIGURATION.md has the details). */
export const HUBSPOT_ACCESS_HELP = `
HubSpot access (the embedded worker, without --address; a remote worker has its own):
  HUBSPOT_ACCESS_TOKEN     a static token: a service key (the choice for new setups: legacy private apps can no
                           longer be created) or an existing private-app token, with a files write scope
  HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, HUBSPOT_REFRESH_TOKEN
                           instead: an OAuth app's install, refreshed before each access token expires (without
                           HUBSPOT_REFRESH_TOKEN: the client-credentials grant)
  HUBSPOT_API_VERSION      v3 (default), 2025-09, 2026-03 or 2026-09; a warning when its support ends within 6 months
`;

type Flags = Record<string, unknown> & { json?: boolean; address?: string; namespace?: string; taskQueue?: string };

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('temporal-hubspot-files')
    .description('Durable HubSpot folder updates on Temporal')
    .addOption(new Option('--json', 'print a machine-readable result on stdout'))
    .addOption(
      new Option('--address <host:port>', 'Temporal frontend; without it (and TEMPORAL_ADDRESS) runs embedded'),
    )
    .addOption(new Option('--namespace <name>', 'Temporal namespace (default: default)'))
    .addOption(new Option('--task-queue <name>', 'task queue of the workers (default: hubspot-files)'))
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('after', HUBSPOT_ACCESS_HELP);

  withPollFlags(
    program
      .command('await')
      .description('wait on a HubSpot folder-update task (attaches when already waiting)')
      .argument('<taskId>', 'the task id the folder-update POST answered with')
      .addOption(
        new Option('--kind <kind>', `the task's kind: ${HUBSPOT_TASK_KINDS.join(', ')}`).default(DEFAULT_TASK_KIND),
      ),
  ).action(async (taskId: string, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<Flags & { kind?: string }>();
    setExit(await awaitCommand(taskId, pollOptionsFromFlags(flags), flags, io));
  });

  withPollFlags(
    program
      .command('import-file')
      .description('import a file into HubSpot from a URL, and wait for it')
      .argument('<url>', 'the http(s) URL HubSpot downloads the file from')
      .requiredOption('--access <access>', `who may see the file: ${FILE_ACCESS_VALUES.join(', ')}`)
      .option('--folder-id <id>', 'the destination folder (this or --folder-path)')
      .option('--folder-path <path>', 'the destination folder path, created when missing')
      .option('--name <name>', "the file's name"),
  ).action(async (url: string, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<
      Flags & { access: string; folderId?: string; folderPath?: string; name?: string }
    >();
    const request = {
      url,
      access: flags.access,
      ...(flags.folderId !== undefined ? { folderId: flags.folderId } : {}),
      ...(flags.folderPath !== undefined ? { folderPath: flags.folderPath } : {}),
      ...(flags.name !== undefined ? { name: flags.name } : {}),
    };
    setExit(await startTaskCommand('file-import', request, pollOptionsFromFlags(flags), flags, io));
  });

  withPollFlags(
    program
      .command('import-files')
      .description('import every URL of a file (one a line) into one folder, at most --concurrency at once')
      .argument('<urlsFile>', 'the URLs, one a line; blank lines and lines starting with # are skipped')
      .requiredOption('--access <access>', `who may see the files: ${FILE_ACCESS_VALUES.join(', ')}`)
      .option('--folder-id <id>', 'the destination folder (this or --folder-path)')
      .option('--folder-path <path>', 'the destination folder path, created when missing')
      .option('--concurrency <n>', 'imports at once, 1 to 500 (default 200)')
      .option('--id <workflowId>', 'workflow id (default: from the imports, so re-runs attach)'),
  ).action(async (file: string, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<Flags & ImportFilesFlags>();
    setExit(await importFilesCommand(file, pollOptionsFromFlags(flags), flags, io));
  });

  withPollFlags(
    program
      .command('export')
      .description('export CRM records, and wait for the download URL')
      .argument('<requestFile>', "a JSON file with HubSpot's export request (PublicExportRequest), passed through"),
  ).action(async (file: string, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<Flags>();
    setExit(await startTaskCommand('crm-export', readExportRequest(file), pollOptionsFromFlags(flags), flags, io));
  });

  withPollFlags(
    program
      .command('extract')
      .description('extract a zip file in the design manager (CMS source code), and wait for it')
      .argument('<path>', 'the zip file, e.g. /my-theme/archive.zip'),
  ).action(async (path: string, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<Flags>();
    setExit(await startTaskCommand('source-code-extract', { path }, pollOptionsFromFlags(flags), flags, io));
  });

  withPollFlags(
    program
      .command('update')
      .description('rename and/or move one folder, and wait for it')
      .argument('<folderId>', 'the folder to update')
      .option('--name <name>', 'new name')
      .option('--parent <folderId>', 'id of the new parent folder'),
  ).action(async (folderId: string, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<Flags & { name?: string; parent?: string }>();
    const change = {
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      ...(flags.parent !== undefined ? { parent: flags.parent } : {}),
    };
    setExit(await updateCommand(folderId, change, pollOptionsFromFlags(flags), flags, io));
  });

  withPollFlags(
    program
      .command('migrate')
      .description(
        'update many folders from a CSV (folderId,name,parentFolderId) or JSON file, and write a report; or steer a ' +
          'running migration: migrate pause|resume|cancel ID, migrate concurrency ID N',
      )
      .argument('<file>', 'the migration file, or pause|resume|cancel|concurrency (a file of that name: ./name)')
      .argument('[workflowId]', 'with pause|resume|cancel|concurrency: the migration')
      .argument('[n]', 'with concurrency: folder updates at once, 1 to 500')
      .option('--concurrency <n>', 'folder updates at once, 1 to 500 (default 200)')
      .option('--report <path>', 'report path without extension (default: <file>.report → .json and .csv)')
      .option('--id <workflowId>', 'workflow id (default: from the file content, so re-runs attach)')
      .option('--dry-run', 'read the folders and print the plan; change nothing (exit 0 when clean, 1 otherwise)')
      .option('--retry-failed', 'the file is a JSON report: run its rows that did not end COMPLETE or ALREADY_DONE')
      .option('--force', "start even when doctor's checks FAIL (the failing lines are printed)"),
  ).action(async (file: string, id: string | undefined, n: string | undefined, _opts: unknown, cmd: Command) => {
    const flags = cmd.optsWithGlobals<Flags & MigrateFlags>();
    if (isMigrateAction(file)) {
      setExit(await migrateControlCommand(file, id, n, flags, io));
      return;
    }
    if (id !== undefined) throw new UsageError(`migrate takes one file, got also ${JSON.stringify(id)}`);
    setExit(await migrateCommand(file, pollOptionsFromFlags(flags), flags, io));
  });

  program
    .command('status')
    .description('show where a wait or a migration stands')
    .argument('<taskId|workflowId>', 'a task id, or a workflow id such as hubspot-folder-migration-…')
    .action(async (target: string, _opts: unknown, cmd: Command) => {
      setExit(await statusCommand(target, cmd.optsWithGlobals<Flags>(), io));
    });

  const visibilityFilters = (c: Command): Command =>
    c
      .option('--status <status>', 'only waits whose task is PENDING, PROCESSING, COMPLETE or CANCELED')
      .option('--migration <workflowId>', 'only the waits of this migration')
      .option(
        '--kind <kind>',
        'only the waits on tasks of this kind whose start carried it (any kind; default: folder updates)',
      );
  visibilityFilters(
    program.command('list').description('list waits by search attributes (folder updates unless --kind)'),
  )
    .option('--limit <n>', 'at most this many (default 100)')
    .action(async (_opts: unknown, cmd: Command) => setExit(await listCommand(cmd.optsWithGlobals<ListFlags>(), io)));
  visibilityFilters(
    program.command('count').description('count waits by search attributes (folder updates unless --kind)'),
  ).action(async (_opts: unknown, cmd: Command) => setExit(await countCommand(cmd.optsWithGlobals<ListFlags>(), io)));

  program
    .command('doctor')
    .description(
      'check the setup before a migration: the HubSpot token, its scopes, the daily budget and rate limit, the API ' +
        'version, the Temporal server, namespace and search attributes (exit 0: no FAIL, 1: a FAIL, 2: bad usage)',
    )
    .option('--plan <file>', 'a migration file: check the daily budget against its estimated requests')
    .option('--task-duration <duration>', "how long each task is taken to run for the estimate (default '1m')")
    .action(async (_opts: unknown, cmd: Command) =>
      setExit(await doctorCommand(cmd.optsWithGlobals<DoctorFlags>(), io)),
    );

  program
    .command('ui')
    .description('reopen the embedded data (.temporal/) in the Temporal Web UI until Ctrl-C')
    .action(async (_opts: unknown, cmd: Command) => setExit(await uiCommand(cmd.optsWithGlobals<Flags>(), io)));
  program
    .command('servers')
    .description('manage the Temporal servers the embedded mode runs')
    .command('install')
    .description('install the pinned Temporal dev server and test server (into $TEMPORAL_SERVERS_DIR or ~/.cache)')
    .action(async () => setExit(await serversInstallCommand(io)));
  return program;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.Success;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`Error: ${err.message}\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.Failure;
  }
}

/**
 * The process entry: runs the CLI with the real streams, turns the first SIGINT/SIGTERM into a clean interruption (the
 * workflow keeps its place; a second signal exits at once), and exits with the CLI's code.
 */
export function main(argv: readonly string[]): void {
  const interrupt = new AbortController();
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (++signals > 1) process.exit(ExitCode.Interrupted);
      interrupt.abort();
    });
  }
  // While an interrupted session closes, the Temporal client can retry a call that its closing channel failed, from a
  // timer, on the closed channel ("Channel has been shut down"). The process is about to exit with 130: that throw is
  // noise, not a failure. Anything else is reported and exits 1, as Node would.
  process.on('uncaughtException', (err: unknown) => {
    if (interrupt.signal.aborted && err instanceof Error && err.message === 'Channel has been shut down') return;
    console.error(err);
    process.exit(ExitCode.Failure);
  });
  runCli(argv, processIo(interrupt.signal)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(ExitCode.Failure);
    },
  );
}

if (require.main === module) main(process.argv.slice(2));
