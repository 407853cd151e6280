/**
 * lineinfile: makes sure a line is in a file, replaces the line that a
 * regular expression or a literal string finds, or removes the lines found,
 * with the arguments and outcomes of Ansible's ansible.builtin.lineinfile.
 * One remote command reads the file with its mode, owner and group, a pure
 * function edits the lines (./lineinfile/line-edit.ts), and the new content
 * replaces the file in one rename.
 */
import { posix } from 'node:path';
import { quote } from '../connection/quote.js';
import { WriteFailedError, writeFileAtomic } from './files/atomic-write.js';
import { ATTRIBUTES_CHANGED } from './files/attributes.js';
import { fileDiff } from './files/diff.js';
import { checkMode, chmodArgument, formatMode, resolveMode } from './files/mode.js';
import { editLines, type InsertPoint, type LineEdit, type LineFinder, type LineRequest } from './lineinfile/line-edit.js';
import { compilePythonRegExp } from './lineinfile/python-regexp.js';
import { failure, unchanged, unchangedWithoutMessage, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runArgv, runChecked } from './remote.js';

export interface LineInFileArgs {
  /** The file to edit; `dest`, `destfile` and `name` are its aliases. */
  path?: string;
  dest?: string;
  destfile?: string;
  name?: string;
  /** The line to insert, or to put in place of the found line (alias `value`). */
  line?: string;
  value?: string;
  /** A Python regular expression searched in each line (alias `regex`). */
  regexp?: string;
  regex?: string;
  /** A literal string searched in each line. */
  search_string?: string;
  state?: 'present' | 'absent';
  /** `EOF` or a regular expression: insert after its last match. */
  insertafter?: string;
  /** `BOF` or a regular expression: insert before its last match. */
  insertbefore?: string;
  /** Use the first match of regexp, insertafter or insertbefore, not the last. */
  firstmatch?: boolean;
  /** Create the file (and its folder) when it is missing. */
  create?: boolean;
  /** Expand `\1` and `\g<name>` in line from the regexp's groups; no match, no change. */
  backrefs?: boolean;
  /** Keep a timestamped copy of the old file beside it. */
  backup?: boolean;
  /** Octal (`0644`, or the number a YAML 0644 becomes) or symbolic (`u=rw,g=r`). */
  mode?: string | number;
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
    ...{ line: text, value: text, regexp: text, regex: text, search_string: text },
    state: { enum: ['present', 'absent'] },
    ...{ insertafter: text, insertbefore: text },
    ...{ firstmatch: flag, create: flag, backrefs: flag, backup: flag },
    mode: { anyOf: [{ type: 'integer', minimum: 0, maximum: 0o7777 }, { type: 'string', minLength: 1 }] },
    ...{ owner: path, group: path },
  },
};

// ---- Arguments ----

function compileArgument(name: string, source: string): RegExp | string {
  try {
    return compilePythonRegExp(source);
  } catch (error) {
    return `${name} ${JSON.stringify(source)} is not a valid regular expression: ${(error as Error).message}`;
  }
}

function finderOf(args: LineInFileArgs): LineFinder | string {
  const source = args.regexp ?? args.regex;
  if (source !== undefined && args.search_string !== undefined) return 'regexp and search_string are mutually exclusive';
  if (args.search_string !== undefined) return { kind: 'string', text: args.search_string };
  if (source === undefined) return { kind: 'line' };
  const pattern = compileArgument('regexp', source);
  return typeof pattern === 'string' ? pattern : { kind: 'regexp', pattern, source };
}

function insertPointOf(args: LineInFileArgs): InsertPoint | string {
  const { insertafter, insertbefore } = args;
  if (insertafter !== undefined && insertbefore !== undefined) return 'insertafter and insertbefore are mutually exclusive';
  if (insertbefore === 'BOF' || insertafter === 'BOF') return { at: 'BOF' };
  if (insertbefore === undefined && (insertafter === undefined || insertafter === 'EOF')) return { at: 'EOF' };

  const at = insertafter !== undefined ? 'after' : 'before';
  const pattern = compileArgument(`insert${at}`, (insertafter ?? insertbefore) as string);
  return typeof pattern === 'string' ? pattern : { at, pattern };
}

/** Builds the edit request, or names the argument combination Ansible rejects. */
export function parseLineRequest(args: LineInFileArgs): LineRequest | string {
  const modeProblem = args.mode === undefined ? undefined : checkMode(args.mode);
  if (modeProblem) return modeProblem;
  const find = finderOf(args);
  if (typeof find === 'string') return find;
  const line = args.line ?? args.value;
  if (args.state === 'absent') {
    if (find.kind === 'line' && line === undefined) return 'state absent needs one of regexp, search_string or line';
    return { state: 'absent', find, line };
  }

  if (line === undefined) return 'line is required with state present';
  if (args.backrefs && find.kind !== 'regexp') return 'backrefs needs regexp (and cannot be used with search_string)';
  const insert = insertPointOf(args);
  if (typeof insert === 'string') return insert;
  const options = { firstMatch: Boolean(args.firstmatch), backrefs: Boolean(args.backrefs) };
  return { state: 'present', find, line, insert, ...options };
}

// ---- Reading and writing the host's file ----

interface FileState {
  kind: 'file' | 'directory' | 'absent';
  content: string;
  /** The file's permission bits; undefined for a missing file. */
  mode?: number;
  umask: number;
  /** [uid, user name] and [gid, group name], so either form compares equal. */
  owner: string[];
  group: string[];
}

/** Reads everything in one command: a header line, then the content. */
export function readCommand(file: string): string {
  const p = quote(file);
  return [
    `if [ -d ${p} ]; then printf 'directory %s\\n' "$(umask)"`,
    `elif [ -e ${p} ]; then s=$(stat -L -c '%a %u %U %g %G' -- ${p}) && printf 'file %s %s\\n' "$(umask)" "$s" && cat -- ${p}`,
    `else printf 'absent %s\\n' "$(umask)"; fi`,
  ].join('; ');
}

export function parseReadOutput(output: string): FileState {
  const newline = output.indexOf('\n');
  const [kind, umaskText, mode, uid, user, gid, group] = output.slice(0, newline).split(' ');
  const umask = parseInt(umaskText, 8);
  const content = kind === 'file' ? output.slice(newline + 1) : '';
  const bits = kind === 'file' ? parseInt(mode, 8) : undefined;
  return { kind: kind as FileState['kind'], content, mode: bits, umask, owner: [uid, user], group: [gid, group] };
}

interface Metadata {
  /** The mode to set as chmod's argument, when it differs from the file's. */
  mode?: string;
  owner?: string;
  group?: string;
  changes: string[];
}

/** Lists the mode, owner and group that differ from the requested ones. */
function metadataChanges(args: LineInFileArgs, file: FileState): Metadata {
  const metadata: Metadata = { changes: [] };
  const mode = args.mode === undefined ? undefined : resolveMode(args.mode, file.mode, false, file.umask);
  if (mode !== undefined && mode !== file.mode) {
    metadata.mode = chmodArgument(mode);
    if (file.mode !== undefined) metadata.changes.push(`mode ${formatMode(file.mode)} -> ${formatMode(mode)}`);
  }
  if (args.owner !== undefined && !file.owner.includes(args.owner)) {
    metadata.owner = args.owner;
    if (file.kind !== 'absent') metadata.changes.push(`owner ${file.owner[1]} -> ${args.owner}`);
  }
  if (args.group !== undefined && !file.group.includes(args.group)) {
    metadata.group = args.group;
    if (file.kind !== 'absent') metadata.changes.push(`group ${file.group[1]} -> ${args.group}`);
  }
  return metadata;
}

/** Sets mode, owner and group on a file whose content stays. */
async function fixMetadata(ctx: ModuleContext, file: string, metadata: Metadata): Promise<void> {
  if (metadata.mode) await runArgv(ctx.conn, ['chmod', metadata.mode, '--', file]);
  if (metadata.owner) await runArgv(ctx.conn, ['chown', '--', metadata.owner, file]);
  if (metadata.group) await runArgv(ctx.conn, ['chgrp', '--', metadata.group, file]);
}

/** Writes the new content in one rename; returns the backup's path, if one was made. */
async function writeContent(
  ctx: ModuleContext,
  file: string,
  state: FileState,
  edit: LineEdit,
  args: LineInFileArgs,
  metadata: Metadata,
): Promise<string | undefined> {
  if (state.kind === 'absent') await runArgv(ctx.conn, ['mkdir', '-p', '--', posix.dirname(file)]);
  const options = { mode: metadata.mode, owner: args.owner, group: args.group, backup: args.backup };
  const written = await writeFileAtomic(ctx.conn, file, edit.content, options);
  return written.backupFile;
}

// ---- The module ----

/** Decides the edit, or returns the result when the file's kind settles the task. */
function decide(file: string, state: FileState, request: LineRequest, create: boolean): LineEdit | ModuleResult {
  if (state.kind === 'directory') return failure(`lineinfile ${file}: the path is a directory, expected a file`);
  if (state.kind === 'absent' && request.state === 'absent') {
    return unchanged('file not present', { backup: '' });
  }
  if (state.kind === 'absent' && !create) {
    return failure(`lineinfile ${file}: the file does not exist; set create: true to create it`);
  }
  try {
    return editLines(state.content, request);
  } catch (error) {
    return failure(`lineinfile ${file}: line: ${(error as Error).message}`);
  }
}

/** Builds Ansible's msg: `line added`, `line replaced and ownership, ...`. */
function changeMessage(edit: LineEdit, metadata: Metadata): string {
  const parts = [...(edit.changed ? [edit.reason] : []), ...(metadata.mode || metadata.owner || metadata.group ? [ATTRIBUTES_CHANGED] : [])];
  return parts.join(' and ');
}

function isEdit(value: LineEdit | ModuleResult): value is LineEdit {
  return typeof value.content === 'string' && typeof value.reason === 'string';
}

async function run(args: LineInFileArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const file = (args.path ?? args.dest ?? args.destfile ?? args.name) as string;
  const request = parseLineRequest(args);
  if (typeof request === 'string') return failure(`lineinfile ${file}: ${request}`);

  const state = parseReadOutput(await runChecked(ctx.conn, readCommand(file)));
  const edit = decide(file, state, request, Boolean(args.create));
  if (!isEdit(edit)) return edit;
  const metadata = metadataChanges(args, state);
  // Ansible's msg is empty when nothing changes, so the reason is for the result line only.
  if (!edit.changed && metadata.changes.length === 0) return unchangedWithoutMessage(`${file}: ${edit.reason}`, { backup: '' });

  const result: ModuleResult = { changed: true, msg: changeMessage(edit, metadata), backup: '' };
  if (ctx.flags.diff && edit.changed) result.diff = fileDiff(file, state.content, edit.content);
  if (ctx.flags.check) return result;

  try {
    if (!edit.changed) await fixMetadata(ctx, file, metadata);
    else result.backup = (await writeContent(ctx, file, state, edit, args, metadata)) ?? '';
  } catch (error) {
    if (error instanceof WriteFailedError) return failure(error.message, { backup: '' });
    throw error;
  }
  return result;
}

const lineinfile: ModuleDefinition<LineInFileArgs> = {
  name: 'lineinfile',
  aliases: ['ansible.builtin.lineinfile', 'ansible.legacy.lineinfile'],
  schema,
  idempotent: true,
  run,
};

export default lineinfile;
