/**
 * Reading the text of a YAML, JSON or INI input file: at most
 * MAX_INPUT_BYTES, valid UTF-8, and without the byte order mark that some
 * editors put first. JSON must be UTF-8. YAML may also be UTF-16 or
 * UTF-32, which skprun rejects, naming the encoding.
 */
import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';

/**
 * The largest input file read. Loading grows superlinearly with size: a
 * 10 MiB playbook of 148,722 debug tasks took 49 s and 1.2 GB of memory
 * to check with `--syntax-check` (Node 20, 2 cores), while real
 * playbooks and inventories are usually far smaller.
 */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads a UTF-8 text file. Raises InputError naming the file when it is
 * missing, unreadable, too large, or not UTF-8 (with the line and column
 * of the first invalid byte).
 */
export async function readTextFile(path: string): Promise<string> {
  const bytes = await readBytes(path);
  const body = bytes.subarray(0, BOM.length).equals(BOM) ? bytes.subarray(BOM.length) : bytes;
  const encoding = wideEncoding(body);
  if (encoding) {
    throw new InputError(`the file is ${encoding}, not UTF-8; save it as UTF-8`, { file: path, line: 1, column: 1 });
  }
  if (!isUtf8(body)) throw invalidUtf8Error(path, body);
  return body.toString('utf8');
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_INPUT_BYTES) throw tooLargeError(path, info.size);
    return await readFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: ${readFailure(error)}`);
  }
}

function tooLargeError(path: string, size: number): InputError {
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return new InputError(
    `${path}: the file is ${megabytes(size)}, more than the limit of ${megabytes(MAX_INPUT_BYTES)} ` +
      'for a playbook, inventory or variable file; split it into smaller files',
  );
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'EACCES') return 'permission denied';
  return `cannot be read: ${(error as Error).message}`;
}

/**
 * Names the UTF-16 or UTF-32 encoding that the first bytes show: a byte
 * order mark, or the zero bytes that ASCII text has in those encodings.
 * Returns undefined for other text.
 */
export function wideEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (bytes.length >= 4 && b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian)';
  if (bytes.length >= 4 && b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return 'UTF-32 (little-endian)';
  if (bytes.length >= 2 && b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian)';
  if (bytes.length >= 2 && b0 === 0xff && b1 === 0xfe) return 'UTF-16 (little-endian)';
  if (bytes.length >= 4 && b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return 'UTF-32 (big-endian)';
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return 'UTF-32 (little-endian)';
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return 'UTF-16 (big-endian)';
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return 'UTF-16 (little-endian)';
  return undefined;
}

function invalidUtf8Error(path: string, bytes: Buffer): InputError {
  const offset = Math.max(0, firstInvalidUtf8(bytes));
  // lastIndexOf reads a negative start as counted from the end, so offset 0 is the first line.
  const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
  const line = countNewlines(bytes.subarray(0, lineStart)) + 1;
  // Columns count UTF-16 code units, as the YAML parser's positions do.
  const column = bytes.subarray(lineStart, offset).toString('utf8').length + 1;
  const hex = `0x${bytes[offset].toString(16).padStart(2, '0')}`;
  return new InputError(
    `invalid UTF-8: byte ${hex} does not form a UTF-8 character; save the file as UTF-8`,
    { file: path, line, column },
  );
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/**
 * Returns the offset where the first invalid UTF-8 sequence starts, or -1.
 * It follows RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes, at);
    if (length === 0) return at;
    at += length;
  }
  return -1;
}

/** Returns the length of the valid UTF-8 sequence at `at`, or 0 when it is invalid. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at];
  if (lead < 0x80) return 1;
  const [length, secondMin, secondMax] = leadRule(lead);
  if (length === 0 || at + length > bytes.length) return 0;
  const second = bytes[at + 1];
  if (second < secondMin || second > secondMax) return 0;
  for (let i = 2; i < length; i++) {
    if ((bytes[at + i] & 0xc0) !== 0x80) return 0;
  }
  return length;
}

/** The sequence length a lead byte starts, and the range its second byte must be in. */
// prettier-ignore
function leadRule(lead: number): [number, number, number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}
