/**
 * A task `timeout:` and Ctrl-C stop the remote command itself, with and
 * without become, on a lab of this file's own (127.0.23): c01 logs in as
 * root, c02 as alice (sudo without a password) and c03 as bob (sudo with
 * one), both becoming root.
 *
 * The command is `sleep 300.N; touch FILE`. A sleep still running shows
 * that nothing was stopped. A FILE shows that only the sleep was, and its
 * shell went on.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { SshConnection } from '../../src/connection/ssh.js';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';
import { hostResults } from '../support/events.js';
import { openLabConnection, testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { projectDir, runSkprun, type SkprunRun } from '../support/run-skprun.js';
import { existsOn, sleepsOn as remoteSleeps } from '../support/remote-processes.js';

const bobPassword = 'B0b-stop-pa55';
const hostNames = ['c01', 'c02', 'c03'];

/** The lab's inventory, with c02 and c03 logging in as sudo users that become root. */
function writeInventory(lab: LabState, file: string): string {
  const logins: Record<string, Record<string, unknown>> = {
    c01: { ansible_user: 'root', use_become: false },
    c02: { ansible_user: 'alice', use_become: true },
    c03: { ansible_user: 'bob', ansible_become_password: bobPassword, use_become: true },
  };
  const hosts = Object.fromEntries(lab.hosts.map((h) => [h.name, { ansible_host: h.address, ansible_port: h.port, ...logins[h.name] }]));
  const vars = { ansible_ssh_private_key_file: lab.privateKeyFile, skprun_known_hosts_file: lab.knownHostsFile };
  writeFileSync(file, stringify({ all: { vars, hosts } }));
  return file;
}

/** A sleep of 300 s and a fraction no other process on this machine has, so that pgrep finds only this run's. */
function uniqueSleep(): string {
  return `300.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

/** Gives a shell whose sleep alone was killed the time to run its next step. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_000));
}

function sleepPlaybook(file: string, timeout: string): string {
  const task = {
    name: 'sleep on the host',
    shell: 'sleep {{ nap }}; touch /tmp/skprun-stop-{{ nap }}',
    become: '{{ use_become }}',
    ...(timeout ? { timeout: Number(timeout) } : {}),
  };
  writeFileSync(file, stringify([{ hosts: 'all', gather_facts: false, tasks: [task] }]));
  return file;
}

describe('stopping remote commands @lab', function () {
  this.timeout(120_000);
  let lab: LabState;
  let dir: string;
  let inventory: string;
  const roots = new Map<string, SshConnection>();

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-stop-test-'));
    lab = await labUp({
      stateDir: testLabStateDir('remote-stop'), hosts: 3, docker: false, skew: {}, addressPrefix: '127.0.23', imageCacheDir: testImageCacheDir,
      users: [{ name: 'alice', sudo: 'nopasswd' }, { name: 'bob', password: bobPassword, sudo: 'password' }],
    });
    inventory = writeInventory(lab, path.join(dir, 'inventory.yml'));
    for (const name of hostNames) roots.set(name, await openLabConnection(lab, name));
  });
  after(async () => {
    for (const connection of roots.values()) await connection.close();
    if (lab) await labDown(lab.stateDir);
    rmSync(dir, { recursive: true, force: true });
  });

  const sleepsOn = (host: string, nap: string) => remoteSleeps(roots.get(host)!, nap);
  const fileOn = (host: string, nap: string) => existsOn(roots.get(host)!, `/tmp/skprun-stop-${nap}`);

  async function waitForSleeps(nap: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await Promise.all(hostNames.map((host) => sleepsOn(host, nap)));
      if (found.every((list) => list !== '')) return;
      if (Date.now() > deadline) throw new Error(`the sleep ${nap} did not start on every host: ${JSON.stringify(found)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  describe('task timeout', () => {
    const nap = uniqueSleep();
    let run: SkprunRun;

    before(async () => {
      const playbook = sleepPlaybook(path.join(dir, 'timeout.yml'), '2');
      run = await runSkprun(['-i', inventory, '--output', 'json', '-e', `nap=${nap}`, playbook]);
    });

    it('fails the task with the Ansible message', () => {
      expect(run.status, run.stdout + run.stderr).to.equal(2);
      const results = hostResults(run, 'sleep on the host');
      expect(results.map((r) => r.host).sort()).to.deep.equal(hostNames);
      for (const result of results) {
        expect(result.status, result.host).to.equal('failed');
        expect(result.msg, result.host).to.contain('The shell action failed to execute in the expected time frame (2) and was terminated');
      }
    });

    it('leaves no sleep of the task on any host', async () => {
      for (const host of hostNames) expect(await sleepsOn(host, nap), host).to.equal('');
    });

    it('never lets the command go on to its next step', async () => {
      await settle();
      for (const host of hostNames) expect(await fileOn(host, nap), host).to.equal(false);
    });
  });

  describe('Ctrl-C', () => {
    const nap = uniqueSleep();
    let status: number | null;
    let output: string;

    before(async () => {
      const playbook = sleepPlaybook(path.join(dir, 'interrupt.yml'), '');
      const bin = path.join(projectDir, 'bin', 'skprun.js');
      const child = spawn(process.execPath, [bin, '-i', inventory, '-e', `nap=${nap}`, playbook], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
      output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        await waitForSleeps(nap, 20_000);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      child.kill('SIGINT');
      status = await exited;
    });

    it('exits 99 with a recap', () => {
      expect(status, output).to.equal(99);
      expect(output).to.contain('interrupted');
    });

    it('leaves no sleep of the run on any host', async () => {
      for (const host of hostNames) expect(await sleepsOn(host, nap), host).to.equal('');
    });

    it('never lets the command go on to its next step', async () => {
      await settle();
      for (const host of hostNames) expect(await fileOn(host, nap), host).to.equal(false);
    });
  });
});
