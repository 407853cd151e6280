/**
 * fail: fails the host with a message, as Ansible's fail module does. It
 * runs on the controller and is usually guarded by `when`.
 */
import { displayValue } from './debug.js';
import { failure, type ModuleDefinition, type ModuleResult } from './module.js';

export interface FailArgs {
  /** The message, already templated; a non-string value prints as JSON. */
  msg?: unknown;
}

/** Ansible's message when the task gives none. */
export const DEFAULT_FAIL_MESSAGE = 'Failed as requested from task';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: { msg: {} },
};

async function run(args: FailArgs): Promise<ModuleResult> {
  const message = args.msg === undefined || args.msg === null ? DEFAULT_FAIL_MESSAGE : args.msg;
  return failure(displayValue(message));
}

const fail: ModuleDefinition<FailArgs> = {
  name: 'fail',
  aliases: ['ansible.builtin.fail', 'ansible.legacy.fail'],
  schema,
  // It always fails, and never changes anything.
  idempotent: true,
  controllerOnly: true,
  run,
};

export default fail;
