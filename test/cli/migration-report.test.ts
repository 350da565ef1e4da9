import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { REPORT_CSV_COLUMNS, defaultReportBase, reportCsv, writeMigrationReport } from '../../src/cli/migration-report';
import type { HubSpotTaskError } from '../../src/common/folder-update-status';
import type { MigrationReport } from '../../src/client/read-migration-items';
import type { MigrationItem } from '../../src/workflows/migration/migration-types';

/** A task error with HubSpot's other fields filled in. */
function te(
  e: Pick<HubSpotTaskError, 'category' | 'message' | 'missingScopes'> & Partial<HubSpotTaskError>,
): HubSpotTaskError {
  return { status: 'error', context: {}, links: {}, errors: [], ...e };
}

const HEADER =
  'folderId,taskId,outcome,numErrors,failureType,message,errorCategories,missingScopes,errors,beforeName,beforeParentFolderId,beforePath,afterName,afterParentFolderId,afterPath,mismatches';

function resultOf(items: MigrationItem[]): MigrationReport {
  const count = (outcome: MigrationItem['outcome']): number => items.filter((i) => i.outcome === outcome).length;
  return {
    total: items.length,
    completed: count('COMPLETE'),
    completedWithErrors: count('COMPLETED_WITH_ERRORS'),
    canceled: count('CANCELED'),
    failed: count('FAILED'),
    alreadyDone: count('ALREADY_DONE'),
    mismatched: count('MISMATCH'),
    notStarted: count('NOT_STARTED'),
    canceledByUser: false,
    runIds: ['run-1'],
    items,
  };
}

const sample = resultOf([
  { folderId: '1', taskId: 'task-1', outcome: 'COMPLETE', numErrors: 0, errors: [] },
  {
    folderId: '2',
    taskId: 'task-2',
    outcome: 'COMPLETED_WITH_ERRORS',
    numErrors: 5,
    errors: [
      te({ category: 'MISSING_SCOPES', message: 'no access', missingScopes: ['files', 'files.ui_hidden.read'] }),
      te({ category: 'VALIDATION_ERROR', message: 'bad "name", really', missingScopes: [] }),
      te({ category: 'MISSING_SCOPES', message: 'again', missingScopes: ['files'] }),
    ],
  },
  {
    folderId: '3',
    outcome: 'FAILED',
    numErrors: 0,
    errors: [],
    failureType: 'InvalidInput',
    message: 'Row 3: name must not contain \'/\',\nsee "docs"',
  },
]);

describe('reportCsv', () => {
  it('writes the exact header, one line per item, \\n endings and a trailing newline', () => {
    const csv = reportCsv(sample);
    const lines = csv.split('\n');
    assert.equal(lines[0], HEADER);
    assert.equal(REPORT_CSV_COLUMNS.join(','), HEADER);
    assert.equal(lines[1], '1,task-1,COMPLETE,0,,,,,[],,,,,,,');
    assert.ok(csv.endsWith('\n') && !csv.endsWith('\n\n'));
    assert.ok(!csv.includes('\r'));
  });

  it('joins the distinct categories and scopes with ;, in first-seen order, and keeps the errors as JSON', () => {
    const [, , row2] = parse(reportCsv(sample)) as string[][];
    const item = sample.items[1] as MigrationItem;
    assert.deepEqual(row2, [
      '2',
      'task-2',
      'COMPLETED_WITH_ERRORS',
      '5',
      '',
      '',
      'MISSING_SCOPES;VALIDATION_ERROR',
      'files;files.ui_hidden.read',
      JSON.stringify(item.errors),
      ...Array<string>(7).fill(''),
    ]);
  });

  it('quotes fields with commas, quotes, CR or LF and doubles embedded quotes', () => {
    const csv = reportCsv(sample);
    assert.ok(csv.includes(`,"Row 3: name must not contain '/',\nsee ""docs""",`), csv);
    const withCr = reportCsv(resultOf([{ folderId: 'a\rb', outcome: 'FAILED', numErrors: 0, errors: [] }]));
    assert.equal(withCr.split('\n')[1], '"a\rb",,FAILED,0,,,,,[],,,,,,,');
    const rows = parse(csv) as string[][];
    assert.equal(rows.length, 4);
    assert.equal(rows[3]?.[5], 'Row 3: name must not contain \'/\',\nsee "docs"');
  });

  it("guards against formula injection with a leading ' on cells starting with = + - @ (and tab, CR)", () => {
    const csv = reportCsv(
      resultOf([
        {
          folderId: '=1+1',
          taskId: '+1',
          outcome: 'FAILED',
          numErrors: 0,
          errors: [],
          failureType: '-x',
          message: '@SUM(A1)',
        },
        { folderId: '\tx', outcome: 'FAILED', numErrors: 0, errors: [], message: '=HYPERLINK("http://evil", "x")' },
        { folderId: 'a=b', outcome: 'FAILED', numErrors: 0, errors: [], message: 'fine - ok' },
      ]),
    );
    const lines = csv.split('\n');
    assert.equal(lines[1], "'=1+1,'+1,FAILED,0,'-x,'@SUM(A1),,,[],,,,,,,");
    assert.equal(lines[2], `'\tx,,FAILED,0,,"'=HYPERLINK(""http://evil"", ""x"")",,,[],,,,,,,`);
    assert.equal(lines[3], 'a=b,,FAILED,0,,fine - ok,,,[],,,,,,,');
  });

  it('guards a formula in a category or scope', () => {
    const csv = reportCsv(
      resultOf([
        {
          folderId: '1',
          outcome: 'COMPLETED_WITH_ERRORS',
          numErrors: 1,
          errors: [te({ category: '=cmd', message: 'm', missingScopes: ['-s'] })],
        },
      ]),
    );
    const row = (parse(csv) as string[][])[1];
    assert.equal(row?.[6], "'=cmd");
    assert.equal(row?.[7], "'-s");
  });

  it('keeps extra error fields in the errors column', () => {
    const error = te({ category: 'C', message: 'm', missingScopes: [], status: 'error', context: { a: ['b'] } });
    const csv = reportCsv(
      resultOf([{ folderId: '1', outcome: 'COMPLETED_WITH_ERRORS', numErrors: 1, errors: [error] }]),
    );
    assert.equal((parse(csv) as string[][])[1]?.[8], JSON.stringify([error]));
  });

  it('writes the header alone for no items', () => {
    assert.equal(reportCsv(resultOf([])), `${HEADER}\n`);
  });
});

describe('defaultReportBase', () => {
  it('puts the report beside the migration file, without its extension', () => {
    assert.equal(defaultReportBase('folders.csv'), 'folders.report');
    assert.equal(defaultReportBase('in/batch.1.json'), join('in', 'batch.1.report'));
    assert.equal(defaultReportBase('/data/folders'), '/data/folders.report');
  });
});

describe('writeMigrationReport', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migration-report-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes <base>.json and <base>.csv, leaving no temporary files', async () => {
    const base = join(dir, 'one', 'folders.report');
    await mkdir(join(dir, 'one'));
    const startedAt = Date.now();
    const paths = await writeMigrationReport(sample, base, 'folders.csv');
    assert.deepEqual(paths, { json: `${base}.json`, csv: `${base}.csv` });
    assert.deepEqual((await readdir(join(dir, 'one'))).sort(), ['folders.report.csv', 'folders.report.json']);

    const text = await readFile(paths.json, 'utf8');
    assert.ok(text.startsWith('{\n  "generatedAt": '), 'pretty-printed');
    assert.ok(text.endsWith('}\n'));
    const { generatedAt, source, ...rest } = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(rest, sample);
    assert.equal(source, 'folders.csv');
    assert.equal(typeof generatedAt, 'string');
    assert.equal(new Date(generatedAt as string).toISOString(), generatedAt);
    const at = Date.parse(generatedAt as string);
    assert.ok(at >= startedAt - 1000 && at <= Date.now() + 1000, `generatedAt ${String(generatedAt)} is now`);

    assert.equal(await readFile(paths.csv, 'utf8'), reportCsv(sample));
  });

  it('omits source when not given, and replaces an existing report', async () => {
    const base = join(dir, 'two');
    await writeFile(`${base}.json`, 'old');
    await writeFile(`${base}.csv`, 'old');
    await writeMigrationReport(resultOf([]), base);
    const json = JSON.parse(await readFile(`${base}.json`, 'utf8')) as Record<string, unknown>;
    assert.equal(Object.hasOwn(json, 'source'), false);
    assert.deepEqual(json.items, []);
    assert.equal(await readFile(`${base}.csv`, 'utf8'), `${HEADER}\n`);
  });

  it('rejects when the rename fails and removes its temporary file', async () => {
    const sub = join(dir, 'three');
    await mkdir(sub);
    const base = join(sub, 'r');
    await mkdir(`${base}.json`); // a directory where the file should go: the rename fails
    await assert.rejects(writeMigrationReport(sample, base), { code: 'EISDIR' });
    assert.deepEqual(await readdir(sub), ['r.json']);
  });

  it('rejects when the directory does not exist', async () => {
    await assert.rejects(writeMigrationReport(sample, join(dir, 'missing', 'r')), { code: 'ENOENT' });
  });
});
