/**
 * Checks the variables that skprun itself reads to reach a host, wherever an
 * inventory sets them, so that `ansible_port: ssh` stops the run before any
 * connection instead of failing on one host. Other variables are free-form.
 */
import { checkAt } from '../playbook/check.js';
import { becomeMethod } from '../playbook/keyword-schema.js';
import type { Problems, Site } from '../playbook/site.js';

const port = { type: 'integer', minimum: 1, maximum: 65535 };
const text = { type: 'string', minLength: 1 };
const flag = { type: 'boolean' };

export const connectionVarsSchema = {
  type: 'object',
  properties: {
    ansible_host: text,
    ansible_ssh_host: text,
    ansible_port: port,
    ansible_ssh_port: port,
    ansible_user: text,
    ansible_ssh_user: text,
    ansible_ssh_private_key_file: text,
    ansible_private_key_file: text,
    ansible_connection: text,
    ansible_become: flag,
    ansible_become_user: text,
    ansible_become_method: becomeMethod,
    ansible_group_priority: { type: 'integer' },
  },
};

/** Reports each connection variable in `vars` whose value has the wrong type. */
export function checkConnectionVars(vars: Record<string, unknown>, site: Site, problems: Problems): void {
  checkAt(site, connectionVarsSchema, vars, { noun: 'variable' }, { collections: false }, problems);
}
