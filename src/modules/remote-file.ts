/**
 * Reading a file on a host in one command. Atomic writes are in
 * files/atomic-write.ts.
 */
import type { Connection } from '../connection/connection.js';
import { quote } from '../connection/quote.js';
import { runChecked } from './remote.js';

export interface RemoteFile {
  exists: boolean;
  content: string;
}

/** Reads a file; a missing file is `exists: false`, other errors raise. */
export async function readRemoteFile(conn: Connection, path: string): Promise<RemoteFile> {
  const p = quote(path);
  // Prints a marker first so an empty file and a missing one differ.
  const command = `if [ -e ${p} ]; then printf 'present\\n'; cat ${p}; else printf 'absent\\n'; fi`;
  const output = await runChecked(conn, command);
  const newline = output.indexOf('\n');
  const marker = output.slice(0, newline);
  return { exists: marker === 'present', content: output.slice(newline + 1) };
}
