/**
 * The state of one path on a host, read with one command: its type, mode,
 * owner and group, a symlink's target, the login umask and, for the copy
 * module, a checksum and optionally the content. Uses `stat -c`, which
 * GNU coreutils and busybox both have.
 */
import type { Connection } from '../../connection/connection.js';
import { quote } from '../../connection/quote.js';
import { CommandFailedError } from '../remote.js';

export type PathType = 'file' | 'directory' | 'link' | 'other' | 'absent';

export interface PathStat {
  type: PathType;
  /** Permission bits (07777); undefined when absent. */
  mode?: number;
  uid?: number;
  gid?: number;
  user?: string;
  group?: string;
  size?: number;
  /** The number of hard links. */
  nlink?: number;
  /** A symlink's target, as written in the link. */
  linkTarget?: string;
  /** SHA-1 of a regular file, when asked for and sha1sum exists. */
  sha1?: string;
  /** The content of a regular file, when asked for. */
  content?: string;
  /** The login shell's umask, used for modes of new paths. */
  umask: number;
}

export interface StatOptions {
  /** Reports what a symlink points to rather than the link itself. */
  follow?: boolean;
  checksum?: boolean;
  /** Returns the content of a regular file up to this many bytes. */
  contentLimit?: number;
}

const FORMAT = '%F|%a|%u|%g|%U|%G|%s|%h';
const CONTENT_MARK = '@@content';
/** Ends the content, so that a connection trimming its output keeps the last newline. */
const CONTENT_END = '@@end-of-content';

/** Builds the command that prints `key<TAB>value` lines, and the content last. */
export function statCommand(path: string, options: StatOptions = {}): string {
  const stat = options.follow ? 'stat -L' : 'stat';
  const steps = [
    `p=${quote(path)}`,
    'printf "umask\\t%s\\n" "$(umask)"',
    'if [ -e "$p" ] || [ -L "$p" ]; then',
    `  printf "stat\\t%s\\n" "$(${stat} -c '${FORMAT}' -- "$p")"`,
    '  if [ -L "$p" ]; then printf "link\\t%s\\n" "$(readlink -- "$p")"; fi',
  ];
  if (options.checksum) {
    steps.push(
      '  if [ -f "$p" ] && command -v sha1sum >/dev/null 2>&1; then',
      '    printf "sha1\\t%s\\n" "$(sha1sum < "$p" | cut -d " " -f 1)"',
      '  fi',
    );
  }
  if (options.contentLimit !== undefined) {
    const limit = options.contentLimit;
    steps.push(`  if [ -f "$p" ] && [ "$(wc -c < "$p")" -le ${limit} ]; then echo '${CONTENT_MARK}'; cat -- "$p"; printf '%s' '${CONTENT_END}'; fi`);
  }
  steps.push('else', '  printf "stat\\tabsent\\n"', 'fi');
  return steps.join('\n');
}

function typeOf(description: string): PathType {
  if (/^regular( empty)? file$/.test(description)) return 'file';
  if (description === 'directory') return 'directory';
  if (description === 'symbolic link') return 'link';
  return 'other';
}

/** Parses the output of statCommand. */
export function parseStat(output: string): PathStat {
  const mark = output.indexOf(`\n${CONTENT_MARK}\n`);
  const head = mark >= 0 ? output.slice(0, mark) : output;
  const stat: PathStat = { type: 'absent', umask: 0o022 };
  if (mark >= 0) {
    const body = output.slice(mark + CONTENT_MARK.length + 2);
    stat.content = body.endsWith(CONTENT_END) ? body.slice(0, -CONTENT_END.length) : body;
  }

  for (const line of head.split('\n')) {
    const tab = line.indexOf('\t');
    const [key, value] = [line.slice(0, tab), line.slice(tab + 1)];
    if (key === 'umask') stat.umask = parseInt(value, 8);
    if (key === 'link') stat.linkTarget = value;
    if (key === 'sha1') stat.sha1 = value;
    if (key !== 'stat' || value === 'absent') continue;

    const [description, mode, uid, gid, user, group, size, nlink] = value.split('|');
    Object.assign(stat, {
      type: typeOf(description),
      mode: parseInt(mode, 8),
      uid: Number(uid),
      gid: Number(gid),
      user,
      group,
      size: Number(size),
      nlink: Number(nlink),
    });
  }
  return stat;
}

/**
 * Runs a command and, when it succeeds, reads the path with statCommand in
 * the same round trip, so that a result can report the path as the command
 * left it. Raises CommandFailedError naming only the command.
 */
export async function runThenStat(conn: Connection, command: string, path: string, options: StatOptions = {}): Promise<PathStat> {
  const result = await conn.exec(`{ ${command}\n} || exit\n${statCommand(path, options)}`);
  if (result.exitCode !== 0) throw new CommandFailedError(command, result);
  return parseStat(result.stdout);
}
