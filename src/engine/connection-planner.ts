/**
 * Plans the connection of each task from the connection variables in the
 * task's scope, as Ansible reads them. A value set by -e, play vars,
 * vars_files, role, block or task vars, include_vars or set_fact beats the
 * inventory's by the usual variable precedence.
 *
 * Planning runs once per task and host, so it is cached twice. Each slot
 * (host, local or not, remote_user) keeps the raw values it last planned
 * from: when a task's scope holds the same values (===) and none of them
 * is a template, the last plan is returned after one comparison per name.
 * Otherwise the values are rendered against the scope and the plan is
 * looked up by those rendered values, so equal settings share one plan,
 * and so one pooled connection.
 */
import { isTemplated, renderValue } from '../template/index.js';
import { CONNECTION_VARIABLES, planConnection, type ConnectionDefaults, type ConnectionPlan } from './connection-options.js';

export interface PlanRequest {
  /** Runs on the controller (`connection: local`). */
  local?: boolean;
  /** The task's rendered `remote_user` keyword, which ansible_user overrides. */
  remoteUser?: string;
}

interface LastPlan {
  raw: unknown[];
  /** Some raw value is a template, so it must be rendered for every task. */
  isTemplated: boolean;
  plan: ConnectionPlan;
}

export class ConnectionPlanner {
  private readonly lastBySlot = new Map<string, LastPlan>();
  private readonly plansByValues = new Map<string, ConnectionPlan>();

  constructor(private readonly defaults: ConnectionDefaults) {}

  /** Returns the plan for a host whose variable scope is `vars`. Raises InputError on an invalid connection variable. */
  plan(hostName: string, vars: Record<string, unknown>, request: PlanRequest = {}): ConnectionPlan {
    const slot = `${request.local ? 'local' : 'remote'}\u0000${request.remoteUser ?? ''}\u0000${hostName}`;
    const last = this.lastBySlot.get(slot);
    if (last && !last.isTemplated && sameRawValues(last.raw, vars)) return last.plan;

    const raw = CONNECTION_VARIABLES.map((name) => vars[name]);
    const rendered = renderConnectionValues(raw, vars);
    if (request.local) rendered.ansible_connection = 'local';
    const key = `${slot}\u0000${JSON.stringify(rendered)}`;
    let plan = this.plansByValues.get(key);
    if (!plan) {
      plan = planConnection(hostName, rendered, this.defaults, request.remoteUser);
      this.plansByValues.set(key, plan);
    }
    this.lastBySlot.set(slot, { raw, isTemplated: raw.some(needsRendering), plan });
    return plan;
  }
}

function sameRawValues(raw: unknown[], vars: Record<string, unknown>): boolean {
  for (let i = 0; i < CONNECTION_VARIABLES.length; i++) {
    if (raw[i] !== vars[CONNECTION_VARIABLES[i]]) return false;
  }
  return true;
}

/** Renders the connection variables that are set, in CONNECTION_VARIABLES order, so that equal settings give equal JSON. */
function renderConnectionValues(raw: unknown[], vars: Record<string, unknown>): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  raw.forEach((value, i) => {
    if (value === undefined) return;
    rendered[CONNECTION_VARIABLES[i]] = needsRendering(value) ? renderValue(value, vars) : value;
  });
  return rendered;
}

/** Lists and mappings count as templated, because checking each entry costs as much as rendering them. */
function needsRendering(value: unknown): boolean {
  if (typeof value === 'string') return isTemplated(value);
  return typeof value === 'object' && value !== null;
}
