/**
 * copy: puts a file on the host from inline `content` or from a file `src`
 * on the controller, as Ansible's copy module does. The content may be
 * binary. It compares SHA-1 checksums first, so an unchanged file costs one
 * round trip, and writes with one rename, so a reader never sees a
 * part-written file.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { splitShellWords } from './command.js';
import { WriteFailedError, writeFileAtomic } from './files/atomic-write.js';
import { attributeChanges, attributeCommands, hasChanges, type AttributeChanges } from './files/attributes.js';
import { fileDiff } from './files/diff.js';
import { readFileBytes } from './files/read-file.js';
import { checkMode, chmodArgument, formatMode, type ModeArgument } from './files/mode.js';
import { pathInfo } from './files/path-info.js';
import { parseStat, runThenStat, statCommand, type PathStat } from './files/path-stat.js';
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { CommandFailedError, runChecked } from './remote.js';

export interface CopyArgs {
  dest: string;
  content?: string;
  /** A file on the controller, relative to the role's files/ or the playbook's folder. */
  src?: string;
  /** Octal, symbolic, or `preserve` (the mode of `src`). */
  mode?: ModeArgument;
  owner?: string;
  group?: string;
  backup?: boolean;
  /** Replaces a file whose content differs (default true); false only creates. */
  force?: boolean;
  /** A command run on the new file before it replaces the old; `%s` is its path. */
  validate?: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['dest'],
  properties: {
    dest: { type: 'string', minLength: 1 },
    content: { type: 'string' },
    src: { type: 'string', minLength: 1 },
    mode: { type: ['string', 'integer'] },
    owner: { type: 'string', minLength: 1 },
    group: { type: 'string', minLength: 1 },
    backup: { type: 'boolean' },
    force: { type: 'boolean' },
    validate: { type: 'string', pattern: '%s' },
  },
  oneOf: [{ required: ['content'] }, { required: ['src'] }],
};

/** Diffs are shown for text files up to this size. */
const DIFF_LIMIT = 256 * 1024;

interface Source {
  bytes: Buffer;
  /** The controller path, for `src`. */
  file?: string;
  /** The source file's bits, for `mode: preserve`. */
  mode?: number;
}

/** Candidate controller paths for a relative `src`, in Ansible's search order. */
export function sourceCandidates(src: string, vars: Record<string, unknown>): string[] {
  if (path.isAbsolute(src)) return [src];
  const folders = [vars.role_path, vars.playbook_dir].filter((v): v is string => typeof v === 'string');
  const candidates = folders.flatMap((folder) => [path.join(folder, 'files', src), path.join(folder, src)]);
  return [...candidates, path.resolve(src)];
}

async function loadSource(args: CopyArgs, vars: Record<string, unknown>): Promise<Source | string> {
  if (args.content !== undefined) return { bytes: Buffer.from(args.content, 'utf8') };
  const candidates = sourceCandidates(args.src!, vars);
  for (const file of candidates) {
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) return `src ${file} is a folder; copying folders is not supported yet, copy each file`;
    return { bytes: await readFile(file), file, mode: info.mode & 0o7777 };
  }
  return `src ${args.src} not found on the controller (looked in ${candidates.join(', ')})`;
}

function isText(bytes: Buffer): boolean {
  return bytes.length <= DIFF_LIMIT && !bytes.includes(0) && isUtf8(bytes);
}

async function statPath(ctx: ModuleContext, dest: string): Promise<PathStat> {
  const contentLimit = ctx.flags.diff ? DIFF_LIMIT : undefined;
  return parseStat(await runChecked(ctx.conn, statCommand(dest, { follow: true, checksum: true, contentLimit })));
}

/** Finds the destination file: in a folder `dest` (or one ending in `/`), src's base name. */
async function destination(args: CopyArgs, ctx: ModuleContext): Promise<{ dest: string; stat: PathStat } | string> {
  const named = args.dest.endsWith('/');
  if (named && args.src === undefined) return `dest ${args.dest} is a folder, which content cannot be copied to`;
  const first = named ? undefined : await statPath(ctx, args.dest);
  if (first && first.type !== 'directory') return { dest: args.dest, stat: first };
  if (args.src === undefined) return `dest ${args.dest} is a folder, which content cannot be copied to`;

  const dest = path.posix.join(args.dest, path.basename(args.src));
  return { dest, stat: await statPath(ctx, dest) };
}

export type CopyPlan =
  | { action: 'none'; reason: string }
  | { action: 'write'; reason: string; attributes: AttributeChanges }
  | { action: 'attributes'; reason: string; attributes: AttributeChanges };

/**
 * Decides from the source checksum and the destination's state, or from
 * the destination's bytes where the host has no sha1sum.
 */
export function planCopy(args: CopyArgs, source: Source, stat: PathStat, dest: string, currentBytes?: Buffer): CopyPlan {
  const mode = args.mode === 'preserve' ? source.mode : args.mode;
  const attributes = attributeChanges(stat, { mode, owner: args.owner, group: args.group }, false);
  if (stat.type === 'absent') return { action: 'write', reason: `created ${dest}`, attributes };
  if (args.force === false) return { action: 'none', reason: `${dest} exists and force is false` };

  const sha1 = createHash('sha1').update(source.bytes).digest('hex');
  const same = stat.sha1 !== undefined ? stat.sha1 === sha1 : currentBytes?.equals(source.bytes) === true;
  if (!same) return { action: 'write', reason: `replaced the content of ${dest}`, attributes };
  if (hasChanges(attributes)) return { action: 'attributes', reason: `${dest}: ${attributes.descriptions.join(', ')}`, attributes };

  const checked = ['content', args.mode !== undefined && 'mode', args.owner && 'owner', args.group && 'group'];
  return { action: 'none', reason: `${dest} has the same ${checked.filter(Boolean).join(', ')}` };
}

/** Applies the plan; returns the backup's path and the destination as the change left it. */
async function apply(
  ctx: ModuleContext,
  args: CopyArgs,
  dest: string,
  source: Source,
  plan: Exclude<CopyPlan, { action: 'none' }>,
): Promise<{ backup?: string; after: PathStat }> {
  if (plan.action === 'attributes') {
    return { after: await runThenStat(ctx.conn, attributeCommands(dest, plan.attributes).join(' && '), dest) };
  }
  const changes = plan.attributes;
  const written = await writeFileAtomic(ctx.conn, dest, source.bytes, {
    mode: changes.mode === undefined ? undefined : chmodArgument(changes.mode),
    owner: changes.owner,
    group: changes.group,
    backup: args.backup,
    validate: args.validate === undefined ? undefined : splitShellWords(args.validate),
    statAfter: true,
  });
  return { backup: written.backupFile, after: written.stat! };
}

/**
 * Returns the keys Ansible's copy returns: on a change, dest, the source's
 * md5sum and checksum and the path's own keys. Unchanged, Ansible's copy
 * hands over to the file module, so the result names the path twice, as
 * dest and path, and has no md5sum.
 * NOTE: Ansible also returns src, the path of its temporary upload on the
 * host, which skprun does not make; skprun's src is the controller file.
 */
function copyKeys(source: Source, dest: string, changed: boolean): Record<string, unknown> {
  const checksum = createHash('sha1').update(source.bytes).digest('hex');
  const keys: Record<string, unknown> = { dest, checksum, size: source.bytes.length, ...(source.file ? { src: source.file } : {}) };
  if (!changed) return { ...keys, path: dest };
  return { ...keys, md5sum: createHash('md5').update(source.bytes).digest('hex') };
}

async function run(args: CopyArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const badMode = args.mode !== undefined && args.mode !== 'preserve' ? checkMode(args.mode) : undefined;
  if (badMode) return failure(`copy: ${badMode}`);
  const source = await loadSource(args, ctx.vars);
  if (typeof source === 'string') return failure(`copy: ${source}`);
  const target = await destination(args, ctx);
  if (typeof target === 'string') return failure(`copy: ${target}`);

  const { dest, stat: current } = target;
  if (current.type === 'directory' || current.type === 'other') return failure(`copy: ${dest} exists and is not a regular file`);
  // Without sha1sum on the host, the bytes themselves are compared.
  const currentBytes = current.type === 'file' && current.sha1 === undefined ? await readFileBytes(ctx.conn, dest) : undefined;
  const plan = planCopy(args, source, current, dest, currentBytes);
  // NOTE: the destination was read through a symlink, so for a dest that is
  // a link the unchanged and check-mode results describe the link's target.
  if (plan.action === 'none') return unchanged(plan.reason, { ...copyKeys(source, dest, false), ...pathInfo(current) });

  const result: ModuleResult = { changed: true, msg: plan.reason, ...copyKeys(source, dest, true), ...pathInfo(current) };
  if (plan.attributes.mode !== undefined) result.mode = formatMode(plan.attributes.mode);
  if (ctx.flags.diff && plan.action === 'write' && isText(source.bytes) && (current.type === 'absent' || current.content !== undefined)) {
    result.diff = fileDiff(dest, current.content ?? '', source.bytes.toString('utf8'));
  }
  if (ctx.flags.check) return result;

  try {
    const { backup, after } = await apply(ctx, args, dest, source, plan);
    Object.assign(result, pathInfo(after));
    if (backup) result.backup_file = backup;
  } catch (error) {
    if (error instanceof WriteFailedError || error instanceof CommandFailedError) return failure(error.message, { dest });
    throw error;
  }
  return result;
}

const copy: ModuleDefinition<CopyArgs> = {
  name: 'copy',
  aliases: ['ansible.builtin.copy', 'ansible.legacy.copy'],
  schema,
  idempotent: true,
  run,
};

export default copy;
