/**
 * shell: runs a command line through a shell on the host, as Ansible's
 * shell module does: `/bin/sh -c CMD` unless `executable` names another.
 * The text goes to that shell as one quoted argument, so the login shell
 * that runs skprun's wrapper never interprets it.
 */
import { shellJoin } from '../connection/quote.js';
import { COMMON_PROPERTIES, resolveFreeForm, runCommand, type CommonCommandArgs } from './command.js';
import { failure, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';

export interface ShellArgs extends CommonCommandArgs {
  /** The shell that runs the command (default /bin/sh). */
  executable?: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...COMMON_PROPERTIES,
    executable: { type: 'string', minLength: 1 },
  },
  not: { required: ['cmd', '_raw_params'] },
};

/** The shell's argv: `[executable, '-c', text]`. */
export function shellArgv(text: string, executable = '/bin/sh'): string[] {
  return [executable, '-c', text];
}

async function run(args: ShellArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const resolved = resolveFreeForm(args);
  if (resolved.text === undefined || resolved.text.trim() === '') return failure('shell: no command given');

  const options = resolved.args;
  return runCommand(
    {
      commandLine: shellJoin(shellArgv(resolved.text, options.executable)),
      display: resolved.text,
      chdir: options.chdir,
      creates: options.creates,
      removes: options.removes,
      stdin: options.stdin,
      stdinAddNewline: options.stdin_add_newline ?? true,
      stripEmptyEnds: options.strip_empty_ends ?? true,
    },
    ctx,
  );
}

const shell: ModuleDefinition<ShellArgs> = {
  name: 'shell',
  aliases: ['ansible.builtin.shell', 'ansible.legacy.shell'],
  schema,
  idempotent: false,
  freeForm: '_raw_params',
  run,
};

export default shell;
