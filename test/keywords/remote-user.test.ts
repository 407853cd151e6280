import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import type { SkprunRun } from '../support/run-skprun.js';
import { hostResults } from '../support/events.js';
import { runPlaybook, usersLabDown, usersLabUp, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `
- hosts: all
  gather_facts: false
  remote_user: alice
  roles:
    - role: whoami_role
      remote_user: bob
  tasks:
    - name: play user
      command: id -un
    - name: task user
      command: id -un
      remote_user: carol
    - block:
        - name: block user
          command: id -un
        - name: task inside block
          command: id -un
          remote_user: alice
      remote_user: "{{ block_user }}"
      vars:
        block_user: root
    - name: play user again
      command: id -un
`;

const role = `
- name: role user
  command: id -un
`;

function loginUsers(run: SkprunRun, task: string): Record<string, string> {
  const users: Record<string, string> = {};
  for (const event of hostResults(run, task)) users[event.host] = String(event.result.stdout);
  return users;
}

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

type ConnectionEvent = Extract<RunEvent, { kind: 'connection' }>;

describe('remote_user keyword @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let file: string;

  before(async () => {
    lab = await usersLabUp();
    file = writeFiles(lab, { 'remote-user.yml': playbook, 'roles/whoami_role/tasks/main.yml': role });
  });

  after(() => usersLabDown(lab));

  describe('without ansible_user', () => {
    let run: SkprunRun;
    before(async () => {
      run = await runPlaybook(writeInventory(lab, 'plain.yml'), file, '-vvv');
    });

    it('logs in as the play, role, block and task ask', () => {
      expect(run.status, output(run)).to.equal(0);
      expect(loginUsers(run, 'play user')).to.deep.equal({ c01: 'alice', c02: 'alice' });
      expect(loginUsers(run, 'role user')).to.deep.equal({ c01: 'bob', c02: 'bob' });
      expect(loginUsers(run, 'task user')).to.deep.equal({ c01: 'carol', c02: 'carol' });
      expect(loginUsers(run, 'block user')).to.deep.equal({ c01: 'root', c02: 'root' });
      expect(loginUsers(run, 'task inside block')).to.deep.equal({ c01: 'alice', c02: 'alice' });
      expect(loginUsers(run, 'play user again')).to.deep.equal({ c01: 'alice', c02: 'alice' });
    });

    it('opens one connection per user and host', () => {
      const opened = run.events.filter((event): event is ConnectionEvent => event.kind === 'connection');
      const logins = opened.map((event) => `${event.host} ${/^ssh (\w+)@/.exec(event.detail)?.[1]}`).sort();
      expect(logins).to.deep.equal([
        'c01 alice', 'c01 bob', 'c01 carol', 'c01 root',
        'c02 alice', 'c02 bob', 'c02 carol', 'c02 root',
      ]);
    });
  });

  it('lets ansible_user win over the keyword', async () => {
    const inventory = writeInventory(lab, 'c02-user.yml', {}, { c02: { ansible_user: 'bob' } });
    const run = await runPlaybook(inventory, file);
    expect(run.status, output(run)).to.equal(0);
    expect(loginUsers(run, 'task user')).to.deep.equal({ c01: 'carol', c02: 'bob' });
    expect(loginUsers(run, 'play user')).to.deep.equal({ c01: 'alice', c02: 'bob' });
  });

  it('lets the keyword win over -u', async () => {
    const plain = writeFiles(lab, {
      'no-remote-user.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: cli user\n      command: id -un\n    - name: keyword user\n      command: id -un\n      remote_user: carol\n',
    });
    const run = await runPlaybook(writeInventory(lab, 'plain.yml'), plain, '-u', 'alice');
    expect(run.status, output(run)).to.equal(0);
    expect(loginUsers(run, 'cli user')).to.deep.equal({ c01: 'alice', c02: 'alice' });
    expect(loginUsers(run, 'keyword user')).to.deep.equal({ c01: 'carol', c02: 'carol' });
  });
});
