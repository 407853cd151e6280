/**
 * The plan of a service task: the control commands to run in order, what
 * they change, and what is already as requested. The systemd and SysV
 * planners both return this shape, and control.ts runs it.
 */

export type ServiceState = 'started' | 'stopped' | 'restarted' | 'reloaded';

export interface ControlStep {
  argv: string[];
  /** The change, as the result message names it: `started`, `enabled`. */
  change: string;
  /**
   * Run with its output sent to a temporary file, so that a daemon an init
   * script starts cannot keep the connection's channel open.
   */
  detached?: boolean;
  /** A failure does not stop the task (the stop of a SysV restart, as in Ansible). */
  mayFail?: boolean;
  /** Seconds to wait after this step (the `sleep` between stop and start). */
  sleepAfter?: number;
}

export interface ServicePlan {
  steps: ControlStep[];
  /** The requested aspects that are already met: `running`, `enabled`. */
  satisfied: string[];
  /** Values for the result, as Ansible's module returns them. */
  returned: Record<string, unknown>;
}

export type ServiceOutcome = ServicePlan | { failure: string };

export function isFailure(outcome: ServiceOutcome): outcome is { failure: string } {
  return 'failure' in outcome;
}

/** Describes the plan in the result message: what changed, or why nothing did. */
export function describePlan(name: string, plan: ServicePlan): string {
  const met = plan.satisfied.join(' and ');
  if (plan.steps.length === 0) return met ? `${name} is ${met}` : `${name}: nothing was requested`;
  const changes = [...new Set(plan.steps.map((step) => step.change))];
  return `${name}: ${changes.join(', ')}${met ? `; already ${met}` : ''}`;
}
