/**
 * Everything Ansible's stat module returns about a path, read with one
 * command: GNU stat with a format string, the access tests, a symlink's
 * target, a checksum, the MIME type (`file`) and the attributes (`lsattr`).
 * The parser turns the output into the `stat` dictionary, keyed and typed
 * as Ansible's.
 */
import { quote } from '../../connection/quote.js';

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface StatReportOptions {
  /** Reports on what a symlink points to rather than on the link. */
  follow: boolean;
  /** The algorithm of `checksum`, or undefined for no checksum. */
  checksum?: ChecksumAlgorithm;
  mime: boolean;
  attributes: boolean;
}

/** The `stat` dictionary, as Ansible's stat module returns it. */
export type StatReport = Record<string, unknown> & { exists: boolean };

/**
 * Raw mode in hex, ids and names, size, inode, device, links, the three
 * times with nanoseconds, blocks, the I/O block size, and a device's
 * major and minor numbers in hex.
 */
const FORMAT = '%f|%u|%g|%U|%G|%s|%i|%d|%h|%.9X|%.9Y|%.9Z|%b|%o|%t|%T';

/** Quotes the path as one shell word, expanding a leading `~` to $HOME as Ansible does. */
export function pathWord(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"${quote(path.slice(1))}`;
  return quote(path);
}

function checksumSteps(options: StatReportOptions): string[] {
  if (!options.checksum) return [];
  const tool = `${options.checksum}sum`;
  // Only a regular file is hashed; without follow, a link to one is not.
  const regular = options.follow ? '[ -f "$p" ]' : '[ -f "$p" ] && [ ! -L "$p" ]';
  return [
    `  if ${regular} && [ -r "$p" ]; then`,
    `    if command -v ${tool} >/dev/null 2>&1; then printf 'checksum\\t%s\\n' "$(${tool} < "$p" | cut -d ' ' -f 1)"`,
    `    else printf 'missing-tool\\t%s\\n' ${tool}; fi`,
    '  fi',
  ];
}

function optionalSteps(options: StatReportOptions): string[] {
  const steps: string[] = [];
  if (!options.follow) {
    steps.push(
      '  if [ -L "$p" ]; then',
      `    printf 'lnk_target\\t%s\\n' "$(readlink -- "$p")"`,
      `    printf 'lnk_source\\t%s\\n' "$(readlink -m -- "$p")"`,
      '  fi',
    );
  }
  if (options.mime) {
    steps.push(`  if command -v file >/dev/null 2>&1; then printf 'mime\\t%s\\n' "$(file -b --mime-type --mime-encoding -- "$p" 2>/dev/null)"; fi`);
  }
  if (options.attributes) {
    steps.push(`  if command -v lsattr >/dev/null 2>&1 && a=$(lsattr -vd -- "$p" 2>/dev/null); then printf 'lsattr\\t%s\\n' "$a"; fi`);
  }
  return steps;
}

/** Builds the command that prints `key<TAB>value` lines about the path. */
export function statReportCommand(path: string, options: StatReportOptions): string {
  const stat = options.follow ? 'stat -L' : 'stat';
  return [
    `p=${pathWord(path)}`,
    `if s=$(LC_ALL=C ${stat} -c '${FORMAT}' -- "$p" 2>&1); then`,
    `  printf 'stat\\t%s\\n' "$s"`,
    `  for t in r w x; do if [ -$t "$p" ]; then printf 'access\\t%s\\n' $t; fi; done`,
    ...checksumSteps(options),
    ...optionalSteps(options),
    // A missing path is a result, not an error. Any other stat failure is an error.
    `else case $s in *'No such file or directory'*) printf 'stat\\tabsent\\n' ;; *) printf 'error\\t%s\\n' "$s" ;; esac; fi`,
  ].join('\n');
}

/** A failed read: a stat error other than a missing path, or a missing checksum tool. */
export class StatReportError extends Error {}

// prettier-ignore
const FILE_TYPES: Record<number, string> = {
  0o040000: 'isdir', 0o020000: 'ischr', 0o060000: 'isblk', 0o100000: 'isreg',
  0o010000: 'isfifo', 0o120000: 'islnk', 0o140000: 'issock',
};

// prettier-ignore
const PERMISSION_FLAGS: [string, number][] = [
  ['wusr', 0o200], ['rusr', 0o400], ['xusr', 0o100], ['wgrp', 0o020], ['rgrp', 0o040],
  ['xgrp', 0o010], ['woth', 0o002], ['roth', 0o004], ['xoth', 0o001],
  ['isuid', 0o4000], ['isgid', 0o2000],
];

// The flags lsattr prints, by the names Ansible gives them.
// prettier-ignore
const ATTRIBUTE_NAMES: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync',
  e: 'extents', E: 'encrypted', h: 'blocksize', i: 'immutable', I: 'indexed',
  j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail',
  T: 'blockroot', u: 'undelete', X: 'compressedraw', Z: 'compresseddirty',
};

/** glibc's makedev, so that `device_type` is the number Python's st_rdev holds. */
function makeDevice(major: number, minor: number): number {
  const low = (minor & 0xff) | ((major & 0xfff) << 8);
  return low + (minor & ~0xff) * 0x1000 + Math.floor(major / 0x1000) * 2 ** 44;
}

function statFields(path: string, line: string): Record<string, unknown> {
  const [rawMode, uid, gid, user, group, size, inode, dev, nlink, atime, mtime, ctime, blocks, blockSize, major, minor] =
    line.split('|');
  const mode = parseInt(rawMode, 16);
  const fields: Record<string, unknown> = { exists: true, path, mode: (mode & 0o7777).toString(8).padStart(4, '0') };
  for (const [bits, name] of Object.entries(FILE_TYPES)) fields[name] = (mode & 0o170000) === Number(bits);
  Object.assign(fields, {
    ...{ uid: Number(uid), gid: Number(gid), size: Number(size), inode: Number(inode), dev: Number(dev) },
    ...{ nlink: Number(nlink), atime: Number(atime), mtime: Number(mtime), ctime: Number(ctime) },
  });
  for (const [name, bit] of PERMISSION_FLAGS) fields[name] = (mode & bit) !== 0;
  Object.assign(fields, { blocks: Number(blocks), block_size: Number(blockSize) });
  fields.device_type = makeDevice(parseInt(major, 16), parseInt(minor, 16));
  // stat prints UNKNOWN for an id with no name, where Ansible leaves the name out.
  if (user !== 'UNKNOWN') fields.pw_name = user;
  if (group !== 'UNKNOWN') fields.gr_name = group;
  return fields;
}

function mimeFields(value: string | undefined): Record<string, string> {
  const match = value === undefined ? null : /^([^;]+);\s*charset=(\S+)/.exec(value);
  return match ? { mimetype: match[1].trim(), charset: match[2] } : { mimetype: 'unknown', charset: 'unknown' };
}

function attributeFields(value: string | undefined): Record<string, unknown> {
  const [version, flags] = value === undefined ? [] : value.trim().split(/\s+/);
  if (flags === undefined) return { version: null, attributes: [], attr_flags: '' };
  const attrFlags = flags.replace(/-/g, '');
  const attributes = [...attrFlags].filter((flag) => flag in ATTRIBUTE_NAMES).map((flag) => ATTRIBUTE_NAMES[flag]);
  return { version, attributes, attr_flags: attrFlags };
}

function parseLines(output: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const key = line.slice(0, tab);
    values.set(key, [...(values.get(key) ?? []), line.slice(tab + 1)]);
  }
  return values;
}

/** Parses statReportCommand's output; raises StatReportError for a failed stat. */
export function parseStatReport(path: string, output: string, options: StatReportOptions): StatReport {
  const values = parseLines(output);
  const first = (key: string) => values.get(key)?.[0];
  const error = first('error');
  if (error !== undefined) throw new StatReportError(error.replace(/^stat: /, ''));
  const tool = first('missing-tool');
  if (tool !== undefined) throw new StatReportError(`the host has no ${tool} for checksum_algorithm ${options.checksum}`);
  const line = first('stat');
  if (line === undefined) throw new StatReportError(`unexpected output from the stat command: ${JSON.stringify(output.slice(0, 80))}`);
  if (line === 'absent') return { exists: false };

  const report: StatReport = { ...statFields(path, line), exists: true };
  const access = values.get('access') ?? [];
  Object.assign(report, { readable: access.includes('r'), writeable: access.includes('w'), executable: access.includes('x') });
  if (report.islnk) Object.assign(report, { lnk_source: first('lnk_source'), lnk_target: first('lnk_target') });
  if (first('checksum') !== undefined) report.checksum = first('checksum');
  if (options.mime) Object.assign(report, mimeFields(first('mime')));
  if (options.attributes) Object.assign(report, attributeFields(first('lsattr')));
  return report;
}
