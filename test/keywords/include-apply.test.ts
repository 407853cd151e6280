import { expect } from 'chai';
import type { SkprunRun } from '../support/run-skprun.js';
import { hostResults, startedTasks, statuses } from '../support/events.js';
import { rolesLabUp } from './roles-lab.js';
import { runPlaybook, usersLabDown, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `
- hosts: all
  gather_facts: false
  remote_user: alice
  vars:
    plain_file: plain-tasks.yml
  tasks:
    - name: include with apply
      include_tasks:
        file: applied-tasks.yml
        apply:
          tags: [web]
          become: true
          vars:
            greeting: from apply
          environment:
            APPLY_ENV: set by apply
      tags: [always]
    - name: templated include with apply
      include_tasks:
        file: "{{ plain_file }}"
        apply:
          when: inventory_hostname == 'c01'
    - name: include_role with apply
      include_role:
        name: applied_role
        apply:
          become: true
          ignore_errors: true
          tags: [web]
      tags: [always]
    - name: include tagged on itself
      include_tasks: plain-tasks.yml
      tags: [own]
`;

const files = {
  'apply.yml': playbook,
  'applied-tasks.yml': `
- name: applied user
  command: id -un
- name: applied vars and environment
  shell: echo "\${APPLY_ENV:-unset}/{{ greeting | default('none') }}"
`,
  'plain-tasks.yml': `
- name: plain task
  command: id -un
`,
  'roles/applied_role/tasks/main.yml': `
- name: role user
  command: id -un
- name: role failure
  command: "false"
- name: after role failure
  command: echo still running
`,
};

function stdoutByHost(run: SkprunRun, task: string): Record<string, string> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, String(event.result.stdout)]));
}

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

describe('include apply keyword @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let file: string;
  let inventory: string;

  before(async () => {
    lab = await rolesLabUp('apply');
    file = writeFiles(lab, files);
    inventory = writeInventory(lab, 'inventory.yml');
  });

  after(() => usersLabDown(lab));

  describe('without tags', () => {
    let run: SkprunRun;
    before(async () => {
      run = await runPlaybook(inventory, file);
    });

    it('gives included tasks the apply keywords', () => {
      expect(run.status, output(run)).to.equal(0);
      expect(stdoutByHost(run, 'applied user')).to.deep.equal({ c01: 'root', c02: 'root' });
      const both = 'set by apply/from apply';
      expect(stdoutByHost(run, 'applied vars and environment')).to.deep.equal({ c01: both, c02: both });
    });

    it('evaluates an apply condition per included task', () => {
      expect(statuses(run, 'templated include with apply')).to.deep.equal({ c01: 'ok', c02: 'ok' });
      const plain = hostResults(run, 'plain task').filter((event) => event.status !== 'skipped');
      expect(plain.map((event) => `${event.host} ${String(event.result.stdout)}`).sort()).to.deep.equal(['c01 alice', 'c01 alice', 'c02 alice']);
    });

    it('applies become and ignore_errors to role tasks', () => {
      expect(stdoutByHost(run, 'role user')).to.deep.equal({ c01: 'root', c02: 'root' });
      expect(statuses(run, 'role failure')).to.deep.equal({ c01: 'ignored', c02: 'ignored' });
      expect(statuses(run, 'after role failure')).to.deep.equal({ c01: 'changed', c02: 'changed' });
    });
  });

  it('selects included tasks by the apply tags', async () => {
    const run = await runPlaybook(inventory, file, '-t', 'web');
    expect(run.status, output(run)).to.equal(0);
    const started = startedTasks(run);
    expect(started).to.include.members(['include with apply', 'applied user', 'include_role with apply', 'role user']);
    expect(started).to.not.include('templated include with apply');
    expect(started).to.not.include('include tagged on itself');
    expect(started).to.not.include('plain task');
  });

  it('keeps the include tags off the included tasks', async () => {
    const run = await runPlaybook(inventory, file, '-t', 'own');
    expect(run.status, output(run)).to.equal(0);
    const started = startedTasks(run);
    expect(started).to.include('include tagged on itself');
    expect(started).to.not.include('plain task');
    expect(started).to.not.include('applied user');
  });

  it('rejects apply on import_tasks', async () => {
    const bad = writeFiles(lab, { 'import-apply.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - import_tasks:\n        file: plain-tasks.yml\n        apply:\n          tags: [web]\n' });
    const run = await runPlaybook(inventory, bad);
    expect(run.status, output(run)).to.equal(4);
    expect(run.stderr).to.match(/import-apply\.yml:6:9: .*apply is not allowed on import_tasks/);
  });

  it('rejects an unknown keyword in apply', async () => {
    const bad = writeFiles(lab, { 'apply-typo.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks:\n        file: plain-tasks.yml\n        apply:\n          becom: true\n' });
    const run = await runPlaybook(inventory, bad);
    expect(run.status, output(run)).to.equal(4);
    expect(run.stderr).to.match(/apply-typo\.yml:7:11: .*unknown keyword "becom" in apply; did you mean "become"/);
  });
});
