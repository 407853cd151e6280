/**
 * The skprun command. Only commander loads at start-up; each action imports
 * what it needs, so `skprun --version` stays fast.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
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
  if (!Number.isInteger(number) || number < 1) throw new Error(`should be a positive integer, got ${value}`);
  return number;
}

function buildProgram(): Command {
  const program = new Command('skprun')
    .description('Run Ansible-style playbooks over SSH on every targeted host at once.')
    .version(packageVersion(), '--version', 'print the version and exit')
    .argument('[playbook...]', 'playbook files to run, in order')
    .option('-i, --inventory <path>', 'inventory file or folder (repeatable); default inventory/hosts.yml', collect, [])
    .option('-l, --limit <pattern>', 'further limit the hosts to this pattern')
    .option('-e, --extra-vars <vars>', 'variables as key=value, JSON/YAML, or @file (repeatable)', collect, [])
    .option('-C, --check', 'change nothing; report what would change')
    .option('-D, --diff', 'show what changed in files and settings')
    .option('-f, --forks <n>', 'hosts worked on at once', positiveInteger, 5)
    .option('-u, --user <name>', 'connect as this user')
    .option('--private-key <file>', 'SSH private key file')
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
    .showHelpAfterError()
    .action(async (playbooks: string[], options) => {
      const { runPlaybooksCommand } = await import('./run-command.js');
      process.exitCode = await runPlaybooksCommand(playbooks, options);
    });

  program.addCommand(buildLabCommand());
  return program;
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
  program.exitOverride((error) => {
    // commander exits 1 on bad usage; ansible-playbook uses 5 for bad options.
    throw Object.assign(error, { exitCode: error.exitCode === 0 ? 0 : 5 });
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error, argv.includes('-v') || argv.includes('-vv') || argv.includes('-vvv'));
  }
}
