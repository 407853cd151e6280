/**
 * Deciding a service task on a host without a running systemd, where the
 * SysV init script is the service, as Ansible's service module does there:
 * enable or disable with update-rc.d, then start, stop, restart or reload
 * through the script. Whether it runs comes from the status command's exit
 * status (LSB: 0 runs, 1 to 4 does not), its one-line output, or `pattern`.
 */
import type { ControlStep, ServiceOutcome, ServiceState } from './plan.js';
import { sysvControlArgv, type ProcessEntry, type SysvFacts } from './sysv-state.js';

export interface SysvRequest {
  name: string;
  state?: ServiceState;
  enabled?: boolean;
  /** Text of the service's command line, to find it in the process list. */
  pattern?: string;
  /** Seconds between the stop and the start of a restart. */
  sleep?: number;
  /** Further words for every action of the script. */
  arguments: string[];
}

/**
 * Lists the pids of the read command: its shell, the shell's ancestors
 * (sshd's shell, sudo) and its descendants (the subshell around ps). Their
 * command lines contain the read script, with the service's name, which a
 * pattern often contains too.
 */
function readerPids(processes: ProcessEntry[], shellPid: number | undefined): Set<number> {
  const parents = new Map(processes.map((entry) => [entry.pid, entry.ppid]));
  const pids = new Set<number>();
  for (let pid = shellPid; pid !== undefined && pid > 1 && !pids.has(pid); pid = parents.get(pid)) pids.add(pid);
  const descendsFromShell = (pid: number): boolean => {
    const seen = new Set<number>();
    for (let at: number | undefined = pid; at !== undefined && at > 1 && !seen.has(at); at = parents.get(at)) {
      if (at === shellPid) return true;
      seen.add(at);
    }
    return false;
  };
  for (const entry of processes) if (descendsFromShell(entry.pid)) pids.add(entry.pid);
  return pids;
}

/** Finds the service in the process list by its pattern. */
export function runsByPattern(facts: SysvFacts, pattern: string): boolean {
  const processes = facts.processes ?? [];
  const own = readerPids(processes, facts.shellPid);
  return processes.some((entry) => !own.has(entry.pid) && entry.args.includes(pattern));
}

/**
 * Reads the status command's outcome as Ansible does: an LSB exit status
 * of 1 to 4 (or 69) means stopped, then keywords in a one-line output,
 * then exit status 0 means running. Undefined when it cannot tell.
 */
export function runsByStatus(name: string, status: { output: string; exitCode: number }): boolean | undefined {
  if ([1, 2, 3, 4, 69].includes(status.exitCode)) return false;
  const output = status.output.trim();
  if (!output.includes('\n')) {
    const words = output.toLowerCase().split(name.toLowerCase()).join('');
    if (words.includes('stop')) return false;
    if (words.includes('run')) return !words.includes('not ');
    if (words.includes('start') && !words.includes('not ')) return true;
    if (/could not access pid file|dead but|is dead and pid file exists/.test(words)) return false;
  }
  return status.exitCode === 0 ? true : undefined;
}

function controlStep(facts: SysvFacts, request: SysvRequest, action: string, change: string): ControlStep {
  return { argv: sysvControlArgv(facts, request.name, action, request.arguments), change, detached: true };
}

function stateSteps(facts: SysvFacts, request: SysvRequest, state: ServiceState, running: boolean): ControlStep[] {
  const step = (action: string, change: string) => controlStep(facts, request, action, change);
  if (state === 'started') return running ? [] : [step('start', 'started')];
  if (state === 'stopped') return running ? [step('stop', 'stopped')] : [];
  if (state === 'reloaded') return [running ? step('reload', 'reloaded') : step('start', 'started')];
  // Not every script has restart, so a restart is a stop and a start, as Ansible does it.
  return [{ ...step('stop', 'restarted'), mayFail: true, sleepAfter: request.sleep }, step('start', 'restarted')];
}

function enableSteps(request: SysvRequest, facts: SysvFacts): ControlStep[] {
  const updateRcd = (action: string) => ({ argv: ['update-rc.d', request.name, action], change: request.enabled ? 'enabled' : 'disabled' });
  if (!request.enabled) return [updateRcd('disable')];
  // Without any links yet, `defaults` makes them; `enable` then turns the stop links into start links.
  return facts.killLinks ? [updateRcd('enable')] : [updateRcd('defaults'), updateRcd('enable')];
}

function missingMessage(request: SysvRequest, facts: SysvFacts, hostName: string): string {
  const looked = `systemd is not running there (no /run/systemd/system), and there is no init script /etc/init.d/${request.name}`;
  if (!facts.hasServiceCommand) return `no service manager found on ${hostName} for ${request.name}: ${looked} and no service command`;
  return `could not find the requested service ${request.name} on ${hostName}: ${looked}`;
}

function unknownStatusMessage(request: SysvRequest, facts: SysvFacts, hostName: string): string {
  const status = facts.status;
  const said = status?.output.trim().split('\n')[0];
  const detail = status ? ` (status exited ${status.exitCode}${said ? `: ${said}` : ''})` : '';
  return `cannot tell whether ${request.name} runs on ${hostName}${detail}; set pattern to a part of its command line to find it in the process list`;
}

/** Decides the steps of a service task on a SysV host from the facts read there. */
export function planSysv(request: SysvRequest, facts: SysvFacts, hostName: string): ServiceOutcome {
  if (!facts.initScript) return { failure: missingMessage(request, facts, hostName) };
  const steps: ControlStep[] = [];
  const satisfied: string[] = [];
  const returned: Record<string, unknown> = { name: request.name };

  if (request.enabled !== undefined) {
    if (!facts.hasUpdateRcd) return { failure: `enabled needs update-rc.d on ${hostName}, which was not found` };
    if (facts.startLinks !== request.enabled) steps.push(...enableSteps(request, facts));
    else satisfied.push(request.enabled ? 'enabled' : 'disabled');
    returned.enabled = request.enabled;
  }

  if (request.state !== undefined) {
    const running = request.pattern !== undefined ? runsByPattern(facts, request.pattern) : facts.status && runsByStatus(request.name, facts.status);
    if (running === undefined) return { failure: unknownStatusMessage(request, facts, hostName) };
    const stateChanges = stateSteps(facts, request, request.state, running);
    if (stateChanges.length > 0) steps.push(...stateChanges);
    else satisfied.push(running ? 'running' : 'stopped');
    returned.state = request.state;
  }
  return { steps, satisfied, returned };
}
