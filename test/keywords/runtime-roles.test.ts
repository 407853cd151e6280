/**
 * Roles read by include_role (with a fixed or templated name) and by a
 * templated include_tasks, run by the real CLI on lab hosts. Their handlers
 * run at flush_handlers and at the end of the play. An unknown filter in a
 * file read at run time fails the include before any task of it runs.
 */
import { expect } from 'chai';
import { hostResults, startedTasks, statuses } from '../support/events.js';
import { includesLabUp } from './includes-lab.js';
import { outputOf } from './support.js';
import { runPlaybook, usersLabDown, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `
- hosts: all
  gather_facts: false
  vars:
    role_to_run: web
  tasks:
    - name: fixed role
      include_role: { name: web }
    - meta: flush_handlers
    - name: after the first flush
      command: cat /tmp/skprun-runtime-roles-mark
      register: first
    - name: templated role
      include_role: { name: "{{ role_to_run }}" }
      vars: { mark: second }
    - name: templated file
      include_tasks: "{{ 'web' }}-part.yml"
`;

const webRole = {
  'roles/web/tasks/main.yml': '- name: web config\n  command: echo {{ mark | default("first") }}\n  notify: restart web\n',
  'roles/web/handlers/main.yml': '- name: restart web\n  shell: echo restarted {{ mark | default("first") }} > /tmp/skprun-runtime-roles-mark\n',
  'web-part.yml': '- name: part task\n  debug: { msg: "{{ role_to_run | upper }}" }\n',
};

describe('roles read at run time @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let inventory: string;

  before(async () => {
    lab = await includesLabUp('roles');
    inventory = writeInventory(lab, 'inventory.yml', { ansible_user: 'root' });
  });

  after(() => usersLabDown(lab));

  it('run their handlers at flush and at the end', async () => {
    const file = writeFiles(lab, { 'site.yml': playbook, ...webRole });
    const run = await runPlaybook(inventory, file);
    expect(run.status, outputOf(run)).to.equal(0);
    const expected = ['fixed role', 'web config', 'restart web', 'after the first flush', 'templated role', 'web config', 'templated file', 'part task', 'restart web'];
    expect(startedTasks(run).filter((name) => name !== 'meta: flush_handlers').map((name) => name.replace(/^handler /, ''))).to.deep.equal(expected);
    const first = hostResults(run, 'after the first flush').map((event) => event.result.stdout);
    expect(first).to.deep.equal(['restarted first', 'restarted first']);
    expect(statuses(run, 'restart web')).to.deep.equal({ c01: 'changed', c02: 'changed' });
  });

  it('fail an include whose file has an unknown filter', async () => {
    const part = '- name: part task\n  debug: { msg: fine }\n- name: broken\n  debug: { msg: "{{ role_to_run | no_such_filter }}" }\n';
    const file = writeFiles(lab, { 'broken.yml': playbook, ...webRole, 'web-part.yml': part });
    const run = await runPlaybook(inventory, file);
    expect(run.status, outputOf(run)).to.equal(2);
    expect(statuses(run, 'templated file')).to.deep.equal({ c01: 'failed', c02: 'failed' });
    const [failure] = hostResults(run, 'templated file');
    expect(failure.msg).to.match(/web-part\.yml:4:\d+: unknown filter "no_such_filter"/);
    expect(statuses(run, 'part task')).to.deep.equal({});
  });
});
