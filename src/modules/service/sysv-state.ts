/**
 * Reading a SysV service's state in one command: whether its init script
 * exists, which tools the host has (`service`, `update-rc.d`) and whether
 * it has start links in /etc/rc?.d. Whether it runs comes from its status
 * command or, with `pattern`, from the process list.
 */
import { quote, shellJoin } from '../../connection/quote.js';
import { factIf, parseSections, section, type Section } from './sections.js';

export interface SysvReadOptions {
  name: string;
  /** Reads whether it runs (only a task with `state` needs it). */
  readStatus: boolean;
  /** Looks for this text in the process list instead of asking the status command. */
  pattern?: string;
  /** Further words for the status command (the task's `arguments`). */
  arguments: string[];
}

export interface ProcessEntry {
  pid: number;
  ppid: number;
  args: string;
}

export interface SysvFacts {
  /** /etc/init.d/NAME exists. */
  initScript: boolean;
  hasServiceCommand: boolean;
  hasUpdateRcd: boolean;
  /** /etc/rc?.d/S??NAME links exist, which is what enabled means here. */
  startLinks: boolean;
  killLinks: boolean;
  status?: Section;
  processes?: ProcessEntry[];
  /** The pid of the shell that ran the read command, whose command line contains the service name. */
  shellPid?: number;
}

/** Builds the argv of an init script action, through `service` when the host has it. */
export function sysvControlArgv(facts: Pick<SysvFacts, 'hasServiceCommand'>, name: string, action: string, args: string[]): string[] {
  return facts.hasServiceCommand ? ['service', name, action, ...args] : [`/etc/init.d/${name}`, action, ...args];
}

function linkCheck(prefix: 'S' | 'K', name: string, fact: string): string {
  return `for f in /etc/rc?.d/${prefix}??${quote(name)}; do if [ -e "$f" ]; then echo ${fact}; break; fi; done`;
}

/** Builds the shell lines that read the state, which the service module runs where systemd does not run. */
export function sysvReadLines(options: SysvReadOptions): string[] {
  const { name } = options;
  const lines = [
    factIf(`[ -f /etc/init.d/${quote(name)} ]`, 'initscript'),
    factIf('command -v service >/dev/null 2>&1', 'service-command'),
    factIf('command -v update-rc.d >/dev/null 2>&1', 'update-rc.d'),
    linkCheck('S', name, 'start-links'),
    linkCheck('K', name, 'kill-links'),
  ];
  if (!options.readStatus) return lines;
  if (options.pattern !== undefined) {
    lines.push('echo "shell-pid $$"', section('ps', 'ps -e -o pid= -o ppid= -o args='));
    return lines;
  }
  const viaService = shellJoin(sysvControlArgv({ hasServiceCommand: true }, name, 'status', options.arguments));
  const viaScript = shellJoin(sysvControlArgv({ hasServiceCommand: false }, name, 'status', options.arguments));
  lines.push(section('status', `if command -v service >/dev/null 2>&1; then ${viaService}; else ${viaScript}; fi`));
  return lines;
}

function parseProcesses(output: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s?(.*)$/.exec(line);
    if (match) entries.push({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] });
  }
  return entries;
}

/** Parses the output of sysvReadLines. */
export function parseSysvFacts(output: string): SysvFacts {
  const { facts, sections } = parseSections(output);
  const ps = sections.get('ps');
  const shellPid = facts.get('shell-pid');
  return {
    initScript: facts.has('initscript'),
    hasServiceCommand: facts.has('service-command'),
    hasUpdateRcd: facts.has('update-rc.d'),
    startLinks: facts.has('start-links'),
    killLinks: facts.has('kill-links'),
    status: sections.get('status'),
    processes: ps ? parseProcesses(ps.output) : undefined,
    shellPid: shellPid === undefined ? undefined : Number(shellPid),
  };
}
