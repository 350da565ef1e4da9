import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  MAX_MIGRATION_ROWS,
  MigrationFileError,
  parseMigrationFile,
  readMigrationFile,
} from '../../src/cli/migration-file';
import type { MigrationFile } from '../../src/cli/migration-file';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const parseText = (text: string, path = 'folders.csv'): MigrationFile => parseMigrationFile(bytes(text), path);

/** Asserts that parsing throws a MigrationFileError whose message matches and whose location is as given. */
function assertFileError(
  input: string | Uint8Array,
  path: string,
  expected: { message: RegExp; line?: number; index?: number },
): void {
  const data = typeof input === 'string' ? bytes(input) : input;
  assert.throws(
    () => parseMigrationFile(data, path),
    (err: unknown) => {
      assert.ok(err instanceof MigrationFileError, `expected a MigrationFileError, got ${String(err)}`);
      assert.match(err.message, expected.message);
      assert.equal(err.file, path);
      assert.equal(err.line, expected.line);
      assert.equal(err.index, expected.index);
      return true;
    },
  );
}

function csvWithRows(count: number): string {
  const lines = ['folderId,name'];
  for (let i = 1; i <= count; i++) lines.push(`${i},Folder ${i}`);
  return `${lines.join('\n')}\n`;
}

describe('parseMigrationFile: CSV', () => {
  it('reads the columns in any order, maps cells by header, and hashes the bytes', () => {
    const text = 'parentFolderId,folderId,name\n10,1,One\n,2,Two\n20,3,\n';
    const file = parseText(text);
    assert.equal(file.format, 'csv');
    assert.equal(file.path, 'folders.csv');
    assert.deepEqual(file.rows, [
      { parentFolderId: '10', folderId: '1', name: 'One' },
      { folderId: '2', name: 'Two' },
      { parentFolderId: '20', folderId: '3' },
    ]);
    assert.equal(file.sha256, createHash('sha256').update(text).digest('hex'));
    assert.equal(Object.hasOwn(file.rows[1] as object, 'parentFolderId'), false, 'an empty cell is absent');
  });

  it('accepts a header with folderId alone', () => {
    assert.deepEqual(parseText('folderId\n7\n').rows, [{ folderId: '7' }]);
  });

  it('accepts CRLF, a UTF-8 BOM, blank and whitespace-only lines, all-empty rows, quoted commas and newlines', () => {
    const text = '\uFEFF name , folderId \r\n\r\n"Smith, J",1\r\n   \r\n,,\r\n , \r\n "two\r\nlines" , 2 \r\n\r\n';
    const file = parseText(text);
    assert.deepEqual(file.rows, [
      { name: 'Smith, J', folderId: '1' },
      { name: 'two\r\nlines', folderId: '2' },
    ]);
    assert.equal(file.sha256, createHash('sha256').update(bytes(text)).digest('hex'), 'hash includes the BOM');
  });

  it('accepts a quoted field with doubled quotes and one without a trailing newline', () => {
    assert.deepEqual(parseText('folderId,name\n1,"say ""hi"""').rows, [{ folderId: '1', name: 'say "hi"' }]);
  });

  it('rejects an unknown column, naming it and listing the allowed ones', () => {
    assertFileError('folderId,title\n1,x\n', 'folders.csv', {
      message:
        /^folders\.csv line 1: unknown column "title" \(column 2\); allowed columns: folderId, name, parentFolderId$/,
      line: 1,
    });
  });

  it('suggests the right spelling of a near-miss column', () => {
    assertFileError('folder_id,name\n1,x\n', 'folders.csv', {
      message: /unknown column "folder_id" \(column 1\); allowed columns: .* \(did you mean "folderId"\?\)$/,
      line: 1,
    });
  });

  it('hints that a header is needed when the first line looks like data', () => {
    assertFileError('123,Reports\n', 'folders.csv', {
      message: /unknown column "123" .*\(the first line must be a header row naming the columns\)$/,
      line: 1,
    });
  });

  it('names the header line after leading blank lines', () => {
    assertFileError('\n\nfolderId,Title\n1,x\n', 'folders.csv', {
      message: /^folders\.csv line 3: unknown column/,
      line: 3,
    });
  });

  it('rejects a header without folderId', () => {
    assertFileError('name,parentFolderId\nx,1\n', 'folders.csv', {
      message: /^folders\.csv line 1: the header has no folderId column \(found: name, parentFolderId\)/,
      line: 1,
    });
  });

  it('rejects a duplicated column', () => {
    assertFileError('folderId,name, name\n1,a,b\n', 'folders.csv', {
      message: /^folders\.csv line 1: column "name" appears twice \(columns 2 and 3\)$/,
      line: 1,
    });
  });

  it('rejects a row with more fields than the header, naming its line', () => {
    assertFileError('folderId,name\r\n1,a\r\n\r\n2,Smith, J\r\n', 'folders.csv', {
      message:
        /^folders\.csv line 4: the row has 3 fields but the header has 2 \(folderId, name\); quote fields that contain commas$/,
      line: 4,
    });
  });

  it('rejects a row with fewer fields than the header, naming its line', () => {
    assertFileError('folderId,name,parentFolderId\n1,a,2\n3,b\n', 'folders.csv', {
      message: /^folders\.csv line 3: the row has 2 fields but the header has 3 \(folderId, name, parentFolderId\)$/,
      line: 3,
    });
  });

  it('counts lines as an editor does after CRLF inside a quoted field', () => {
    assertFileError('folderId,name\r\n1,"a\r\nb"\r\n2,c,d\r\n', 'folders.csv', {
      message: /line 4: the row has 3/,
      line: 4,
    });
  });

  it('rejects an unbalanced quote, naming the line where the record starts', () => {
    assertFileError('folderId,name\n1,a\n\n2,"b\n3,c\n4,d\n', 'folders.csv', {
      message: /^folders\.csv line 4: unbalanced quote: a quoted field is never closed$/,
      line: 4,
    });
  });

  it('rejects an unbalanced quote on the last line without a newline', () => {
    assertFileError('folderId,name\r\n1,a\r\n2,"b', 'folders.csv', {
      message: /^folders\.csv line 3: unbalanced quote/,
      line: 3,
    });
  });

  it('rejects a quote inside an unquoted field', () => {
    assertFileError('folderId,name\n1,a\n2,5" disk\n', 'folders.csv', {
      message: /^folders\.csv line 3: a quote inside an unquoted field; quote the whole field/,
      line: 3,
    });
  });

  it('rejects characters after a closing quote', () => {
    assertFileError('folderId,name\r\n1,"a\r\nb"\r\n2,"x"y\r\n', 'folders.csv', {
      message: /^folders\.csv line 4: a closing quote is followed by other characters/,
      line: 4,
    });
  });
});

describe('parseMigrationFile: encoding and emptiness', () => {
  it('rejects a UTF-16 LE byte-order mark', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('folderId\n1\n', 'utf16le')]);
    assertFileError(utf16, 'folders.csv', {
      message: /^folders\.csv is UTF-16 \(or binary\); save it as UTF-8 \(found a UTF-16 LE byte-order mark\)$/,
    });
  });

  it('rejects a UTF-16 BE and a UTF-32 byte-order mark', () => {
    assertFileError(Buffer.from([0xfe, 0xff, 0x00, 0x66]), 'f.csv', {
      message: /^f\.csv is UTF-16 \(or binary\); save it as UTF-8 \(found a UTF-16 BE byte-order mark\)$/,
    });
    assertFileError(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x66, 0, 0, 0]), 'f.csv', {
      message: /is UTF-16 \(or binary\); save it as UTF-8 \(found a UTF-32 LE byte-order mark\)$/,
    });
  });

  it('rejects NUL bytes (UTF-16 without a BOM, or binary), naming the offset', () => {
    assertFileError(Buffer.from('folderId\n1\n', 'utf16le'), 'f.csv', {
      message: /^f\.csv is UTF-16 \(or binary\); save it as UTF-8 \(found a NUL byte at byte offset 1\)$/,
    });
  });

  it('rejects invalid UTF-8, naming the byte, its offset and line', () => {
    const latin1 = Buffer.concat([bytes('folderId,name\n1,Caf'), Buffer.from([0xe9]), bytes('\n')]);
    assertFileError(latin1, 'f.csv', {
      message: /^f\.csv is not valid UTF-8: byte 0xE9 at byte offset 19 \(line 2\); save it as UTF-8$/,
      line: 2,
    });
  });

  it('counts the offset of invalid UTF-8 from the start of the file, BOM included', () => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('folderId\né\n'), Buffer.from([0xc0, 0x80])]);
    assertFileError(data, 'f.csv', { message: /byte 0xC0 at byte offset 15 \(line 3\)/, line: 3 });
  });

  it('rejects UTF-8-encoded surrogates and a sequence cut at the end', () => {
    assertFileError(Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80]), 'f.csv', {
      message: /byte 0xED at byte offset 2 /,
      line: 2,
    });
    assertFileError(Buffer.from([0x61, 0x62, 0xe2, 0x82]), 'f.csv', {
      message: /byte 0xE2 at byte offset 2 /,
      line: 1,
    });
  });

  it('rejects an empty file, a whitespace-only file and a BOM-only file', () => {
    assertFileError(new Uint8Array(0), 'f.csv', { message: /^f\.csv is empty$/ });
    assertFileError(' \r\n\t\n', 'f.json', { message: /^f\.json is empty$/ });
    assertFileError('\uFEFF\n', 'f.csv', { message: /^f\.csv is empty$/ });
  });

  it('rejects a CSV with a header only, or only blank rows after it', () => {
    assertFileError('folderId,name\n', 'f.csv', { message: /^f\.csv has no rows$/ });
    assertFileError('folderId,name\r\n\r\n,\r\n  \r\n', 'f.csv', { message: /^f\.csv has no rows$/ });
  });

  it('rejects a CSV of only empty cells', () => {
    assertFileError(',,\n,,\n', 'f.csv', { message: /^f\.csv has no rows$/ });
  });
});

describe('parseMigrationFile: row limit', () => {
  it(`accepts ${MAX_MIGRATION_ROWS} CSV rows`, () => {
    const file = parseText(csvWithRows(MAX_MIGRATION_ROWS));
    assert.equal(file.rows.length, MAX_MIGRATION_ROWS);
    assert.deepEqual(file.rows.at(-1), { folderId: String(MAX_MIGRATION_ROWS), name: `Folder ${MAX_MIGRATION_ROWS}` });
  });

  it(`rejects ${MAX_MIGRATION_ROWS + 1} CSV rows`, () => {
    assertFileError(csvWithRows(MAX_MIGRATION_ROWS + 1), 'big.csv', {
      message: /^big\.csv has 10001 rows; one migration takes at most 10000: split the file$/,
    });
  });

  it('does not count blank lines as rows', () => {
    const text = `${csvWithRows(MAX_MIGRATION_ROWS)}\n\n,\n`;
    assert.equal(parseText(text).rows.length, MAX_MIGRATION_ROWS);
  });

  it(`accepts ${MAX_MIGRATION_ROWS} JSON rows and rejects ${MAX_MIGRATION_ROWS + 1}`, () => {
    const rows = (n: number): string =>
      JSON.stringify(Array.from({ length: n }, (_, i) => ({ folderId: i + 1, name: 'x' })));
    assert.equal(parseText(rows(MAX_MIGRATION_ROWS), 'f.json').rows.length, MAX_MIGRATION_ROWS);
    assertFileError(rows(MAX_MIGRATION_ROWS + 1), 'f.json', {
      message: /^f\.json has 10001 rows; one migration takes at most 10000: split the file$/,
    });
  });
});

describe('parseMigrationFile: JSON', () => {
  it('reads strings and numbers as strings and null as absent', () => {
    const file = parseText(
      '\uFEFF[{"folderId": 1, "name": "One"}, {"folderId": "2", "parentFolderId": 10, "name": null}, ' +
        '{"folderId": 3, "name": " keep ", "parentFolderId": "20"}]',
      'folders.json',
    );
    assert.equal(file.format, 'json');
    assert.deepEqual(file.rows, [
      { folderId: '1', name: 'One' },
      { folderId: '2', parentFolderId: '10' },
      { folderId: '3', name: ' keep ', parentFolderId: '20' },
    ]);
    assert.equal(Object.hasOwn(file.rows[1] as object, 'name'), false, 'null is absent');
  });

  it('rejects a value that is not an array', () => {
    assertFileError('{"folderId": 1}', 'f.json', {
      message: /^f\.json must be a JSON array of \{ folderId, name\?, parentFolderId\? \}, got \{"folderId":1\}$/,
    });
    assertFileError('"folders"', 'f.json', { message: /^f\.json must be a JSON array of .*, got "folders"$/ });
  });

  it('rejects an element that is not an object, naming its index', () => {
    assertFileError('[{"folderId": 1, "name": "a"}, 2]', 'f.json', {
      message: /^f\.json element at index 1: must be an object \{ folderId, name\?, parentFolderId\? \}, got 2$/,
      index: 1,
    });
    assertFileError('[null]', 'f.json', {
      message: /^f\.json element at index 0: must be an object .*, got null$/,
      index: 0,
    });
    assertFileError('[{"folderId":1}, ["1", "a"]]', 'f.json', { message: /index 1: .*, got \["1","a"\]$/, index: 1 });
  });

  it('rejects an unknown key, naming the index and the key', () => {
    assertFileError('[{"folderId": 1, "name": "a"}, {"folderId": 2, "Name": "b"}]', 'f.json', {
      message: /^f\.json element at index 1: unknown key "Name"; allowed keys: folderId, name, parentFolderId$/,
      index: 1,
    });
    assertFileError('[{"folderId": 1, "__proto__": {}}]', 'f.json', {
      message: /index 0: unknown key "__proto__"/,
      index: 0,
    });
  });

  it('rejects a value of the wrong type, naming the index and the field', () => {
    assertFileError('[{"folderId": 1, "name": true}]', 'f.json', {
      message: /^f\.json element at index 0: "name" must be a string or a number \(or null\), got true$/,
      index: 0,
    });
    assertFileError('[{"folderId": {"id": 1}}]', 'f.json', {
      message: /index 0: "folderId" must be .*, got \{"id":1\}$/,
      index: 0,
    });
    assertFileError('[{"folderId": 1}, {"folderId": 2, "parentFolderId": [3]}]', 'f.json', {
      message: /index 1: "parentFolderId" must be a string or a number \(or null\), got \[3\]$/,
      index: 1,
    });
  });

  it('rejects a number too large to read exactly', () => {
    assertFileError('[{"folderId": 123456789012345678901}]', 'f.json', {
      message:
        /^f\.json element at index 0: "folderId" is a number too large to read exactly .*; write it as a string$/,
      index: 0,
    });
  });

  it("rejects invalid JSON with JSON.parse's message", () => {
    let parseMessage = '';
    assert.throws(
      () => JSON.parse('[{"folderId": 1,]'),
      (err: Error) => ((parseMessage = err.message), true),
    );
    assert.notEqual(parseMessage, '');
    assertFileError('[{"folderId": 1,]', 'f.json', {
      message: new RegExp(`^f\\.json is not valid JSON: ${parseMessage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    });
  });

  it('rejects an empty array', () => {
    assertFileError(' [ ] ', 'f.json', { message: /^f\.json has no rows$/ });
  });
});

describe('parseMigrationFile: rows the workflow judges', () => {
  it('keeps duplicates, a missing folderId and rows with neither name nor parentFolderId (CSV)', () => {
    const file = parseText('folderId,name,parentFolderId\n1,a,\n1,b,\n,c,\n2,,\n');
    assert.deepEqual(file.rows, [
      { folderId: '1', name: 'a' },
      { folderId: '1', name: 'b' },
      { name: 'c' },
      { folderId: '2' },
    ]);
  });

  it('keeps duplicates, a missing folderId and rows with neither name nor parentFolderId (JSON)', () => {
    const file = parseText('[{"folderId": 1, "name": "a"}, {"folderId": "1"}, {"name": "c"}, {}]', 'f.json');
    assert.deepEqual(file.rows, [{ folderId: '1', name: 'a' }, { folderId: '1' }, { name: 'c' }, {}]);
  });
});

describe('parseMigrationFile: format', () => {
  it('picks the format by extension, in any case', () => {
    assert.equal(parseText('folderId\n1\n', 'FOLDERS.CSV').format, 'csv');
    assert.equal(parseText('[{"folderId": 1}]', 'in/folders.Json').format, 'json');
  });

  it('trusts the extension over the content', () => {
    assertFileError('folderId\n1\n', 'f.json', { message: /^f\.json is not valid JSON: / });
    assertFileError('[1, 2]', 'f.csv', { message: /^f\.csv line 1: unknown column "\[1" \(column 1\)/, line: 1 });
  });

  it('sniffs JSON when the first non-space character is [, else CSV', () => {
    assert.equal(parseText('\uFEFF\n  [{"folderId": 1}]', 'folders').format, 'json');
    assert.equal(parseText('folderId\n1\n', 'folders.txt').format, 'csv');
    assertFileError('{"folderId": 1}', 'folders', {
      message: /^folders line 1: a quote inside an unquoted field/,
      line: 1,
    });
  });
});

describe('readMigrationFile', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migration-file-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses a file', async () => {
    const path = join(dir, 'folders.csv');
    const text = 'folderId,name\r\n1,One\r\n';
    await writeFile(path, text);
    assert.deepEqual(await readMigrationFile(path), {
      path,
      format: 'csv',
      rows: [{ folderId: '1', name: 'One' }],
      sha256: createHash('sha256').update(text).digest('hex'),
    });
  });

  it('turns a read failure into a MigrationFileError naming the file', async () => {
    const path = join(dir, 'missing.csv');
    await assert.rejects(readMigrationFile(path), (err: unknown) => {
      assert.ok(err instanceof MigrationFileError);
      assert.equal(err.file, path);
      assert.match(err.message, /^cannot read .*missing\.csv: ENOENT/);
      return true;
    });
  });

  it('passes parse errors through', async () => {
    const path = join(dir, 'empty.json');
    await writeFile(path, '');
    await assert.rejects(readMigrationFile(path), { name: 'MigrationFileError', message: `${path} is empty` });
  });
});
