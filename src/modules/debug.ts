/**
 * debug: prints a message or a variable's value on the controller, as
 * Ansible's debug module does. The engine templates `msg` before the call;
 * `var` is an expression that this module evaluates itself.
 */
import { evaluateExpression } from '../template/index.js';
import { TemplateError } from '../template/errors.js';
import { isUndefined } from '../template/undefined.js';
import { type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';

export interface DebugArgs {
  /** The message, already templated; any value prints. */
  msg?: unknown;
  /** A variable name or expression whose value prints. */
  var?: string;
  /** Prints only when the run's verbosity (-v count) is at least this. */
  verbosity?: number;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    msg: {},
    var: { type: 'string', minLength: 1 },
    verbosity: { type: 'integer', minimum: 0 },
  },
  not: { required: ['msg', 'var'] },
};

/** The text Ansible prints for a variable that is not defined. */
export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!';

/** Renders a value for the result line: strings as they are, others as JSON. */
export function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value);
}

async function valueOf(expression: string, vars: Record<string, unknown>): Promise<unknown> {
  try {
    const value = await evaluateExpression(expression, vars);
    return isUndefined(value) ? NOT_DEFINED : value;
  } catch (error) {
    if (error instanceof TemplateError && error.variable !== undefined) return NOT_DEFINED;
    throw error;
  }
}

async function run(args: DebugArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const verbosity = Number(ctx.vars.ansible_verbosity ?? 0);
  if ((args.verbosity ?? 0) > verbosity) {
    const reason = 'Verbosity threshold not met.';
    return { changed: false, skipped: true, skipped_reason: reason, msg: reason };
  }

  if (args.var !== undefined) {
    const value = await valueOf(args.var, ctx.vars);
    return { changed: false, msg: `${args.var}: ${displayValue(value)}`, [args.var]: value };
  }
  const message = args.msg === undefined ? 'Hello world!' : args.msg;
  return { changed: false, msg: displayValue(message) };
}

const debug: ModuleDefinition<DebugArgs> = {
  name: 'debug',
  aliases: ['ansible.builtin.debug', 'ansible.legacy.debug'],
  schema,
  idempotent: true,
  controllerOnly: true,
  rawArguments: ['var'],
  run,
};

export default debug;
