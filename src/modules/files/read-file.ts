/**
 * Reading a file's exact content from a host. The output is framed by a
 * marker line before and a marker after, so that a connection that trims
 * its output (node-ssh trims stdout unless `noTrim` is set) cannot take a
 * final newline or leading spaces off the content. Connections return
 * output as UTF-8 text, so bytes that are not UTF-8 are read as hex.
 */
import type { Connection } from '../../connection/connection.js';
import { quote } from '../../connection/quote.js';
import { runChecked } from '../remote.js';

export interface FileContent {
  exists: boolean;
  content: string;
}

const END = '@@end-of-file';

/** Reads a file; a missing one is `exists: false`, other errors raise. */
export async function readFileExact(conn: Connection, path: string): Promise<FileContent> {
  const p = quote(path);
  const command = `if [ -e ${p} ]; then printf 'present\\n'; cat -- ${p} && printf '%s' '${END}'; else printf 'absent\\n'; fi`;
  const output = await runChecked(conn, command);
  if (!output.startsWith('present\n')) return { exists: false, content: '' };
  const body = output.slice('present\n'.length);
  if (!body.endsWith(END)) throw new Error(`reading ${path}: the output ended before the end marker`);
  return { exists: true, content: body.slice(0, -END.length) };
}

/**
 * Reads a file's bytes, which need not be UTF-8, as hex from POSIX `od`;
 * undefined when the file is missing. The output is three times the size
 * of the file, so this is for hosts without a checksum tool.
 */
export async function readFileBytes(conn: Connection, path: string): Promise<Buffer | undefined> {
  const p = quote(path);
  const command = `if [ -e ${p} ]; then printf 'present\\n'; od -An -tx1 -v -- ${p}; else printf 'absent\\n'; fi`;
  const output = await runChecked(conn, command);
  if (!output.startsWith('present\n')) return undefined;
  return Buffer.from(output.slice('present\n'.length).replace(/\s+/g, ''), 'hex');
}
