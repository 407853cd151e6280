/**
 * Reading and atomically replacing files on a host. A write goes to a
 * temporary file beside the target and is renamed over it, so a failure
 * part way leaves the old file whole.
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

export interface WriteOptions {
  /** Octal mode such as '0644'; without it the old file's mode is kept. */
  mode?: string;
  /** Keeps a timestamped copy of the old file beside it. */
  backup?: boolean;
}

/**
 * Writes content to a temporary file in the target's folder, copies the old
 * file's mode and owner onto it, and renames it into place. Returns the
 * backup's path when one was made.
 */
export async function writeRemoteFileAtomic(
  conn: Connection,
  path: string,
  content: string,
  options: WriteOptions = {},
): Promise<string | undefined> {
  const p = quote(path);
  const tmp = `"$tmp"`;
  const steps = [
    `tmp=$(mktemp ${quote(path + '.skprun.XXXXXX')})`,
    `trap 'rm -f "$tmp"' EXIT`,
    `cat > ${tmp}`,
    `if [ -e ${p} ]; then chmod --reference=${p} ${tmp} && chown --reference=${p} ${tmp}; else chmod 0644 ${tmp}; fi`,
  ];
  if (options.mode) steps.push(`chmod ${quote(options.mode)} ${tmp}`);
  let backupPath: string | undefined;
  if (options.backup) {
    steps.push(`backup=${p}.$(date +%Y-%m-%d@%H:%M:%S)~`, `if [ -e ${p} ]; then cp -p ${p} "$backup"; printf '%s' "$backup"; fi`);
  }
  steps.push(`mv -f ${tmp} ${p}`, 'trap - EXIT');
  const output = await runChecked(conn, steps.join(' && '), { stdin: content });
  if (options.backup && output !== '') backupPath = output;
  return backupPath;
}
