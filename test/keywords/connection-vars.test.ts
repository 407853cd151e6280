/**
 * Connection variables (ansible_host, ansible_user,
 * ansible_become_password) from every variable source, against a lab of
 * two real sshd hosts with their own login users. bob needs his password
 * for sudo. The tests check who logged in with `id -un` and which host
 * answered with `hostname`.
 *
 * SKPRUN_TEST_CONNECTION_LAB_PREFIX sets the address prefix (default 127.0.34).
 */
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import { labUp } from '../../src/lab/index.js';
import { hostResults } from '../support/events.js';
import { testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { runSkprun, type SkprunRun } from '../support/run-skprun.js';
import { passwords, runPlaybook, usersLabDown, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const prefix = process.env.SKPRUN_TEST_CONNECTION_LAB_PREFIX ?? '127.0.34';
const c02Address = `${prefix}.52`;

async function connectionLabUp(): Promise<UsersLab> {
  const lab = await labUp({
    stateDir: testLabStateDir('connection-vars'),
    hosts: 2,
    docker: false,
    skew: {},
    addressPrefix: prefix,
    imageCacheDir: testImageCacheDir,
    users: [
      { name: 'alice', sudo: 'nopasswd' },
      { name: 'bob', password: passwords.bob, sudo: 'password' },
      { name: 'carol', password: passwords.carol },
    ],
  });
  return { lab, dir: mkdtempSync(path.join(os.tmpdir(), 'skprun-connection-vars-test-')) };
}

/** Returns each host's stdout for one task. */
function outputs(run: SkprunRun, task: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const event of hostResults(run, task)) found[event.host] = String(event.result.stdout ?? event.status);
  return found;
}

function statuses(run: SkprunRun, task: string): Record<string, string> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, event.status]));
}

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

type ConnectionEvent = Extract<RunEvent, { kind: 'connection' }>;

/** Returns `host user@address` for each connection the run opened, sorted. */
function openedConnections(run: SkprunRun): string[] {
  const opened = run.events.filter((event): event is ConnectionEvent => event.kind === 'connection');
  return opened.map((event) => `${event.host} ${/^ssh (\S+):\d+/.exec(event.detail)?.[1]}`).sort();
}

/** A play on c01 that prints who logged in, which host answered, and whether sudo worked. */
function probePlay(header: string, taskLines = ''): string {
  return `
- hosts: c01
  gather_facts: false
${header}
  tasks:
${taskLines}
    - name: login
      command: id -un
    - name: answer
      command: hostname
    - name: sudo
      command: id -un
      become: true
`;
}

describe('connection variables from every source @lab', function () {
  this.timeout(180_000);
  let lab: UsersLab;
  let inventory: string;

  before(async () => {
    lab = await connectionLabUp();
    inventory = writeInventory(lab, 'inventory.yml', {}, { c02: { ansible_user: 'alice' } });
  });

  after(() => usersLabDown(lab));

  async function probe(name: string, playbook: string, files: Record<string, string> = {}, ...args: string[]): Promise<SkprunRun> {
    const file = writeFiles(lab, { [name]: playbook, ...files });
    return runPlaybook(inventory, file, ...args);
  }

  function expectProbe(run: SkprunRun, user: string, host: string): void {
    expect(run.status, output(run)).to.equal(0);
    expect(outputs(run, 'login')).to.deep.equal({ c01: user });
    expect(outputs(run, 'answer')).to.deep.equal({ c01: host });
    expect(outputs(run, 'sudo')).to.deep.equal({ c01: 'root' });
  }

  const bobOnC02 = { ansible_host: c02Address, ansible_user: 'bob', ansible_become_password: passwords.bob };

  it('runs as root on c01 without connection variables', async () => {
    const run = await probe('plain.yml', probePlay(''));
    expectProbe(run, 'root', 'c01');
  });

  it('fails sudo as bob without his password', async () => {
    const run = await probe('no-password.yml', probePlay('  vars:\n    ansible_user: bob'));
    expect(outputs(run, 'login')).to.deep.equal({ c01: 'bob' });
    expect(statuses(run, 'sudo')).to.deep.equal({ c01: 'failed' });
  });

  it('reads them from -e', async () => {
    const run = await probe('extra.yml', probePlay(''), {}, '-e', JSON.stringify(bobOnC02));
    expectProbe(run, 'bob', 'c02');
  });

  it('reads them from play vars', async () => {
    const run = await probe('play-vars.yml', probePlay(`  vars: ${JSON.stringify(bobOnC02)}`));
    expectProbe(run, 'bob', 'c02');
  });

  it('reads them from vars_files', async () => {
    const run = await probe('vars-files.yml', probePlay('  vars_files: [bob.yml]'), { 'bob.yml': JSON.stringify(bobOnC02) });
    expectProbe(run, 'bob', 'c02');
  });

  it('reads them from task vars', async () => {
    const playbook = `
- hosts: c01
  gather_facts: false
  tasks:
    - name: login
      command: id -un
      vars: ${JSON.stringify(bobOnC02)}
    - name: sudo
      command: id -un
      become: true
      vars: ${JSON.stringify(bobOnC02)}
    - name: answer
      command: hostname
`;
    const run = await probe('task-vars.yml', playbook);
    expect(run.status, output(run)).to.equal(0);
    expect(outputs(run, 'login')).to.deep.equal({ c01: 'bob' });
    expect(outputs(run, 'sudo')).to.deep.equal({ c01: 'root' });
    // Task vars end with their task: the next one is back on c01 as root.
    expect(outputs(run, 'answer')).to.deep.equal({ c01: 'c01' });
  });

  it('reads them from set_fact', async () => {
    const setFact = `    - set_fact: ${JSON.stringify(bobOnC02)}\n`;
    const run = await probe('set-fact.yml', probePlay('', setFact));
    expectProbe(run, 'bob', 'c02');
  });

  it('reads them from include_vars', async () => {
    const includeVars = '    - include_vars: bob.yml\n';
    const run = await probe('include-vars.yml', probePlay('', includeVars), { 'bob.yml': JSON.stringify(bobOnC02) });
    expectProbe(run, 'bob', 'c02');
  });

  it('renders templated values against the task scope', async () => {
    const header = `  vars:\n    login: bob\n    ansible_user: "{{ login }}"\n    ansible_become_password: "{{ bob_password }}"`;
    const run = await probe('templated.yml', probePlay(header), {}, '-e', `bob_password=${passwords.bob}`);
    expectProbe(run, 'bob', 'c01');
  });

  it('lets ansible_user win over remote_user and -u', async () => {
    const playbook = `
- hosts: c01
  gather_facts: false
  remote_user: carol
  vars:
    ansible_user: alice
  tasks:
    - name: play var over play keyword
      command: id -un
    - name: play var over task keyword
      command: id -un
      remote_user: carol
    - name: task var over play var
      command: id -un
      vars:
        ansible_user: bob
`;
    const run = await probe('precedence.yml', playbook, {}, '-u', 'carol');
    expect(run.status, output(run)).to.equal(0);
    expect(outputs(run, 'play var over play keyword')).to.deep.equal({ c01: 'alice' });
    expect(outputs(run, 'play var over task keyword')).to.deep.equal({ c01: 'alice' });
    expect(outputs(run, 'task var over play var')).to.deep.equal({ c01: 'bob' });
  });

  it('lets -e win over task vars and set_fact', async () => {
    const playbook = `
- hosts: c01
  gather_facts: false
  tasks:
    - set_fact:
        ansible_user: bob
    - name: extra over set_fact
      command: id -un
    - name: extra over task vars
      command: id -un
      vars:
        ansible_user: carol
`;
    const run = await probe('extra-wins.yml', playbook, {}, '-e', 'ansible_user=alice');
    expect(run.status, output(run)).to.equal(0);
    expect(outputs(run, 'extra over set_fact')).to.deep.equal({ c01: 'alice' });
    expect(outputs(run, 'extra over task vars')).to.deep.equal({ c01: 'alice' });
  });

  it('gathers facts with the play vars', async () => {
    const playbook = `
- hosts: c01
  vars:
    ansible_user: alice
    ansible_host: ${c02Address}
  tasks:
    - name: facts
      debug:
        msg: "{{ ansible_user_id }} {{ ansible_hostname }}"
`;
    const run = await probe('facts.yml', playbook);
    expect(run.status, output(run)).to.equal(0);
    expect(hostResults(run, 'facts').map((event) => event.result.msg)).to.deep.equal(['alice c02']);
  });

  it('connects delegate_to with the delegated host variables', async () => {
    const playbook = `
- hosts: c01
  gather_facts: false
  vars_files: [bob.yml]
  tasks:
    - name: delegated
      command: id -un
      delegate_to: c02
    - name: own
      command: id -un
`;
    const run = await probe('delegate.yml', playbook, { 'bob.yml': 'ansible_user: bob' });
    expect(run.status, output(run)).to.equal(0);
    // Play vars apply to the delegated host too, as in Ansible.
    expect(outputs(run, 'delegated')).to.deep.equal({ c01: 'bob' });
    expect(outputs(run, 'own')).to.deep.equal({ c01: 'bob' });
    const delegated = hostResults(run, 'delegated')[0] as { delegatedTo?: string };
    expect(delegated.delegatedTo).to.equal('c02');
  });

  it('connects delegate_to as the delegated host inventory user', async () => {
    const playbook = `
- hosts: c01
  gather_facts: false
  tasks:
    - name: delegated
      command: hostname
      delegate_to: c02
    - name: delegated login
      command: id -un
      delegate_to: c02
    - name: own login
      command: id -un
`;
    const run = await probe('delegate-inventory.yml', playbook);
    expect(run.status, output(run)).to.equal(0);
    expect(outputs(run, 'delegated')).to.deep.equal({ c01: 'c02' });
    expect(outputs(run, 'delegated login')).to.deep.equal({ c01: 'alice' });
    expect(outputs(run, 'own login')).to.deep.equal({ c01: 'root' });
  });

  it('opens one connection per distinct plan', async () => {
    const playbook = `
- hosts: c01
  gather_facts: false
  tasks:
    - { name: first, command: id -un }
    - { name: as bob, command: id -un, vars: { ansible_user: bob } }
    - { name: second, command: id -un }
    - { name: as bob again, command: id -un, vars: { ansible_user: bob } }
    - { name: on c02, command: id -un, vars: { ansible_host: ${c02Address} } }
`;
    const run = await probe('reuse.yml', playbook, {}, '-vvv');
    expect(run.status, output(run)).to.equal(0);
    const c01 = `${prefix}.51`;
    expect(openedConnections(run)).to.deep.equal([`c01 bob@${c01}`, `c01 root@${c01}`, `c01 root@${c02Address}`]);
  });

  describe('adhoc', () => {
    function adhoc(...args: string[]): Promise<SkprunRun> {
      return runSkprun(['adhoc', '-i', inventory, 'c01', ...args]);
    }

    it('connects to the -e ansible_host', async () => {
      const run = await adhoc('-e', `ansible_host=${c02Address}`, '-a', 'hostname', '-o');
      expect(run.status, output(run)).to.equal(0);
      expect(run.stdout).to.match(/^c01 \| CHANGED \| rc=0 \| \(stdout\) c02$/m);
    });

    it('logs in as the -e ansible_user over -u', async () => {
      const run = await adhoc('-u', 'carol', '-e', 'ansible_user=alice', '-a', 'id -un', '-o');
      expect(run.status, output(run)).to.equal(0);
      expect(run.stdout).to.match(/\(stdout\) alice$/m);
    });

    it('uses the -e ansible_become_password for sudo', async () => {
      const extra = JSON.stringify({ ansible_user: 'bob', ansible_become_password: passwords.bob });
      const run = await adhoc('-b', '-e', extra, '-m', 'shell', '-a', 'echo "$SUDO_USER $(id -un)"', '-o');
      expect(run.status, output(run)).to.equal(0);
      expect(run.stdout).to.match(/\(stdout\) bob root$/m);
    });
  });
});
