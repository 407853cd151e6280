/**
 * file: makes a path a file, a folder, a symlink or nothing, with the
 * given mode, owner and group, as Ansible's file module does. It reads the
 * path with one command, decides in planFile, and applies the plan with
 * one more.
 */
import path from 'node:path';
import { quote, shellJoin } from '../connection/quote.js';
import { attributeChanges, attributeCommands, hasChanges, type WantedAttributes } from './files/attributes.js';
import { checkMode, chmodArgument, resolveMode, type ModeArgument } from './files/mode.js';
import { pathInfo } from './files/path-info.js';
import { parseStat, runThenStat, statCommand, type PathStat } from './files/path-stat.js';
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { CommandFailedError, runChecked } from './remote.js';

export type FileState = 'file' | 'directory' | 'absent' | 'touch' | 'link';

export interface FileArgs {
  path?: string;
  /** Older names of `path`. */
  dest?: string;
  name?: string;
  /** Without a state: the path's current type, or `file` when it is absent. */
  state?: FileState;
  mode?: ModeArgument;
  owner?: string;
  group?: string;
  /** The link's target, for `state: link`. */
  src?: string;
  /** Applies mode, owner and group to everything under a folder. */
  recurse?: boolean;
  /** Makes a link even when src is missing, or over an existing file. */
  force?: boolean;
  /** Acts on what a symlink points to (default true). */
  follow?: boolean;
  /** For touch: `now` (default) or `preserve`. */
  modification_time?: 'now' | 'preserve';
  access_time?: 'now' | 'preserve';
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    path: { type: 'string', minLength: 1 },
    dest: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    state: { enum: ['file', 'directory', 'absent', 'touch', 'link'] },
    mode: { type: ['string', 'integer'] },
    owner: { type: 'string', minLength: 1 },
    group: { type: 'string', minLength: 1 },
    src: { type: 'string', minLength: 1 },
    recurse: { type: 'boolean' },
    force: { type: 'boolean' },
    follow: { type: 'boolean' },
    modification_time: { enum: ['now', 'preserve'] },
    access_time: { enum: ['now', 'preserve'] },
  },
  oneOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
};

export interface FileFacts {
  stat: PathStat;
  /** For links: whether src exists, seen from the link's folder. */
  srcExists?: boolean;
  /** For recurse: the stats of everything under the folder. */
  tree?: PathStat[];
}

export type FilePlan = { commands: string[]; reason: string } | { failure: string };

function wantedAttributes(args: FileArgs): WantedAttributes {
  return { mode: args.mode, owner: args.owner, group: args.group };
}

/** Attribute commands for an existing path, with what they change. */
function attributeStep(target: string, facts: FileFacts, args: FileArgs, isDirectory: boolean, link = false) {
  const changes = attributeChanges(facts.stat, wantedAttributes(args), isDirectory);
  return { commands: hasChanges(changes) ? attributeCommands(target, changes, { link }) : [], descriptions: changes.descriptions };
}

/** Recursive chmod and chown when anything under the folder differs. */
function recurseStep(target: string, args: FileArgs, tree: PathStat[]): string[] {
  const differs = tree.filter((entry) => hasChanges(attributeChanges(entry, wantedAttributes(args), entry.type === 'directory')));
  if (differs.length === 0) return [];
  const commands: string[] = [];
  if (args.owner || args.group) commands.push(shellJoin(['chown', '-R', '--', `${args.owner ?? ''}${args.group ? `:${args.group}` : ''}`, target]));
  if (args.mode !== undefined) {
    // A symbolic mode goes to chmod as written, since it resolves per entry.
    const symbolic = typeof args.mode === 'string' && !/^[0-7]+$/.test(args.mode);
    const spec = symbolic ? String(args.mode) : chmodArgument(resolveMode(args.mode, undefined, false, 0));
    commands.push(shellJoin(['chmod', '-R', '--', spec, target]));
  }
  return commands;
}

function withAttributes(target: string, facts: FileFacts, args: FileArgs, isDirectory: boolean, done: string): FilePlan {
  const step = attributeStep(target, facts, args, isDirectory);
  const recursive = isDirectory && args.recurse && facts.tree ? recurseStep(target, args, facts.tree) : [];
  const commands = [...step.commands, ...recursive];
  if (commands.length === 0) return { commands, reason: done };
  const what = [...step.descriptions, ...(recursive.length > 0 ? ['attributes under it'] : [])].join(', ');
  return { commands, reason: `${target}: ${what}` };
}

function touchCommand(target: string, args: FileArgs): string | undefined {
  const flags = [args.access_time !== 'preserve' && '-a', args.modification_time !== 'preserve' && '-m'].filter((f): f is string => !!f);
  if (flags.length === 0) return undefined;
  return shellJoin(['touch', ...(flags.length === 2 ? [] : flags), '--', target]);
}

function planLink(target: string, args: FileArgs, facts: FileFacts): FilePlan {
  if (args.src === undefined) return { failure: 'src is required for state=link' };
  if (args.mode !== undefined) return { failure: 'mode with state=link is not supported: set it on the target with its own task' };
  const { stat } = facts;
  const link = shellJoin(['ln', '-sfn', '--', args.src, target]);
  const owner = attributeStep(target, { stat }, { owner: args.owner, group: args.group }, false, true);

  if (stat.type === 'link' && stat.linkTarget === args.src) {
    return owner.commands.length === 0 ? { commands: [], reason: `${target} already links to ${args.src}` } : { commands: owner.commands, reason: `${target}: ${owner.descriptions.join(', ')}` };
  }
  if (!facts.srcExists && !args.force) return { failure: `src file ${args.src} does not exist, use force=true if it really should be linked` };
  if (stat.type === 'file' && !args.force) return { failure: `refusing to convert from file to symlink for ${target}` };
  if (stat.type === 'directory' && !args.force) return { failure: `refusing to replace folder ${target} with a symlink` };

  const clear = stat.type === 'directory' ? [shellJoin(['rmdir', '--', target])] : [];
  const chown = args.owner || args.group ? attributeCommands(target, { owner: args.owner, group: args.group, descriptions: [] }, { link: true }) : [];
  const verb = stat.type === 'link' ? `relinked ${target} from ${stat.linkTarget} to` : `linked ${target} to`;
  return { commands: [...clear, link, ...chown], reason: `${verb} ${args.src}` };
}

/** Decides the commands for the wanted state from what the path is now. */
export function planFile(args: FileArgs, target: string, facts: FileFacts): FilePlan {
  const { stat } = facts;
  const current: FileState = stat.type === 'directory' || stat.type === 'link' ? stat.type : 'file';
  const state = args.state ?? current;
  if (args.recurse && state !== 'directory') return { failure: 'recurse needs state=directory' };

  if (state === 'absent') {
    if (stat.type === 'absent') return { commands: [], reason: `${target} is absent` };
    return { commands: [shellJoin(['rm', '-rf', '--', target])], reason: `removed ${target}` };
  }
  if (state === 'link') return planLink(target, args, facts);

  if (state === 'directory') {
    if (stat.type === 'absent') {
      const created = attributeStep(target, facts, args, true);
      return { commands: [shellJoin(['mkdir', '-p', '--', target]), ...created.commands], reason: `created folder ${target}` };
    }
    if (stat.type !== 'directory') return { failure: `${target} already exists as a ${stat.type}, not a folder` };
    return withAttributes(target, facts, args, true, `${target} is a folder with the requested attributes`);
  }

  if (state === 'touch') {
    const touch = touchCommand(target, args);
    if (stat.type === 'absent') {
      const created = attributeStep(target, facts, args, false);
      return { commands: [shellJoin(['touch', '--', target]), ...created.commands], reason: `created ${target}` };
    }
    const plan = withAttributes(target, facts, args, stat.type === 'directory', `${target} exists`);
    if ('failure' in plan || !touch) return plan;
    return { commands: [touch, ...plan.commands], reason: plan.commands.length > 0 ? `touched ${plan.reason}` : `touched ${target}` };
  }

  if (stat.type === 'absent') return { failure: `file (${target}) is absent, cannot continue` };
  if (stat.type === 'directory') return { failure: `file (${target}) is a directory, cannot continue` };
  return withAttributes(target, facts, args, false, `${target} exists with the requested attributes`);
}

// ---- reading ----

const TREE_FORMAT = '%F|%a|%u|%g|%U|%G|%s|%h';

/** Lists everything under a folder except symlinks, which chmod -R skips. */
function treeCommand(target: string): string {
  return `find ${quote(target)} -mindepth 1 ! -type l -exec stat -c '${TREE_FORMAT}' {} +`;
}

function parseTree(output: string, umask: number): PathStat[] {
  return output.split('\n').filter((l) => l !== '').map((line) => ({ ...parseStat(`stat\t${line}`), umask }));
}

/** Whether the task acts on what a symlink points to rather than on the link. */
function followsLinks(args: FileArgs): boolean {
  return args.state !== 'link' && args.state !== 'absent' && args.follow !== false;
}

async function readFacts(ctx: ModuleContext, target: string, args: FileArgs): Promise<FileFacts> {
  const stat = parseStat(await runChecked(ctx.conn, statCommand(target, { follow: followsLinks(args) })));
  const facts: FileFacts = { stat };
  if (args.state === 'link' && args.src !== undefined) {
    const check = `cd -- ${quote(path.posix.dirname(target))} 2>/dev/null && [ -e ${quote(args.src)} ]`;
    facts.srcExists = (await ctx.conn.exec(check)).exitCode === 0;
  }
  if (args.recurse && stat.type === 'directory' && (args.mode !== undefined || args.owner || args.group)) {
    facts.tree = parseTree(await runChecked(ctx.conn, treeCommand(target)), stat.umask);
  }
  return facts;
}

/**
 * The keys Ansible's file module returns besides the path's own: it names
 * the path `dest` for touch and link, and `path` for the other states.
 */
function resultKeys(args: FileArgs, target: string): Record<string, unknown> {
  if (args.state === 'link') return { dest: target, src: args.src };
  if (args.state === 'touch') return { dest: target };
  if (args.state === 'absent') return { path: target, state: 'absent' };
  return { path: target };
}

async function run(args: FileArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const target = args.path ?? args.dest ?? args.name;
  if (!target) return failure('file: path is required');
  const badMode = args.mode !== undefined ? checkMode(args.mode) : undefined;
  if (badMode) return failure(`file: ${badMode}`);

  const facts = await readFacts(ctx, target, args);
  const plan = planFile(args, target, facts);
  if ('failure' in plan) return failure(plan.failure, { path: target });
  const keys = resultKeys(args, target);
  // In check mode, as when nothing changes, the path is reported as it is now.
  if (plan.commands.length === 0) return unchanged(plan.reason, { ...keys, ...pathInfo(facts.stat) });
  if (ctx.flags.check) return { changed: true, msg: plan.reason, ...keys, ...pathInfo(facts.stat) };

  let after: PathStat;
  try {
    after = await runThenStat(ctx.conn, plan.commands.join(' && '), target, { follow: followsLinks(args) });
  } catch (error) {
    if (error instanceof CommandFailedError) return failure(error.message, keys);
    throw error;
  }
  return { changed: true, msg: plan.reason, ...keys, ...pathInfo(after) };
}

const file: ModuleDefinition<FileArgs> = {
  name: 'file',
  aliases: ['ansible.builtin.file', 'ansible.legacy.file'],
  schema,
  idempotent: true,
  run,
};

export default file;
