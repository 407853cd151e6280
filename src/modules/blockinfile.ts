/**
 * blockinfile: inserts, updates or removes a block of lines between two
 * marker lines, with the arguments and outcomes of Ansible's
 * ansible.builtin.blockinfile. One command reads the file with its mode
 * and owner, a pure function edits the text (./files/block-edit.ts), and
 * the new content replaces the file in one rename.
 */
import { posix } from 'node:path';
import { splitShellWords } from './command.js';
import { WriteFailedError, writeFileAtomic } from './files/atomic-write.js';
import { ATTRIBUTES_CHANGED, attributeChanges, attributeCommands, hasChanges, type AttributeChanges } from './files/attributes.js';
import { editBlock, type BlockEdit, type BlockInsertPoint, type BlockRequest } from './files/block-edit.js';
import { fileDiff } from './files/diff.js';
import { checkMode, chmodArgument, type ModeArgument } from './files/mode.js';
import { parseStat, statCommand, type PathStat } from './files/path-stat.js';
import { compilePythonRegExp } from './lineinfile/python-regexp.js';
import { failure, unchanged, unchangedWithoutMessage, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { CommandFailedError, runArgv, runChecked } from './remote.js';

export interface BlockInFileArgs {
  /** The file to edit; `dest`, `destfile` and `name` are its aliases. */
  path?: string;
  dest?: string;
  destfile?: string;
  name?: string;
  /** The lines between the markers (alias `content`); empty removes the block. */
  block?: string;
  content?: string;
  state?: 'present' | 'absent';
  /** The marker line, with `{mark}` standing for marker_begin or marker_end. */
  marker?: string;
  marker_begin?: string;
  marker_end?: string;
  /** `EOF` (the default) or a Python regular expression: insert after its last match. */
  insertafter?: string;
  /** `BOF` or a Python regular expression: insert before its last match. */
  insertbefore?: string;
  /** Create the file (and its folder) when it is missing. */
  create?: boolean;
  /** Keep a timestamped copy of the old file beside it. */
  backup?: boolean;
  /** A command run on the new file before it replaces the old; `%s` is its path. */
  validate?: string;
  /** Add a blank line before (or after) an inserted block unless there is one. */
  prepend_newline?: boolean;
  append_newline?: boolean;
  /** Octal (`0644`, or the number a YAML 0644 becomes) or symbolic (`u=rw,g=r`). */
  mode?: ModeArgument;
  owner?: string;
  group?: string;
}

const path = { type: 'string', minLength: 1 };
const text = { type: 'string' };
const flag = { type: 'boolean' };
const schema = {
  type: 'object',
  additionalProperties: false,
  anyOf: ['path', 'dest', 'destfile', 'name'].map((key) => ({ required: [key] })),
  properties: {
    ...{ path, dest: path, destfile: path, name: path },
    ...{ block: text, content: text, state: { enum: ['present', 'absent'] } },
    ...{ marker: text, marker_begin: text, marker_end: text },
    ...{ insertafter: text, insertbefore: text },
    ...{ create: flag, backup: flag, prepend_newline: flag, append_newline: flag },
    validate: { type: 'string', pattern: '%s' },
    mode: { anyOf: [{ type: 'integer', minimum: 0, maximum: 0o7777 }, { type: 'string', minLength: 1 }] },
    ...{ owner: path, group: path },
  },
};

/** Ansible's default marker. */
export const DEFAULT_MARKER = '# {mark} ANSIBLE MANAGED BLOCK';

// ---- Arguments ----

function insertPointOf(args: BlockInFileArgs): BlockInsertPoint | string {
  const { insertafter, insertbefore } = args;
  if (insertafter !== undefined && insertbefore !== undefined) return 'insertafter and insertbefore are mutually exclusive';
  if (insertafter === undefined && insertbefore === undefined) return { at: 'EOF' };
  if (insertafter === 'EOF') return { at: 'EOF' };
  if (insertbefore === 'BOF') return { at: 'BOF' };

  const name = insertafter !== undefined ? 'insertafter' : 'insertbefore';
  const source = (insertafter ?? insertbefore) as string;
  try {
    return { at: insertafter !== undefined ? 'after' : 'before', pattern: compilePythonRegExp(source) };
  } catch (error) {
    return `${name} ${JSON.stringify(source)} is not a valid regular expression: ${(error as Error).message}`;
  }
}

/** Builds the edit request, or returns what is wrong with the arguments. */
export function parseBlockRequest(args: BlockInFileArgs): BlockRequest | string {
  const modeProblem = args.mode === undefined ? undefined : checkMode(args.mode);
  if (modeProblem) return modeProblem;
  if (args.block !== undefined && args.content !== undefined) return 'block and its alias content are mutually exclusive';
  const insert = insertPointOf(args);
  if (typeof insert === 'string') return insert;

  const marker = args.marker ?? DEFAULT_MARKER;
  return {
    present: args.state !== 'absent',
    block: args.block ?? args.content ?? '',
    beginMarker: marker.split('{mark}').join(args.marker_begin ?? 'BEGIN'),
    endMarker: marker.split('{mark}').join(args.marker_end ?? 'END'),
    insert,
    prependNewline: args.prepend_newline ?? false,
    appendNewline: args.append_newline ?? false,
  };
}

// ---- Reading and writing the file ----

/** Reads the file's type, mode, owner and whole content in one command. */
async function readFile(ctx: ModuleContext, file: string): Promise<PathStat> {
  const stat = parseStat(await runChecked(ctx.conn, statCommand(file, { follow: true, contentLimit: Number.MAX_SAFE_INTEGER })));
  if (stat.type === 'file' && stat.content === undefined) throw new Error(`blockinfile ${file}: the read command returned no content`);
  return stat;
}

/** Writes the new content in one rename; returns the backup's path, if one was made. */
async function writeContent(ctx: ModuleContext, file: string, current: PathStat, edit: BlockEdit, args: BlockInFileArgs, changes: AttributeChanges) {
  if (current.type === 'absent') await runArgv(ctx.conn, ['mkdir', '-p', '--', posix.dirname(file)]);
  const written = await writeFileAtomic(ctx.conn, file, edit.content, {
    mode: changes.mode === undefined ? undefined : chmodArgument(changes.mode),
    owner: changes.owner,
    group: changes.group,
    backup: args.backup,
    validate: args.validate === undefined ? undefined : splitShellWords(args.validate),
  });
  return written.backupFile;
}

// ---- The module ----

/** Decides the edit, or returns the result when the file's type settles the task. */
function decide(file: string, current: PathStat, request: BlockRequest, create: boolean): BlockEdit | ModuleResult {
  if (current.type === 'directory') return failure(`blockinfile ${file}: the path is a directory, expected a file`);
  if (current.type === 'other') return failure(`blockinfile ${file}: the path is not a regular file`);
  if (current.type === 'absent' && !create) return failure(`blockinfile ${file}: the file does not exist; set create: true to create it`);
  if (current.type === 'absent' && !request.present) return unchanged(`${file} does not exist, so it has no block to remove`);
  return editBlock(current.type === 'absent' ? undefined : current.content, request);
}

function unchangedReason(file: string, present: boolean): string {
  return present ? `${file} already contains the block between its markers` : `${file} contains no block between its markers`;
}

function isEdit(value: BlockEdit | ModuleResult): value is BlockEdit {
  return !('failed' in value) && typeof value.content === 'string';
}

async function run(args: BlockInFileArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const file = (args.path ?? args.dest ?? args.destfile ?? args.name) as string;
  const request = parseBlockRequest(args);
  if (typeof request === 'string') return failure(`blockinfile ${file}: ${request}`);

  const current = await readFile(ctx, file);
  const edit = decide(file, current, request, Boolean(args.create));
  if (!isEdit(edit)) return edit;
  const changes = attributeChanges(current, { mode: args.mode, owner: args.owner, group: args.group }, false);
  // Ansible's msg is empty when nothing changes, so the reason is for the result line only.
  if (!edit.changed && !hasChanges(changes)) return unchangedWithoutMessage(unchangedReason(file, request.present));

  const messages = [...(edit.changed ? [edit.msg] : []), ...(hasChanges(changes) ? [ATTRIBUTES_CHANGED] : [])];
  const result: ModuleResult = { changed: true, msg: messages.join(' and ') };
  if (ctx.flags.diff && edit.changed) result.diff = fileDiff(file, current.content ?? '', edit.content);
  if (ctx.flags.check) return result;

  try {
    if (edit.changed) {
      const backup = await writeContent(ctx, file, current, edit, args, changes);
      if (backup) result.backup_file = backup;
    } else {
      await runChecked(ctx.conn, attributeCommands(file, changes).join(' && '));
    }
  } catch (error) {
    if (error instanceof WriteFailedError || error instanceof CommandFailedError) return failure(error.message);
    throw error;
  }
  return result;
}

const blockinfile: ModuleDefinition<BlockInFileArgs> = {
  name: 'blockinfile',
  aliases: ['ansible.builtin.blockinfile', 'ansible.legacy.blockinfile'],
  schema,
  idempotent: true,
  run,
};

export default blockinfile;
