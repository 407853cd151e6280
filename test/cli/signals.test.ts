/**
 * SIGINT and SIGTERM during a long task, on a lab of this file's own
 * (127.0.35): the commands on the hosts stop, each host of the task is
 * reported interrupted once and never unreachable, and one recap comes
 * last. The command is `sleep 300.N; touch FILE`: a sleep still running
 * shows that nothing was stopped, a FILE that the shell went on.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { SshConnection } from '../../src/connection/ssh.js';
import type { RunEvent } from '../../src/engine/events.js';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';
import { openLabConnection, testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { projectDir } from '../support/run-skprun.js';
import { existsOn, sleepsOn as remoteSleeps } from '../support/remote-processes.js';

const hostNames = ['c01', 'c02', 'c03'];

interface SignalledRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A sleep length no other process on this machine has, so that pgrep finds only this run's. */
function uniqueSleep(): string {
  return `300.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

describe('signals during a task @lab', function () {
  this.timeout(120_000);
  let lab: LabState;
  let dir: string;
  let playbook: string;
  const roots = new Map<string, SshConnection>();

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-signals-test-'));
    lab = await labUp({ stateDir: testLabStateDir('signals'), hosts: 3, docker: false, skew: {}, addressPrefix: '127.0.35', imageCacheDir: testImageCacheDir });
    const tasks = [
      { name: 'first', command: 'true' },
      { name: 'sleep on the host', shell: 'sleep {{ nap }}; touch /tmp/skprun-signal-{{ nap }}' },
      { name: 'after', command: 'true' },
    ];
    playbook = path.join(dir, 'site.yml');
    writeFileSync(playbook, stringify([{ hosts: 'all', gather_facts: false, tasks }]));
    for (const name of hostNames) roots.set(name, await openLabConnection(lab, name));
  });
  after(async () => {
    for (const connection of roots.values()) await connection.close();
    if (lab) await labDown(lab.stateDir);
    rmSync(dir, { recursive: true, force: true });
  });

  const sleepsOn = (host: string, nap: string) => remoteSleeps(roots.get(host)!, nap);
  const fileOn = (host: string, nap: string) => existsOn(roots.get(host)!, `/tmp/skprun-signal-${nap}`);

  /** Runs the playbook, sends `signal` once the sleep runs on every host, and waits for the exit. */
  async function runAndSignal(nap: string, output: string, signal: NodeJS.Signals): Promise<SignalledRun> {
    const bin = path.join(projectDir, 'bin', 'skprun.js');
    const args = [bin, '-i', lab.inventoryFile, '--output', output, '-e', `nap=${nap}`, playbook];
    const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: SignalledRun = { status: null, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await Promise.all(hostNames.map((host) => sleepsOn(host, nap)));
      if (found.every((list) => list !== '')) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the sleep ${nap} did not start on every host: ${run.stdout}${run.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill(signal);
    run.status = await exited;
    return run;
  }

  describe('SIGTERM with JSON output', () => {
    const nap = uniqueSleep();
    let run: SignalledRun;
    let events: RunEvent[];
    before(async () => {
      run = await runAndSignal(nap, 'json', 'SIGTERM');
      events = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as RunEvent);
    });

    it('exits 143', () => {
      expect(run.status, run.stdout + run.stderr).to.equal(143);
    });

    it('ends with the only recap', () => {
      expect(events.filter((event) => event.kind === 'recap')).to.have.length(1);
      expect(events[events.length - 1].kind).to.equal('recap');
    });

    it('reports each host interrupted, never unreachable', () => {
      const interrupted = events.flatMap((event) => (event.kind === 'host_interrupted' ? [event.host] : []));
      expect(interrupted.sort()).to.deep.equal(hostNames);
      const unreachable = events.filter((event) => event.kind === 'host_result' && event.status === 'unreachable');
      expect(unreachable).to.deep.equal([]);
    });

    it('counts only the results shown', () => {
      const recap = events[events.length - 1];
      if (recap.kind !== 'recap') throw new Error('the last event is not the recap');
      for (const host of hostNames) {
        expect(recap.stats[host].ok, host).to.equal(1);
        expect(recap.stats[host].unreachable, host).to.equal(0);
      }
    });

    it('stops the commands on every host', async () => {
      for (const host of hostNames) expect(await sleepsOn(host, nap), host).to.equal('');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      for (const host of hostNames) expect(await fileOn(host, nap), host).to.equal(false);
    });
  });

  describe('SIGINT with plain output', () => {
    const nap = uniqueSleep();
    let run: SignalledRun;
    before(async () => {
      run = await runAndSignal(nap, 'plain', 'SIGINT');
    });

    it('exits 99', () => {
      expect(run.status, run.stdout + run.stderr).to.equal(99);
    });

    it('prints the interrupted hosts before one recap', () => {
      const lines = run.stdout.split('\n');
      const recapAt = lines.findIndex((line) => line.startsWith('PLAY RECAP'));
      expect(lines.filter((line) => line.startsWith('PLAY RECAP'))).to.have.length(1);
      const interruptedAt = lines.flatMap((line, index) => (/^ {2}\[c0\d\] +interrupted$/.test(line) ? [index] : []));
      expect(interruptedAt).to.have.length(3);
      for (const index of interruptedAt) expect(index).to.be.below(recapAt);
      expect(run.stdout).to.not.contain('unreachable ');
      expect(run.stdout).to.not.contain('TASK [after]');
    });

    it('stops the commands on every host', async () => {
      for (const host of hostNames) expect(await sleepsOn(host, nap), host).to.equal('');
    });
  });
});
