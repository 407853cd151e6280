/**
 * slurp: returns a file of the host as base64, as Ansible's slurp module
 * does, for `b64decode` in a later task. One command reads it. The file
 * travels as base64 text, so binary content survives a connection that
 * carries text only.
 */
import { pathWord } from './files/stat-report.js';
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runChecked } from './remote.js';

export interface SlurpArgs {
  /** The file to read; `path` is its alias. */
  src?: string;
  path?: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    src: { type: 'string', minLength: 1 },
    path: { type: 'string', minLength: 1 },
  },
  oneOf: [{ required: ['src'] }, { required: ['path'] }],
};

/** First output lines of the read command when no content follows. */
type Problem = 'absent' | 'directory' | 'unreadable' | 'no-base64';

const PROBLEMS: Record<Problem, string> = {
  absent: 'file not found',
  directory: 'source is a directory and must be a file',
  unreadable: 'file is not readable',
  'no-base64': 'the host has no base64 command (GNU coreutils or busybox provide it)',
};

/** Builds the command that prints `content`, then the base64 of the file on one line. */
export function slurpCommand(file: string): string {
  // A leading ~ is the login user's home, as Ansible expands it.
  const p = pathWord(file);
  return [
    `if [ -d ${p} ]; then echo directory`,
    `elif [ ! -e ${p} ]; then echo absent`,
    `elif [ ! -r ${p} ]; then echo unreadable`,
    `elif ! command -v base64 >/dev/null 2>&1; then echo no-base64`,
    // Without `-w 0` everywhere (busybox lacks it), the line breaks go here.
    `else echo content && base64 < ${p} | tr -d '\\n'; fi`,
  ].join('; ');
}

/** Parses the command's output into the base64 content or the problem. */
export function parseSlurpOutput(output: string): { content: string } | { problem: Problem } {
  // A connection may trim the output, taking the newline after an empty file's marker.
  const [head, body = ''] = output.trim().split('\n', 2);
  if (head === 'content') return { content: body.trim() };
  if (head in PROBLEMS) return { problem: head as Problem };
  throw new Error(`slurp: unexpected output from the read command: ${JSON.stringify(output.slice(0, 80))}`);
}

async function run(args: SlurpArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const source = (args.src ?? args.path) as string;
  const parsed = parseSlurpOutput(await runChecked(ctx.conn, slurpCommand(source)));
  if ('problem' in parsed) return failure(`slurp ${source}: ${PROBLEMS[parsed.problem]}`, { source });

  const size = Buffer.byteLength(parsed.content, 'base64');
  return unchanged(`read ${source} (${size} bytes)`, { content: parsed.content, encoding: 'base64', source });
}

const slurp: ModuleDefinition<SlurpArgs> = {
  name: 'slurp',
  aliases: ['ansible.builtin.slurp', 'ansible.legacy.slurp'],
  schema,
  idempotent: true,
  run,
};

export default slurp;
