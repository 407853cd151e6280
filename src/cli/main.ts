/**
 * The skprun command. Only commander loads at start-up; each action imports
 * what it needs, so `skprun --version` stays fast.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { reportError } from './report-error.js';

function packageVersion(): string {
  const manifest = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const number = Number(value);
  // commander names the option in its message and exits with our status 5.
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive integer.');
  return number;
}

/**
 * Reads `--limit @FILE` as ansible-playbook does: one host name a line
 * (blank lines and `#` comments skipped), joined into a union pattern.
 */
function limitPattern(value: string): string {
  if (!value.startsWith('@')) return value;
  let text: string;
  try {
    text = readFileSync(value.slice(1), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  const names = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (names.length === 0) throw new InvalidArgumentError(`${value.slice(1)} lists no hosts.`);
  return names.join(':');
}

function buildProgram(): Command {
  const program = new Command('skprun')
    .description('Run Ansible-style playbooks over SSH on every targeted host at once.')
    .version(packageVersion(), '--version', 'print the version and exit')
    .argument('[playbook...]', 'playbook files to run, in order')
    .option('-i, --inventory <path>', 'inventory file or folder (repeatable); default inventory/hosts.yml', collect, [])
    .option('-l, --limit <pattern>', 'further limit the hosts to this pattern, or to the hosts listed in @FILE', limitPattern)
    .option('-e, --extra-vars <vars>', 'variables as key=value, JSON/YAML, or @file (repeatable)', collect, [])
    .option('-C, --check', 'change nothing; report what would change')
    .option('-D, --diff', 'show what changed in files and settings')
    .option('-f, --forks <n>', 'hosts worked on at once', positiveInteger, 5)
    .option('-u, --user <name>', 'connect as this user')
    .option('--private-key <file>', 'SSH private key file')
    .option('-k, --ask-pass', 'ask once for the SSH login password')
    .option('-b, --become', 'run tasks as another user through sudo (root by default)')
    .option('--become-user <name>', 'user to become with -b')
    .option('-K, --ask-become-pass', 'ask once for the sudo password')
    .option('--accept-new-host-keys', 'record the keys of hosts not yet in known_hosts; a changed key is still rejected')
    .option('-T, --timeout <seconds>', 'SSH connection timeout in seconds', positiveInteger, 10)
    .option('--force-handlers', 'run notified handlers even on hosts that failed')
    .option('--syntax-check', 'check the playbooks and stop before connecting')
    .option('--list-hosts', 'list the hosts each play targets and stop')
    .option('--list-tasks', 'list the tasks of each play and stop')
    .option('--list-tags', 'list the tags of each play and stop')
    .option('-t, --tags <tags>', 'run only tasks with these tags (comma-separated, repeatable)', collect, [])
    .option('--skip-tags <tags>', 'skip tasks with these tags (comma-separated, repeatable)', collect, [])
    .option('--start-at-task <name>', 'start at the first task of this name (a glob)')
    .addOption(new Option('--output <format>', 'output format').choices(['auto', 'live', 'plain', 'json']).default('auto'))
    .option('-v, --verbose', 'more detail (repeat for more)', (_value, previous: number) => previous + 1, 0)
    .showHelpAfterError('(run skprun --help for the options)')
    .action(async (playbooks: string[], options) => {
      const { runPlaybooksCommand } = await import('./run-command.js');
      process.exitCode = await runPlaybooksCommand(playbooks, options);
    });

  program.addCommand(buildLabCommand());
  program.addCommand(buildInventoryCommand());
  program.addCommand(buildAdhocCommand());
  return program;
}

function buildInventoryCommand(): Command {
  return new Command('inventory')
    .description('show the inventory as ansible-inventory does: --list, --graph [GROUP] or --host NAME')
    .argument('[group]', 'group to draw with --graph (default all)')
    .option('-i, --inventory <path>', 'inventory file or folder (repeatable); default inventory/hosts.yml', collect)
    .option('--list', 'every group and host, with merged host variables, as JSON')
    .option('--graph', 'the group tree, from GROUP or all')
    .option('--host <name>', "one host's merged variables, as JSON")
    .option('--vars', 'with --graph, show the variables of hosts and groups')
    .option('--export', 'with --list, keep group variables in their groups instead of merging them into hosts')
    .option('-l, --limit <pattern>', 'show only the hosts matching this pattern, or listed in @FILE', limitPattern)
    .option('--playbook-dir <dir>', 'read group_vars/ and host_vars/ beside this folder too')
    .action(async (group: string | undefined, _options, command: Command) => {
      const { inventoryCommand } = await import('./inventory-command.js');
      // The main program parses the options it shares with this command, wherever they stand.
      process.exitCode = await inventoryCommand(group, command.optsWithGlobals());
    });
}

function buildAdhocCommand(): Command {
  return new Command('adhoc')
    .description('run one module on the hosts of a pattern, as `ansible PATTERN -m MODULE -a ARGS` does')
    .argument('<pattern>', 'host pattern: all, a group, web*, a:!b, ...')
    .option('-m, --module-name <module>', 'module to run', 'command')
    .option('-a, --args <args>', 'module arguments: key=value pairs, or the command for command/shell')
    .option('-i, --inventory <path>', 'inventory file or folder (repeatable); default inventory/hosts.yml', collect)
    .option('-l, --limit <pattern>', 'further limit the hosts to this pattern, or to the hosts listed in @FILE', limitPattern)
    .option('-e, --extra-vars <vars>', 'variables as key=value, JSON/YAML, or @file (repeatable)', collect)
    .option('-f, --forks <n>', 'hosts worked on at once (default 5)', positiveInteger)
    .option('-b, --become', 'run as another user through sudo (root by default)')
    .option('--become-user <name>', 'user to become (with -b)')
    .option('-K, --ask-become-pass', 'ask once for the sudo password')
    .option('-k, --ask-pass', 'ask once for the SSH login password')
    .option('-u, --user <name>', 'connect as this user')
    .option('--private-key <file>', 'SSH private key file')
    .option('-T, --timeout <seconds>', 'SSH connection timeout in seconds (default 10)', positiveInteger)
    .option('--accept-new-host-keys', 'record the host key of hosts not yet in known_hosts (changed keys are still rejected)')
    .option('-C, --check', 'change nothing; report what would change')
    .option('-D, --diff', 'show what changed in files and settings')
    .option('-o, --one-line', 'one line per host')
    .addOption(new Option('--output <format>', 'plain lines (default) or one JSON event per line').choices(['auto', 'live', 'plain', 'json']))
    .option('--list-hosts', 'list the matching hosts and stop')
    .action(async (pattern: string, _options, command: Command) => {
      const { adhocCommand } = await import('./adhoc-command.js');
      // The main program parses the options it shares with this command, wherever they stand.
      process.exitCode = await adhocCommand(pattern, command.optsWithGlobals());
    });
}

function buildLabCommand(): Command {
  const lab = new Command('lab').description('disposable local lab hosts (real sshd, optional Docker) to run playbooks on');
  const stateDirOption = () => new Option('--state-dir <dir>', 'where the lab keeps its files').default('.skprun/lab');

  lab
    .command('up')
    .description('start lab hosts c01, c02, ... on 127.0.0.51, 127.0.0.52, ...')
    .option('--hosts <n>', 'number of hosts', positiveInteger, 3)
    .option('--docker', 'start a Docker engine in each host')
    .option('--skew <host=seconds>', "offset a host's clock, e.g. c02=600 (repeatable)", collect, [])
    .option('--address-prefix <a.b.c>', 'first three parts of the hosts\u2019 loopback addresses', '127.0.0')
    .option('--replace', 'bring down a lab already in the state folder (deleting its files) and start a new one')
    .addOption(stateDirOption())
    .action(async (options) => {
      const { labUpCommand } = await import('./lab-command.js');
      process.exitCode = await labUpCommand(options);
    });
  lab
    .command('down')
    .description('stop every lab host and remove what the lab made')
    .addOption(stateDirOption())
    .action(async (options) => {
      const { labDownCommand } = await import('./lab-command.js');
      process.exitCode = await labDownCommand(options);
    });
  lab
    .command('status')
    .description('show the lab hosts and whether they run')
    .addOption(stateDirOption())
    .action(async (options) => {
      const { labStatusCommand } = await import('./lab-command.js');
      process.exitCode = await labStatusCommand(options);
    });
  return lab;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  // commander exits 1 on bad usage; ansible-playbook uses 5 for bad options.
  const overrideExit = (command: Command): void => {
    command.exitOverride((error) => {
      throw Object.assign(error, { exitCode: error.exitCode === 0 ? 0 : 5 });
    });
    command.commands.forEach(overrideExit);
  };
  overrideExit(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error, argv.includes('-v') || argv.includes('-vv') || argv.includes('-vvv'));
  }
}
