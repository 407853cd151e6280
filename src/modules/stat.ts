/**
 * stat: returns facts about a path in `stat`, as Ansible's stat module
 * does: whether it exists, its type, mode, owner, size, times, a checksum
 * of a regular file, its MIME type and attributes. It reads with one
 * command (./files/stat-report.ts) and changes nothing.
 */
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runChecked } from './remote.js';
import {
  parseStatReport,
  statReportCommand,
  StatReportError,
  type ChecksumAlgorithm,
  type StatReport,
  type StatReportOptions,
} from './files/stat-report.js';

export interface StatArgs {
  /** The path to report on; `dest` and `name` are its aliases. */
  path?: string;
  dest?: string;
  name?: string;
  /** Reports on a symlink's target rather than the link (default false). */
  follow?: boolean;
  /** Returns `checksum` for a readable regular file (default true). */
  get_checksum?: boolean;
  /** The checksum's algorithm (default sha1); `checksum` and `checksum_algo` are aliases. */
  checksum_algorithm?: ChecksumAlgorithm;
  checksum?: ChecksumAlgorithm;
  checksum_algo?: ChecksumAlgorithm;
  /** Returns `mimetype` and `charset` from `file` (default true); with aliases. */
  get_mime?: boolean;
  mime?: boolean;
  mime_type?: boolean;
  'mime-type'?: boolean;
  /** Returns `attributes`, `attr_flags` and `version` from `lsattr` (default true). */
  get_attributes?: boolean;
  attr?: boolean;
  attributes?: boolean;
}

const path = { type: 'string', minLength: 1 };
const flag = { type: 'boolean' };
const algorithm = { enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] };
const schema = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
  properties: {
    ...{ path, dest: path, name: path },
    ...{ follow: flag, get_checksum: flag },
    ...{ checksum_algorithm: algorithm, checksum: algorithm, checksum_algo: algorithm },
    ...{ get_mime: flag, mime: flag, mime_type: flag, 'mime-type': flag },
    ...{ get_attributes: flag, attr: flag, attributes: flag },
  },
};

/** Returns the first of several alias arguments that is set. */
function firstSet<T>(...values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

export function reportOptions(args: StatArgs): StatReportOptions {
  const algorithm = firstSet(args.checksum_algorithm, args.checksum, args.checksum_algo) ?? 'sha1';
  return {
    follow: args.follow ?? false,
    checksum: args.get_checksum === false ? undefined : algorithm,
    mime: firstSet(args.get_mime, args.mime, args.mime_type, args['mime-type']) ?? true,
    attributes: firstSet(args.get_attributes, args.attr, args.attributes) ?? true,
  };
}

function typeName(report: StatReport): string {
  if (report.isreg) return 'a regular file';
  if (report.isdir) return 'a folder';
  if (report.islnk) return `a symlink to ${String(report.lnk_target)}`;
  if (report.isfifo) return 'a FIFO';
  if (report.issock) return 'a socket';
  return report.isblk ? 'a block device' : 'a character device';
}

/** Describes the path in one result line: its type, mode and owner. */
export function describeReport(path: string, report: StatReport): string {
  if (!report.exists) return `${path} does not exist`;
  const owner = `${String(report.pw_name ?? report.uid)}:${String(report.gr_name ?? report.gid)}`;
  return `${path} is ${typeName(report)}, mode ${String(report.mode)}, owned by ${owner}`;
}

async function run(args: StatArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const target = (args.path ?? args.dest ?? args.name) as string;
  const options = reportOptions(args);
  let report: StatReport;
  try {
    report = parseStatReport(target, await runChecked(ctx.conn, statReportCommand(target, options)), options);
  } catch (error) {
    if (error instanceof StatReportError) return failure(`stat ${target}: ${error.message}`);
    throw error;
  }
  return unchanged(describeReport(target, report), { stat: report });
}

const stat: ModuleDefinition<StatArgs> = {
  name: 'stat',
  aliases: ['ansible.builtin.stat', 'ansible.legacy.stat'],
  schema,
  idempotent: true,
  run,
};

export default stat;
