/**
 * systemd: starts, stops, restarts or reloads a unit, enables, disables,
 * masks or unmasks it, and reloads systemd's configuration, with the
 * arguments of Ansible's ansible.builtin.systemd_service. One command
 * reads the unit's state (./service/systemd-state.ts), a pure function
 * decides (./service/systemd-plan.ts), and each change is one systemctl
 * command.
 */
import { runSteps } from './service/control.js';
import { describePlan, isFailure, type ServiceState } from './service/plan.js';
import { planSystemd, type SystemdRequest } from './service/systemd-plan.js';
import { parseSystemdFacts, systemdReadLines, type SystemdScope } from './service/systemd-state.js';
import { failure, unchanged, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runChecked } from './remote.js';

export interface SystemdArgs {
  /** The unit (`ssh`, `docker.service`); `service` and `unit` are aliases. */
  name?: string;
  service?: string;
  unit?: string;
  state?: ServiceState;
  /** Whether the unit starts at boot. */
  enabled?: boolean;
  /** Whether the unit is masked, so that nothing can start it. */
  masked?: boolean;
  /** Runs `systemctl daemon-reload` before anything else; `daemon-reload` is an alias. */
  daemon_reload?: boolean;
  'daemon-reload'?: boolean;
  daemon_reexec?: boolean;
  'daemon-reexec'?: boolean;
  /** The manager to talk to: the system's (default), the login user's, or every user's. */
  scope?: SystemdScope;
  /** Returns without waiting for a start, stop or reload to finish. */
  no_block?: boolean;
  /** Overrides existing links when enabling or masking. */
  force?: boolean;
}

const flag = { type: 'boolean' };
const named = { anyOf: ['name', 'service', 'unit'].map((key) => ({ required: [key] })) };
const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...{ name: { type: 'string', minLength: 1 }, service: { type: 'string', minLength: 1 }, unit: { type: 'string', minLength: 1 } },
    state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] },
    ...{ enabled: flag, masked: flag, no_block: flag, force: flag },
    ...{ daemon_reload: flag, 'daemon-reload': flag, daemon_reexec: flag, 'daemon-reexec': flag },
    scope: { enum: ['system', 'user', 'global'] },
  },
  anyOf: ['state', 'enabled', 'masked', 'daemon_reload', 'daemon-reload', 'daemon_reexec', 'daemon-reexec'].map((key) => ({ required: [key] })),
  dependencies: { state: named, enabled: named, masked: named },
};

export function systemdRequest(args: SystemdArgs): SystemdRequest {
  return {
    name: args.name ?? args.service ?? args.unit,
    state: args.state,
    enabled: args.enabled,
    masked: args.masked,
    scope: args.scope ?? 'system',
    noBlock: args.no_block ?? false,
    force: args.force ?? false,
  };
}

function reloadMessage(args: SystemdArgs, check: boolean): string {
  const verbs = [(args.daemon_reload || args['daemon-reload']) && 'daemon-reload', (args.daemon_reexec || args['daemon-reexec']) && 'daemon-reexec'];
  const ran = verbs.filter(Boolean).join(' and ');
  return check ? `would run systemctl ${ran} (not in check mode)` : `ran systemctl ${ran}`;
}

async function run(args: SystemdArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const request = systemdRequest(args);
  // daemon-reload changes nothing a task can see, so, as in Ansible, check mode skips it.
  const reload = !ctx.flags.check && Boolean(args.daemon_reload || args['daemon-reload']);
  const reexec = !ctx.flags.check && Boolean(args.daemon_reexec || args['daemon-reexec']);
  const lines = systemdReadLines({ name: request.name, scope: request.scope, daemonReload: reload, daemonReexec: reexec });
  const facts = parseSystemdFacts(await runChecked(ctx.conn, lines.join('\n')));

  const plan = planSystemd(request, facts, ctx.hostName);
  if (isFailure(plan)) return failure(`systemd: ${plan.failure}`, request.name ? { name: request.name } : {});
  const onlyReload = request.state === undefined && request.enabled === undefined && request.masked === undefined;
  if (request.name === undefined || onlyReload) return unchanged(reloadMessage(args, ctx.flags.check), plan.returned);
  const msg = describePlan(request.name, plan);
  if (plan.steps.length === 0) return unchanged(msg, plan.returned);
  if (ctx.flags.check) return { changed: true, msg, ...plan.returned };

  const problem = await runSteps(ctx.conn, plan.steps, request.name);
  if (problem) return failure(`systemd: ${problem}`, plan.returned);
  return { changed: true, msg, ...plan.returned };
}

const systemd: ModuleDefinition<SystemdArgs> = {
  name: 'systemd',
  aliases: [
    ...['systemd_service', 'ansible.builtin.systemd', 'ansible.builtin.systemd_service'],
    ...['ansible.legacy.systemd', 'ansible.legacy.systemd_service'],
  ],
  schema,
  idempotent: true,
  run,
};

export default systemd;
