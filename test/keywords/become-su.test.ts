import { expect } from 'chai';
import type { SkprunRun } from '../support/run-skprun.js';
import { hostResults, statuses } from '../support/events.js';
import { passwords, runPlaybook, usersLabDown, usersLabUp, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `
- hosts: all
  gather_facts: false
  remote_user: alice
  become: true
  become_method: su
  become_user: carol
  tasks:
    - name: whoami
      command: id -un
    - name: stdin through su
      command: cat
      args:
        stdin: "line one\\nline two"
    - name: file as carol
      copy:
        content: "written by {{ inventory_hostname }}\\n"
        dest: /tmp/skprun-su-test-{{ inventory_hostname }}
        mode: "0600"
    - name: owner of the file
      command: stat -c %U /tmp/skprun-su-test-{{ inventory_hostname }}
      become: false
    - name: remove the file
      file:
        path: /tmp/skprun-su-test-{{ inventory_hostname }}
        state: absent
`;

// Templated, so that it passes the load-time check and meets the per-host one.
const otherMethod = `
- hosts: c01
  gather_facts: false
  vars:
    chosen_method: doas
  tasks:
    - name: become with doas
      command: id -un
      become: true
      become_method: "{{ chosen_method }}"
`;

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

function stdouts(run: SkprunRun, task: string): Record<string, unknown> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, event.result.stdout]));
}

function messages(run: SkprunRun, task: string): string[] {
  return hostResults(run, task).map((event) => String(event.result.msg)).sort();
}

describe('become_method su @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let file: string;

  before(async () => {
    lab = await usersLabUp();
    file = writeFiles(lab, { 'su.yml': playbook, 'doas.yml': otherMethod });
  });

  after(() => usersLabDown(lab));

  describe('with the target user password', () => {
    let run: SkprunRun;
    before(async () => {
      const inventory = writeInventory(lab, 'carol-pass.yml', { ansible_become_password: passwords.carol });
      run = await runPlaybook(inventory, file, '-vvv');
    });

    it('runs commands as the become_user', () => {
      expect(run.status, output(run)).to.equal(0);
      expect(stdouts(run, 'whoami')).to.deep.equal({ c01: 'carol', c02: 'carol' });
    });

    it('passes stdin to the command', () => {
      expect(stdouts(run, 'stdin through su')).to.deep.equal({ c01: 'line one\nline two', c02: 'line one\nline two' });
    });

    it('writes files as the become_user', () => {
      expect(statuses(run, 'file as carol')).to.deep.equal({ c01: 'changed', c02: 'changed' });
      expect(stdouts(run, 'owner of the file')).to.deep.equal({ c01: 'carol', c02: 'carol' });
    });

    it('keeps the password out of -vvv output', () => {
      expect(output(run)).to.contain('su');
      expect(output(run)).to.not.contain(passwords.carol);
    });
  });

  it('fails with a wrong password', async () => {
    const inventory = writeInventory(lab, 'wrong-pass.yml', { ansible_become_password: passwords.bob });
    const run = await runPlaybook(inventory, file, '-vvv');
    expect(run.status, output(run)).to.equal(2);
    expect(messages(run, 'whoami')).to.deep.equal([
      'c01: incorrect su password for becoming carol: su expects the password of carol',
      'c02: incorrect su password for becoming carol: su expects the password of carol',
    ]);
    expect(output(run)).to.not.contain(passwords.bob);
  });

  it('fails without a password', async () => {
    const run = await runPlaybook(writeInventory(lab, 'no-pass.yml'), file, '--limit', 'c01');
    expect(run.status, output(run)).to.equal(2);
    expect(messages(run, 'whoami')).to.deep.equal([
      'c01: su needs the password of carol: give it with -K/--ask-become-pass or ansible_become_password',
    ]);
  });

  it('rejects other methods, listing the supported ones', async () => {
    const run = await runPlaybook(writeInventory(lab, 'plain.yml'), file.replace('su.yml', 'doas.yml'));
    expect(run.status, output(run)).to.equal(2);
    const [message] = messages(run, 'become with doas');
    expect(message).to.match(/^become_method doas is not supported: expected one of sudo, su \(task at .*doas\.yml:7:7\)$/);
  });
});
