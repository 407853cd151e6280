/**
 * service: starts, stops, restarts or reloads a service and enables or
 * disables it, with the arguments of Ansible's ansible.builtin.service.
 * One command finds the service manager and reads the service's state. On
 * a host that systemd runs, the systemd module's logic decides. Elsewhere
 * the SysV init script is the service (./service/sysv-plan.ts). A host
 * with neither fails with a message that names what was looked for.
 */
import { splitShellWords } from './command.js';
import { runSteps } from './service/control.js';
import { describePlan, isFailure, type ServiceOutcome, type ServiceState } from './service/plan.js';
import { planSystemd } from './service/systemd-plan.js';
import { parseSystemdFacts, systemdReadLines } from './service/systemd-state.js';
import { planSysv, type SysvRequest } from './service/sysv-plan.js';
import { parseSysvFacts, sysvReadLines } from './service/sysv-state.js';
import { parseSections } from './service/sections.js';
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runChecked } from './remote.js';

export type ServiceManager = 'auto' | 'systemd' | 'sysvinit';

export interface ServiceArgs {
  name: string;
  state?: ServiceState;
  enabled?: boolean;
  /** Text of the service's command line, for a script whose status command does not work. */
  pattern?: string;
  /** Seconds between the stop and the start of a SysV restart; systemd ignores it. */
  sleep?: number;
  /** Further words for the init script's actions (alias `args`); systemd ignores them. */
  arguments?: string;
  args?: string;
  /** The service manager to use instead of detecting it. */
  use?: ServiceManager;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] },
    enabled: { type: 'boolean' },
    pattern: { type: 'string', minLength: 1 },
    sleep: { type: 'integer', minimum: 0 },
    arguments: { type: 'string' },
    args: { type: 'string' },
    use: { enum: ['auto', 'systemd', 'sysvinit'] },
  },
  anyOf: [{ required: ['state'] }, { required: ['enabled'] }],
};

/** Systemd runs the host: its runtime folder exists (sd_booted(3)), or PID 1 is systemd. */
const SYSTEMD_RUNS = '{ [ -d /run/systemd/system ] || [ -d /dev/.run/systemd ] || [ -d /dev/.systemd ] || grep -q systemd /proc/1/comm 2>/dev/null; }';

/** Builds the read command: the manager's name as a fact line, then that manager's state. */
export function serviceReadCommand(args: ServiceArgs, words: string[]): string {
  const systemd = ['echo manager systemd', ...systemdReadLines({ name: args.name, scope: 'system', daemonReload: false, daemonReexec: false })];
  const sysvOptions = { name: args.name, readStatus: args.state !== undefined, pattern: args.pattern, arguments: words };
  const sysv = ['echo manager sysv', ...sysvReadLines(sysvOptions)];
  if (args.use === 'systemd') return systemd.join('\n');
  if (args.use === 'sysvinit') return sysv.join('\n');
  return [`if command -v systemctl >/dev/null 2>&1 && ${SYSTEMD_RUNS}; then`, ...systemd, 'else', ...sysv, 'fi'].join('\n');
}

/** Decides from the read command's output, with the planner of the manager it found. */
export function planService(args: ServiceArgs, words: string[], output: string, hostName: string): ServiceOutcome {
  const manager = parseSections(output).facts.get('manager');
  if (manager === 'systemd') {
    const request = { name: args.name, state: args.state, enabled: args.enabled, scope: 'system' as const, noBlock: false, force: false };
    return planSystemd(request, parseSystemdFacts(output), hostName);
  }
  const request: SysvRequest = { name: args.name, state: args.state, enabled: args.enabled, pattern: args.pattern, sleep: args.sleep, arguments: words };
  return planSysv(request, parseSysvFacts(output), hostName);
}

async function run(args: ServiceArgs, ctx: ModuleContext): Promise<ModuleResult> {
  if (args.arguments !== undefined && args.args !== undefined) return failure(`service ${args.name}: arguments and its alias args are mutually exclusive`);
  let words: string[];
  try {
    words = splitShellWords(args.arguments ?? args.args ?? '');
  } catch (error) {
    return failure(`service ${args.name}: arguments: ${(error as Error).message}`);
  }
  const output = await runChecked(ctx.conn, serviceReadCommand(args, words));
  const plan = planService(args, words, output, ctx.hostName);
  if (isFailure(plan)) return failure(`service: ${plan.failure}`, { name: args.name });

  const msg = describePlan(args.name, plan);
  if (plan.steps.length === 0) return unchanged(msg, plan.returned);
  if (ctx.flags.check) return { changed: true, msg, ...plan.returned };
  const problem = await runSteps(ctx.conn, plan.steps, args.name);
  if (problem) return failure(`service: ${problem}`, plan.returned);
  return { changed: true, msg, ...plan.returned };
}

const service: ModuleDefinition<ServiceArgs> = {
  name: 'service',
  aliases: ['ansible.builtin.service', 'ansible.legacy.service'],
  schema,
  idempotent: true,
  run,
};

export default service;
