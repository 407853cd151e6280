/**
 * command: runs a program on the host without a shell, as Ansible's
 * command module does. The line splits into words as Python's shlex.split
 * splits it, and free-form options such as `creates=/x` come out of the
 * line. Only `$VAR` and `~` expand from the remote environment, and no
 * other part of the text is interpreted. The shell module shares the runner.
 */
import { randomBytes } from 'node:crypto';
import { quote, shellJoin } from '../connection/quote.js';
import { anyPathMatches } from './files/glob.js';
import { failure, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { formatCommandFailure } from './remote.js';

// ---- words ----

/** Splits words with Python's shlex.split rules (POSIX mode, no comments). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoteChar: '"' | "'" | undefined;

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoteChar === "'") {
      if (char === "'") quoteChar = undefined;
      else word += char;
    } else if (char === '\\' && (quoteChar === undefined || '"\\'.includes(text[i + 1] ?? ''))) {
      if (i + 1 >= text.length) throw new Error('No escaped character: the command ends with a backslash');
      word += text[++i];
      inWord = true;
    } else if (quoteChar === '"') {
      if (char === '"') quoteChar = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quoteChar = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quoteChar) throw new Error(`No closing quotation: unmatched ${quoteChar} in the command`);
  if (inWord) words.push(word);
  return words;
}

/** Options Ansible takes out of a free-form command line (`ls creates=/x`). */
const INLINE_KEYS = [
  'chdir',
  'creates',
  'removes',
  'executable',
  'stdin',
  'stdin_add_newline',
  'strip_empty_ends',
] as const;

export type InlineKey = (typeof INLINE_KEYS)[number];

interface Span {
  start: number;
  end: number;
}

/** Word spans that keep their quotes, as Ansible's split_args yields them. */
function quotedWordSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = -1;
  let quoteChar: string | undefined;
  for (let i = 0; i <= text.length; i++) {
    const char = text[i];
    const atEnd = i === text.length;
    if (!atEnd && quoteChar) {
      if (char === '\\') i++;
      else if (char === quoteChar) quoteChar = undefined;
      continue;
    }
    if (atEnd || /\s/.test(char)) {
      if (start >= 0) spans.push({ start, end: i });
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (char === '"' || char === "'") quoteChar = char;
    else if (char === '\\') i++;
  }
  return spans;
}

/**
 * Takes `key=value` options out of a free-form command, leaving the rest
 * of the text byte for byte, newlines and spacing included.
 */
export function extractInlineOptions(raw: string): { command: string; options: Partial<Record<InlineKey, string>> } {
  const options: Partial<Record<InlineKey, string>> = {};
  let command = raw;
  for (const span of quotedWordSpans(raw).reverse()) {
    const word = raw.slice(span.start, span.end);
    const match = /^([a-z_]+)=(.*)$/s.exec(word);
    if (!match || !(INLINE_KEYS as readonly string[]).includes(match[1])) continue;
    options[match[1] as InlineKey] = splitShellWords(match[2]).join(' ');
    command = command.slice(0, span.start) + command.slice(span.end);
  }
  // With no options taken out, the text stays as written: Ansible's shell
  // result keeps the trailing newline of a block scalar in `cmd`.
  if (Object.keys(options).length === 0) return { command: raw, options };
  return { command: command.trim(), options };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Quotes one argument as a shell word in which `$NAME` and `${NAME}` expand to
 * the remote environment's value and stay as written when unset, as
 * Python's os.path.expandvars leaves them, and a leading `~` or `~user`
 * expands to the home folder. Every other character is quoted.
 */
export function expandingWord(argument: string): string {
  let word = '';
  let rest = argument;
  // The slash stays unquoted too: a quoted one would end the tilde prefix early.
  const tilde = /^~[A-Za-z0-9._-]*(\/|$)/.exec(rest);
  if (tilde) {
    word += tilde[0];
    rest = rest.slice(tilde[0].length);
  }

  let literal = '';
  for (let i = 0; i < rest.length; ) {
    const braced = rest.startsWith('${', i) ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest.slice(i)) : null;
    const bare = !braced && rest[i] === '$' ? NAME.exec(rest.slice(i + 1)) : null;
    if (!braced && !bare) {
      literal += rest[i++];
      continue;
    }
    const name = braced ? braced[1] : bare![0];
    const written = braced ? '\\${' + name + '\\}' : '\\$' + name;
    if (literal !== '') word += quote(literal);
    literal = '';
    word += `"\${${name}-${written}}"`;
    i += braced ? braced[0].length : name.length + 1;
  }
  if (literal !== '') word += quote(literal);
  return word === '' ? "''" : word;
}

// ---- arguments shared with shell ----

export interface CommonCommandArgs {
  /** The free-form command (`command: ls -l`). */
  _raw_params?: string;
  cmd?: string;
  /** Folder to change into first; creates and removes are relative to it. */
  chdir?: string;
  /** A path or glob; when something matches, the command does not run. */
  creates?: string;
  /** A path or glob; unless something matches, the command does not run. */
  removes?: string;
  stdin?: string;
  stdin_add_newline?: boolean;
  strip_empty_ends?: boolean;
}

export const COMMON_PROPERTIES = {
  _raw_params: { type: 'string' },
  cmd: { type: 'string' },
  chdir: { type: 'string', minLength: 1 },
  creates: { type: 'string', minLength: 1 },
  removes: { type: 'string', minLength: 1 },
  stdin: { type: 'string' },
  stdin_add_newline: { type: 'boolean' },
  strip_empty_ends: { type: 'boolean' },
};

const TRUE_WORDS = ['yes', 'on', '1', 'true', 'y', 't'];

/**
 * Merges free-form `key=value` options into the arguments; a key also given
 * as a task argument keeps the task argument's value.
 */
export function resolveFreeForm<A extends CommonCommandArgs>(args: A): { text?: string; args: A } {
  const raw = args._raw_params ?? args.cmd;
  if (raw === undefined) return { args };
  const { command, options } = extractInlineOptions(raw);
  const merged: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const [key, value] of Object.entries(options)) {
    if (merged[key] !== undefined) continue;
    const isFlag = key === 'stdin_add_newline' || key === 'strip_empty_ends';
    merged[key] = isFlag ? TRUE_WORDS.includes(value.toLowerCase()) : value;
  }
  return { text: command, args: merged as A };
}

// ---- the runner ----

export interface CommandRun {
  /** The remote command line that runs the user's command, fully quoted. */
  commandLine: string;
  /** The result's `cmd`: the argv for command, the text for shell. */
  display: string | string[];
  chdir?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  stdinAddNewline: boolean;
  stripEmptyEnds: boolean;
}

type Outcome = 'ran' | 'creates' | 'removes' | 'nochdir' | 'wouldrun';

/** Builds the script that checks chdir, creates and removes, then runs the command unless in check mode. */
export function buildRunScript(run: CommandRun, nonce: string, check: boolean): string {
  const mark = (outcome: Outcome) => `printf '%s\\n' ${quote(`@@${outcome}-${nonce}`)}`;
  const steps: string[] = [];
  if (run.chdir) steps.push(`cd -- ${quote(run.chdir)} 2>/dev/null || { ${mark('nochdir')}; exit 1; }`);
  if (run.creates) steps.push(`if ${anyPathMatches(run.creates)}; then ${mark('creates')}; exit 0; fi`);
  if (run.removes) steps.push(`if ! ${anyPathMatches(run.removes)}; then ${mark('removes')}; exit 0; fi`);
  steps.push(check ? mark('wouldrun') : `exec ${run.commandLine}`);
  return steps.join('\n');
}

function outcomeOf(stdout: string, nonce: string): Outcome {
  // The line end is optional because some connections trim their output.
  const match = /^@@(\w+)-(\w+)\n?$/.exec(stdout);
  return match && match[2] === nonce ? (match[1] as Outcome) : 'ran';
}

/** Local time as Ansible prints `start` and `end`: `2024-05-01 12:00:00.123000`. */
export function formatTimestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${time}.${pad(date.getMilliseconds(), 3)}000`;
}

/** Formats a duration as Python prints a timedelta: `0:00:01.250000`. */
export function formatDelta(ms: number): string {
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = `${String(seconds % 60).padStart(2, '0')}.${String(micros % 1e6).padStart(6, '0')}`;
  return `${hours}:${String(minutes).padStart(2, '0')}:${rest}`;
}

function stripEnds(text: string, strip: boolean): string {
  return strip ? text.replace(/[\r\n]+$/, '') : text;
}

function skippedResult(run: CommandRun, outcome: 'creates' | 'removes'): ModuleResult {
  const because = outcome === 'creates' ? `${run.creates} exists` : `${run.removes} does not exist`;
  const quoted = outcome === 'creates' ? `'${run.creates}' exists` : `'${run.removes}' does not exist`;
  return {
    changed: false,
    msg: `Did not run command since ${quoted}`,
    cmd: run.display,
    rc: 0,
    stdout: `skipped, since ${because}`,
    stdout_lines: [`skipped, since ${because}`],
    stderr: '',
    stderr_lines: [],
  };
}

/** Runs the command on the host and returns Ansible's command result. */
export async function runCommand(run: CommandRun, ctx: ModuleContext): Promise<ModuleResult> {
  const decided = run.creates !== undefined || run.removes !== undefined;
  if (ctx.flags.check && !decided && !run.chdir) {
    return { changed: false, skipped: true, msg: 'Command would have run if not in check mode', cmd: run.display };
  }

  const nonce = randomBytes(6).toString('hex');
  const stdin = run.stdin === undefined ? undefined : run.stdin + (run.stdinAddNewline ? '\n' : '');
  const started = new Date();
  const result = await ctx.conn.exec(buildRunScript(run, nonce, ctx.flags.check), { stdin });
  const ended = new Date();

  const outcome = result.exitCode <= 1 ? outcomeOf(result.stdout, nonce) : 'ran';
  if (outcome === 'nochdir') return failure(`Unable to change directory before execution: ${run.chdir}`, { cmd: run.display });
  if (outcome === 'creates' || outcome === 'removes') return skippedResult(run, outcome);
  if (outcome === 'wouldrun') {
    const msg = 'Command would have run if not in check mode';
    return decided ? { changed: true, msg, cmd: run.display } : { changed: false, skipped: true, msg, cmd: run.display };
  }

  const stdout = stripEnds(result.stdout, run.stripEmptyEnds);
  const stderr = stripEnds(result.stderr, run.stripEmptyEnds);
  const values = {
    cmd: run.display,
    rc: result.exitCode,
    stdout,
    stderr,
    stdout_lines: stdout === '' ? [] : stdout.split(/\r?\n/),
    stderr_lines: stderr === '' ? [] : stderr.split(/\r?\n/),
    start: formatTimestamp(started),
    end: formatTimestamp(ended),
    delta: formatDelta(ended.getTime() - started.getTime()),
  };
  const display = Array.isArray(run.display) ? shellJoin(run.display) : run.display;
  // Ansible reports a command that ran as changed even when it failed, and
  // gives an empty msg on success.
  if (result.exitCode !== 0) return { ...failure(formatCommandFailure(display, result), values), changed: true };
  return { changed: true, msg: '', ...values };
}

// ---- the command module ----

export interface CommandArgs extends CommonCommandArgs {
  argv?: string[];
  /** Expands `$VAR` and `~` in the words from the remote environment (default true). */
  expand_argument_vars?: boolean;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...COMMON_PROPERTIES,
    argv: { type: 'array', items: { type: 'string' }, minItems: 1 },
    expand_argument_vars: { type: 'boolean' },
  },
  not: { anyOf: [{ required: ['argv', 'cmd'] }, { required: ['argv', '_raw_params'] }, { required: ['cmd', '_raw_params'] }] },
};

/** Returns the argv to run, or what is wrong with the arguments. */
export function commandArgv(args: CommandArgs): { argv: string[]; args: CommandArgs } | string {
  if (args.argv && (args.cmd !== undefined || args._raw_params !== undefined)) {
    return 'only one of argv, cmd and the free-form command can be given';
  }
  if (args.argv) return { argv: args.argv, args };

  const resolved = resolveFreeForm(args);
  if (resolved.text === undefined || resolved.text.trim() === '') return 'no command given';
  try {
    return { argv: splitShellWords(resolved.text), args: resolved.args };
  } catch (error) {
    return (error as Error).message;
  }
}

async function run(args: CommandArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const parsed = commandArgv(args);
  if (typeof parsed === 'string') return failure(`command: ${parsed}`);

  const expand = parsed.args.expand_argument_vars ?? true;
  const words = parsed.argv.map((word) => (expand ? expandingWord(word) : quote(word)));
  return runCommand(
    {
      commandLine: words.join(' '),
      display: parsed.argv,
      chdir: parsed.args.chdir,
      creates: parsed.args.creates,
      removes: parsed.args.removes,
      stdin: parsed.args.stdin,
      stdinAddNewline: parsed.args.stdin_add_newline ?? true,
      stripEmptyEnds: parsed.args.strip_empty_ends ?? true,
    },
    ctx,
  );
}

const command: ModuleDefinition<CommandArgs> = {
  name: 'command',
  aliases: ['ansible.builtin.command', 'ansible.legacy.command'],
  schema,
  idempotent: false,
  freeForm: '_raw_params',
  run,
};

export default command;
