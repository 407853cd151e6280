/**
 * assert: fails the host unless every expression in `that` is true, as
 * Ansible's assert module does. The expressions are conditions in the
 * form `when` takes, evaluated against the host's variables.
 */
import { evaluateCondition } from '../template/index.js';
import { TemplateError } from '../template/errors.js';
import { failure, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';

export interface AssertArgs {
  that: string | boolean | (string | boolean)[];
  /** The message when an assertion fails; `msg` is its older name. */
  fail_msg?: string | string[];
  msg?: string | string[];
  success_msg?: string | string[];
  /** Accepted as Ansible has it; skprun prints only the message either way. */
  quiet?: boolean;
}

const message = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['that'],
  properties: {
    that: {
      anyOf: [
        { type: ['string', 'boolean'] },
        { type: 'array', items: { type: ['string', 'boolean'] }, minItems: 1 },
      ],
    },
    fail_msg: message,
    msg: message,
    success_msg: message,
    quiet: { type: 'boolean' },
  },
  not: { required: ['fail_msg', 'msg'] },
};

function text(value: string | string[]): string {
  return Array.isArray(value) ? value.join('\n') : value;
}

async function run(args: AssertArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const conditions = Array.isArray(args.that) ? args.that : [args.that];
  const failMessage = args.fail_msg ?? args.msg;

  for (const condition of conditions) {
    let holds: boolean;
    try {
      holds = await evaluateCondition(condition, ctx.vars);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return failure(`The conditional check '${String(condition)}' failed. The error was: ${error.message}`, {
        assertion: condition,
      });
    }
    if (!holds) {
      const msg = failMessage === undefined ? 'Assertion failed' : text(failMessage);
      return failure(msg, { assertion: condition, evaluated_to: false });
    }
  }

  const msg = args.success_msg === undefined ? 'All assertions passed' : text(args.success_msg);
  return { changed: false, msg };
}

const assert: ModuleDefinition<AssertArgs> = {
  name: 'assert',
  aliases: ['ansible.builtin.assert', 'ansible.legacy.assert'],
  schema,
  idempotent: true,
  controllerOnly: true,
  rawArguments: ['that'],
  run,
};

export default assert;
