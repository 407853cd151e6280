/**
 * Replacing a file on a host in one rename, so that a reader sees either
 * the old content or the new, never a part. It follows a
 * symlinked destination to its target, because a rename over the link
 * would replace the link with a file. A new file gets the mode the login
 * umask allows rather than a fixed 0644. The temporary file stays private
 * until it is complete, and is renamed only when its size and SHA-256
 * match the content sent. A connection that drops part way (Ctrl-C on the
 * controller) ends `cat` with a plain end of input, and that must not put
 * a part of the content in place. A validation command can check it before
 * the rename. An explicit owner and group can be set.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from '../../connection/connection.js';
import { quote, shellJoin } from '../../connection/quote.js';
import { stderrTail } from '../remote.js';
import { parseStat, statCommand, type PathStat } from './path-stat.js';

export interface AtomicWriteOptions {
  /** A chmod mode (`0644`, `u=rw,go=r`); without it the old mode is kept. */
  mode?: string;
  owner?: string;
  group?: string;
  /** Keeps a copy of the old file as `PATH.PID.YYYY-MM-DD@HH:MM:SS~`. */
  backup?: boolean;
  /** An argv run on the new file before it replaces the old; `%s` is its path. */
  validate?: string[];
  /** Reads the path after the rename, in the same command, for the result. */
  statAfter?: boolean;
}

export interface AtomicWriteResult {
  /** The path written: the target of the link when the path was a symlink. */
  path: string;
  backupFile?: string;
  /** The path as the write left it, not following a symlink, with `statAfter`. */
  stat?: PathStat;
}

/** A write that did not happen; the old file, if any, is untouched. */
export class WriteFailedError extends Error {}

/** The size and checksum the temporary file must have before it replaces the old file. */
export interface ExpectedContent {
  size: number;
  /** Hex SHA-256, checked where the host has sha256sum. */
  sha256: string;
}

/** Exit statuses of the script, so that a failure names its step. */
// prettier-ignore
const STEP_EXIT = {
  temp: 90, metadata: 91, validate: 92, backup: 93, rename: 94, size: 95, checksum: 96, signal: 97,
} as const;

/** Returns the size and SHA-256 of the content to be written. */
export function expectedContent(content: string | Buffer): ExpectedContent {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Quotes an argv for the shell with each `%s` standing for the temporary
 * file, whose name only the remote shell has, in `$tmp`.
 */
export function joinWithTempPath(argv: readonly string[]): string {
  return argv
    .map((word) => word.split('%s').map((part) => (part === '' ? '' : quote(part))).join('"$tmp"'))
    .map((word) => (word === '' ? "''" : word))
    .join(' ');
}

function metadataSteps(options: AtomicWriteOptions): string[] {
  const steps = [
    // Copying the old owner fails without privilege, as Ansible's does.
    'if [ -e "$dest" ]; then',
    '  chmod "$(stat -c %a -- "$dest")" "$tmp" || exit ' + STEP_EXIT.metadata,
    '  chown "$(stat -c %u:%g -- "$dest")" "$tmp" 2>/dev/null || true',
    'else',
    '  chmod "$(printf %o $((0666 & ~0$(umask))))" "$tmp" || exit ' + STEP_EXIT.metadata,
    'fi',
  ];
  if (options.mode) steps.push(`chmod ${quote(options.mode)} "$tmp" || exit ${STEP_EXIT.metadata}`);
  if (options.owner) steps.push(`chown ${shellJoin(['--', options.owner])} "$tmp" || exit ${STEP_EXIT.metadata}`);
  if (options.group) steps.push(`chgrp ${shellJoin(['--', options.group])} "$tmp" || exit ${STEP_EXIT.metadata}`);
  return steps;
}

/**
 * Checks that the whole content arrived. The size check needs only `wc`;
 * a host without sha256sum gets the size check alone.
 */
function completenessSteps(expected: ExpectedContent): string[] {
  const size = String(expected.size);
  return [
    `size=$(wc -c < "$tmp") || exit ${STEP_EXIT.temp}`,
    `if [ "$size" -ne ${size} ]; then`,
    `  printf 'received %s of ${size} bytes: the input ended early\\n' "$size" >&2`,
    `  exit ${STEP_EXIT.size}`,
    'fi',
    'if command -v sha256sum >/dev/null 2>&1; then',
    `  [ "$(sha256sum < "$tmp" | cut -d ' ' -f 1)" = ${expected.sha256} ] || exit ${STEP_EXIT.checksum}`,
    'fi',
  ];
}

/**
 * Builds the shell script that writes its standard input over `path`,
 * once the input matches `expected`.
 */
export function buildAtomicWriteScript(
  path: string,
  options: AtomicWriteOptions,
  suffix: string,
  expected: ExpectedContent,
): string {
  const steps = [
    `dest=${quote(path)}`,
    'if [ -L "$dest" ]; then dest=$(readlink -f -- "$dest") || exit ' + STEP_EXIT.temp + '; fi',
    `tmp="$dest.skprun-${suffix}"`,
    // A signal (sshd's hang-up, a broken pipe) exits through the EXIT trap too.
    `trap 'rm -f -- "$tmp"' EXIT`,
    `trap 'exit ${STEP_EXIT.signal}' HUP INT TERM PIPE`,
    `(umask 077 && set -C && cat > "$tmp") || exit ${STEP_EXIT.temp}`,
    ...completenessSteps(expected),
    ...metadataSteps(options),
  ];
  if (options.validate) steps.push(`${joinWithTempPath(options.validate)} || exit ${STEP_EXIT.validate}`);
  if (options.backup) {
    steps.push(
      'if [ -e "$dest" ]; then',
      '  backup="$dest.$$.$(date +%Y-%m-%d@%H:%M:%S)~"',
      `  cp -p -- "$dest" "$backup" || exit ${STEP_EXIT.backup}`,
      `  printf 'backup\\t%s\\n' "$backup"`,
      'fi',
    );
  }
  steps.push(`mv -f -- "$tmp" "$dest" || exit ${STEP_EXIT.rename}`, 'trap - EXIT', `printf 'path\\t%s\\n' "$dest"`);
  if (options.statAfter) steps.push(statCommand(path));
  return steps.join('\n');
}

function describeStep(exitCode: number): string {
  switch (exitCode) {
    case STEP_EXIT.temp:
      return 'could not create the temporary file beside it';
    case STEP_EXIT.metadata:
      return 'could not set mode, owner or group on the new file';
    case STEP_EXIT.validate:
      return 'the validate command rejected the new content';
    case STEP_EXIT.backup:
      return 'could not make the backup copy';
    case STEP_EXIT.rename:
      return 'could not rename the new file into place';
    case STEP_EXIT.size:
      return 'the content did not arrive whole, so the old file was kept';
    case STEP_EXIT.checksum:
      return 'the content arrived with a different SHA-256, so the old file was kept';
    case STEP_EXIT.signal:
      return 'the write script was stopped by a signal, so the old file was kept';
    default:
      return `the write script failed with exit status ${exitCode}`;
  }
}

function parseTaggedLines(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) values.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return values;
}

/**
 * Writes content, text or bytes, over `path` in one rename; raises
 * WriteFailedError.
 */
export async function writeFileAtomic(
  conn: Connection,
  path: string,
  content: string | Buffer,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  const suffix = randomBytes(6).toString('hex');
  const script = buildAtomicWriteScript(path, options, suffix, expectedContent(content));
  const result = await conn.exec(script, { stdin: content });
  if (result.exitCode !== 0) {
    const tail = stderrTail(result.stderr) || stderrTail(result.stdout);
    const detail = tail ? `: ${tail}` : '';
    throw new WriteFailedError(`writing ${path} failed: ${describeStep(result.exitCode)}${detail}`);
  }

  const values = parseTaggedLines(result.stdout);
  const written: AtomicWriteResult = { path: values.get('path') ?? path, backupFile: values.get('backup') };
  if (options.statAfter) written.stat = parseStat(result.stdout);
  return written;
}
