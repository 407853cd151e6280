/**
 * Deciding a systemd task from the unit's state, step for step as
 * Ansible's systemd module does: mask or unmask, then enable or disable,
 * then start, stop, restart or reload. Where systemd is not running, the
 * enabling still works (systemctl edits the links offline), but a change of
 * state fails with a message that explains why, where Ansible only warns.
 */
import type { ControlStep, ServiceOutcome, ServiceState } from './plan.js';
import { systemctlCommand, type SystemdFacts, type SystemdScope } from './systemd-state.js';

export interface SystemdRequest {
  name?: string;
  state?: ServiceState;
  enabled?: boolean;
  masked?: boolean;
  scope: SystemdScope;
  /** Adds --no-block to start, stop, restart and reload. */
  noBlock: boolean;
  /** Adds --force to enable, disable, mask and unmask. */
  force: boolean;
}

/** `systemctl is-enabled` outputs that mean systemd has the unit (systemd 244's list, as Ansible's). */
const KNOWN_UNIT_STATES = new Set([
  ...['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime'],
  ...['static', 'indirect', 'disabled', 'generated', 'transient'],
]);

const CHANGE_NAMES: Record<string, string> = {
  ...{ start: 'started', stop: 'stopped', restart: 'restarted', reload: 'reloaded' },
  ...{ enable: 'enabled', disable: 'disabled', mask: 'masked', unmask: 'unmasked' },
};

const STATE_VERBS: Record<ServiceState, string> = { started: 'start', stopped: 'stop', restarted: 'restart', reloaded: 'reload' };

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

function step(request: SystemdRequest, verb: string): ControlStep {
  const isStateVerb = ['start', 'stop', 'restart', 'reload'].includes(verb);
  const flags: string[] = [];
  if (isStateVerb && request.noBlock) flags.push('--no-block');
  if (!isStateVerb && request.force) flags.push('--force');
  return { argv: [...systemctlCommand(request.scope), ...flags, verb, '--', request.name as string], change: CHANGE_NAMES[verb] };
}

/** Checks whether systemd has the unit: from `show` when it worked, else from `is-enabled`. */
function hasUnit(facts: SystemdFacts): boolean {
  const load = facts.properties.LoadState;
  if (load !== undefined) return load !== 'not-found';
  return KNOWN_UNIT_STATES.has((facts.isEnabled?.output ?? '').trim());
}

/** Checks whether the unit starts at boot, by Ansible's reading of `is-enabled` and the SysV links. */
export function isUnitEnabled(facts: SystemdFacts, scope: SystemdScope): boolean {
  const check = facts.isEnabled;
  if (!check) return false;
  const lines = check.output.split('\n').filter((line) => line.trim() !== '');
  if (check.exitCode === 0) return !(lines.length === 1 && ['indirect', 'alias'].includes(lines[0].trim()));
  const sysv = scope === 'system' && facts.initScript && !check.output.trim().endsWith('disabled');
  return check.exitCode === 1 && sysv && facts.sysvEnabled;
}

function notRunningMessage(facts: SystemdFacts, hostName: string, what: string): string {
  const said = firstLine(facts.show?.output);
  const detail = said ? `: systemctl said "${said}"` : '';
  return (
    `systemd is not running on ${hostName} (no /run/systemd/system), so systemctl cannot ${what}${detail}; ` +
    'the service module falls back to the SysV init scripts on such hosts'
  );
}

/** Returns the verb for the requested state, or undefined when the unit is already in it. */
export function stateVerb(state: ServiceState, activeState: string): string | undefined {
  const running = activeState === 'active' || activeState === 'activating';
  if (state === 'started') return running ? undefined : 'start';
  if (state === 'stopped') return running || activeState === 'deactivating' ? 'stop' : undefined;
  if (!running) return 'start';
  return state === 'restarted' ? 'restart' : 'reload';
}

function failedDaemonCommand(facts: SystemdFacts, hostName: string): string | undefined {
  for (const [verb, result] of [['daemon-reload', facts.daemonReload], ['daemon-reexec', facts.daemonReexec]] as const) {
    if (!result || result.exitCode === 0) continue;
    if (!facts.booted) return notRunningMessage({ ...facts, show: result }, hostName, `run ${verb}`);
    return `systemctl ${verb} failed on ${hostName} with exit status ${result.exitCode}: ${firstLine(result.output)}`;
  }
  return undefined;
}

/** Decides the steps of a systemd task from the facts read on the host. */
export function planSystemd(request: SystemdRequest, facts: SystemdFacts, hostName: string): ServiceOutcome {
  if (!facts.hasSystemctl) return { failure: `systemctl not found on ${hostName}: the host is not managed by systemd` };
  const daemonFailure = failedDaemonCommand(facts, hostName);
  if (daemonFailure) return { failure: daemonFailure };
  const name = request.name;
  if (name === undefined) return { steps: [], satisfied: [], returned: {} };

  const { properties } = facts;
  const masked = properties.LoadState === 'masked';
  if (hasUnit(facts) && !masked && properties.LoadError) return { failure: `error loading unit file '${name}': ${properties.LoadError}` };
  const found = hasUnit(facts) || facts.initScript;
  const missing = { failure: `could not find the requested service ${name} on ${hostName}: systemd has no such unit and there is no /etc/init.d/${name}` };
  const steps: ControlStep[] = [];
  const satisfied: string[] = [];
  const returned: Record<string, unknown> = { name, status: properties };

  if (request.masked !== undefined) {
    const isMasked = (facts.isEnabled?.output ?? '').trim() === 'masked';
    if (isMasked !== request.masked) steps.push(step(request, request.masked ? 'mask' : 'unmask'));
    else satisfied.push(request.masked ? 'masked' : 'not masked');
  }

  if (request.enabled !== undefined) {
    if (!found) return missing;
    if (isUnitEnabled(facts, request.scope) !== request.enabled) steps.push(step(request, request.enabled ? 'enable' : 'disable'));
    else satisfied.push(request.enabled ? 'enabled' : 'disabled');
    returned.enabled = request.enabled;
  }

  if (request.state !== undefined) {
    if (!found) return missing;
    const active = properties.ActiveState;
    if (active === undefined && !facts.booted) return { failure: notRunningMessage(facts, hostName, `${STATE_VERBS[request.state]} ${name}`) };
    if (active === undefined) return { failure: `${name} is in an unknown state: systemctl show gave no ActiveState` };
    const verb = stateVerb(request.state, active);
    if (verb) steps.push(step(request, verb));
    else satisfied.push(request.state === 'started' ? 'running' : 'stopped');
    returned.state = request.state === 'stopped' ? 'stopped' : 'started';
  }
  return { steps, satisfied, returned };
}
