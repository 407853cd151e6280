import { expect } from 'chai';
import type { SkprunRun } from '../support/run-skprun.js';
import { hostResults, statuses } from '../support/events.js';
import { rolesLabUp } from './roles-lab.js';
import { runPlaybook, usersLabDown, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `
- hosts: all
  gather_facts: false
  vars:
    play_role: play_role
  vars_files:
    - role-vars.yml
  roles:
    - role: "{{ play_role }}"
    - role: "{{ extra_role }}"
  tasks:
    - import_role:
        name: "{{ file_role }}"
    - name: per-host role
      include_role:
        name: "{{ host_role }}"
        apply:
          tags: [picked]
      tags: [always]
`;

const roles = ['play_role', 'extra_role', 'file_role', 'host_a_role', 'host_b_role'];

function roleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const role of roles) files[`roles/${role}/tasks/main.yml`] = `- name: ${role} task\n  command: echo {{ role_name }}\n`;
  return files;
}

function stdoutByHost(run: SkprunRun, task: string): Record<string, string> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, String(event.result.stdout)]));
}

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

describe('templated role names @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let file: string;
  let inventory: string;

  before(async () => {
    lab = await rolesLabUp('names');
    file = writeFiles(lab, { 'role-names.yml': playbook, 'role-vars.yml': 'file_role: file_role\n', ...roleFiles() });
    const hostRoles = { c01: { host_role: 'host_a_role' }, c02: { host_role: 'host_b_role' } };
    inventory = writeInventory(lab, 'inventory.yml', { ansible_user: 'root' }, hostRoles);
  });

  after(() => usersLabDown(lab));

  describe('with every variable defined', () => {
    let run: SkprunRun;
    before(async () => {
      run = await runPlaybook(inventory, file, '-e', 'extra_role=extra_role');
    });

    it('renders roles: names with play vars and extra vars', () => {
      expect(run.status, output(run)).to.equal(0);
      expect(stdoutByHost(run, 'play_role task')).to.deep.equal({ c01: 'play_role', c02: 'play_role' });
      expect(stdoutByHost(run, 'extra_role task')).to.deep.equal({ c01: 'extra_role', c02: 'extra_role' });
    });

    it('renders import_role names with vars_files', () => {
      expect(stdoutByHost(run, 'file_role task')).to.deep.equal({ c01: 'file_role', c02: 'file_role' });
    });

    it('renders include_role names per host', () => {
      expect(statuses(run, 'per-host role')).to.deep.equal({ c01: 'ok', c02: 'ok' });
      expect(stdoutByHost(run, 'host_a_role task')).to.deep.equal({ c01: 'host_a_role' });
      expect(stdoutByHost(run, 'host_b_role task')).to.deep.equal({ c02: 'host_b_role' });
    });
  });

  it('applies apply tags to a role found at run time', async () => {
    const run = await runPlaybook(inventory, file, '-e', 'extra_role=extra_role', '-t', 'picked');
    expect(run.status, output(run)).to.equal(0);
    expect(stdoutByHost(run, 'play_role task')).to.deep.equal({});
    expect(statuses(run, 'per-host role')).to.deep.equal({ c01: 'ok', c02: 'ok' });
    expect(stdoutByHost(run, 'host_a_role task')).to.deep.equal({ c01: 'host_a_role' });
    expect(stdoutByHost(run, 'host_b_role task')).to.deep.equal({ c02: 'host_b_role' });
  });

  it('rejects a roles: name whose variable is undefined', async () => {
    const run = await runPlaybook(inventory, file);
    expect(run.status, output(run)).to.equal(4);
    expect(run.stderr, output(run)).to.match(/role-names\.yml:10:13: play 1\/roles\/1\/role: role name "\{\{ extra_role \}\}" uses the variable "extra_role", which is not defined when the playbook loads/);
  });

  it('rejects a role name from inventory variables', async () => {
    const bad = writeFiles(lab, { 'host-var-role.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - import_role:\n        name: "{{ host_role }}"\n' });
    const run = await runPlaybook(inventory, bad);
    expect(run.status, output(run)).to.equal(4);
    expect(run.stderr).to.match(/host-var-role\.yml:5:15: .*uses the variable "host_role"/);
    expect(run.stderr).to.include('use include_role to choose the role per host');
  });

  it('fails the host whose include_role names no role', async () => {
    const inventoryWithTypo = writeInventory(lab, 'typo.yml', { ansible_user: 'root' }, { c01: { host_role: 'host_a_role' }, c02: { host_role: 'no_such_role' } });
    const run = await runPlaybook(inventoryWithTypo, file, '-e', 'extra_role=extra_role');
    expect(run.status, output(run)).to.equal(2);
    expect(statuses(run, 'per-host role')).to.deep.equal({ c01: 'ok', c02: 'failed' });
    const failure = hostResults(run, 'per-host role').find((event) => event.host === 'c02');
    expect(failure?.msg).to.match(/role "no_such_role" not found/);
    expect(stdoutByHost(run, 'host_a_role task')).to.deep.equal({ c01: 'host_a_role' });
  });
});
