/**
 * The encoding check of a migration file: UTF-8 only (a UTF-8 BOM is dropped), with the byte offset and line of the
 * first bad byte; UTF-16/32 byte-order marks and NUL bytes are named as such.
 */
import { MigrationFileError } from './migration-file-error';

const BOMS: ReadonlyArray<[number[], string]> = [
  [[0xff, 0xfe, 0x00, 0x00], 'a UTF-32 LE byte-order mark'],
  [[0x00, 0x00, 0xfe, 0xff], 'a UTF-32 BE byte-order mark'],
  [[0xff, 0xfe], 'a UTF-16 LE byte-order mark'],
  [[0xfe, 0xff], 'a UTF-16 BE byte-order mark'],
];

/** Checks the bytes are UTF-8 text and not empty; returns them without a UTF-8 BOM, and as text. */
export function decodeUtf8(bytes: Uint8Array, path: string): { bytes: Buffer; text: string } {
  const notUtf8 = (found: string): MigrationFileError =>
    new MigrationFileError(path, `${path} is UTF-16 (or binary); save it as UTF-8 (found ${found})`);
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  if (bom) throw notUtf8(bom[1]);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw notUtf8(`a NUL byte at byte offset ${nul}`);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const rest = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(rest);
  } catch (err) {
    const offset = start + invalidUtf8Offset(rest);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    const line = lineStarts(bytes).lineAt(offset);
    throw new MigrationFileError(
      path,
      `${path} is not valid UTF-8: byte 0x${byte} at byte offset ${offset} (line ${line}); save it as UTF-8`,
      { line },
      err,
    );
  }
  if (text.trim() === '') throw new MigrationFileError(path, `${path} is empty`);
  return { bytes: rest, text };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence; -1 when none. */
function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Well-formed sequences (Unicode table 3-7): the lead byte fixes the length and the range of the second byte.
    let len: number,
      lo = 0x80,
      hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) [len, lo, hi] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [len, lo, hi] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += len;
  }
  return -1;
}

/** Maps byte offsets to 1-based lines; a line ends at LF, CRLF or a lone CR. */
export function lineStarts(bytes: Uint8Array): { lineAt(offset: number): number } {
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) starts.push(i + 1);
  }
  return {
    lineAt(offset) {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((starts[mid] as number) <= offset) lo = mid + 1;
        else hi = mid;
      }
      return lo + 1;
    },
  };
}
