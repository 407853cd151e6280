import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalConnection } from '../../src/connection/local.js';
import { markCommand, PidReader } from '../../src/connection/process-marker.js';
import { stopScript } from '../../src/connection/stop-script.js';

/** A sleep length no other process here has, so that pgrep finds only this test's. */
function uniqueSleep(): string {
  return `300.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

function sleepsRunning(nap: string): string {
  try {
    return execFileSync('pgrep', ['-af', `^sleep ${nap}`]).toString().trim();
  } catch {
    return '';
  }
}

describe('PidReader', () => {
  it('takes the pid line out of stdout', () => {
    const { marker } = markCommand('true');
    const pids: number[] = [];
    const reader = new PidReader(marker, (pid) => pids.push(pid));
    const parts = [reader.stdout(Buffer.from(`${marker} 12`)), reader.stdout(Buffer.from(`34\nout`)), reader.stdout(Buffer.from('put'))];
    expect(Buffer.concat(parts).toString()).to.equal('output');
    expect(pids).to.deep.equal([1234]);
    expect(reader.pid).to.equal(1234);
  });

  it('returns held output when the pid line never came', () => {
    const reader = new PidReader('SKPRUN-PID-x');
    expect(reader.stdout(Buffer.from('sh: broken'))).to.have.length(0);
    expect(reader.finish().toString()).to.equal('sh: broken');
    expect(reader.pid).to.equal(undefined);
  });
});

describe('stopScript', () => {
  it('rejects values that are not process ids', () => {
    expect(() => stopScript([1])).to.throw(RangeError, 'not a process id to stop: 1');
    expect(() => stopScript([Number.NaN])).to.throw(RangeError);
  });
});

describe('LocalConnection stopping commands', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-stop-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ends the whole command at its timeout', async () => {
    const nap = uniqueSleep();
    const file = path.join(dir, 'after-sleep');
    const connection = new LocalConnection('here');
    const started = Date.now();
    const error = await connection.exec(`sleep ${nap}; touch ${file}`, { timeoutMs: 500 }).then(
      () => new Error('the command finished'),
      (failure: Error) => failure,
    );
    expect(error.message).to.equal(`command timed out after 500 ms: sleep ${nap}; touch ${file}`);
    expect(Date.now() - started).to.be.below(4_000);
    expect(sleepsRunning(nap)).to.equal('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(file)).to.equal(false);
  });

  it('kills a command that ignores SIGTERM', async () => {
    const nap = uniqueSleep();
    const connection = new LocalConnection('here');
    const controller = new AbortController();
    const running = connection.exec(`trap '' TERM; sleep ${nap}`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort(new Error('stop now'));
    const error = await running.then(() => new Error('the command finished'), (failure: Error) => failure);
    expect(error.message).to.equal('stop now');
    expect(sleepsRunning(nap)).to.equal('');
  });

  it('ends a child that left the tree, through its process group', async () => {
    const nap = uniqueSleep();
    const connection = new LocalConnection('here');
    const controller = new AbortController();
    // The subshell exits at once, so its sleep is re-parented to init.
    const running = connection.exec(`(sleep ${nap} &); sleep ${nap}`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sleepsRunning(nap).split('\n')).to.have.length(2);
    controller.abort();
    await running.catch(() => undefined);
    expect(sleepsRunning(nap)).to.equal('');
  });

  it('stops what runs when it closes', async () => {
    const nap = uniqueSleep();
    const connection = new LocalConnection('here');
    const running = connection.exec(`sleep ${nap}`).then(() => 'finished', (failure: Error) => failure.message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await connection.close();
    expect(await running).to.equal('here: the connection was closed while a command was running, so the command was stopped');
    expect(sleepsRunning(nap)).to.equal('');
    expect((await connection.exec('echo again')).stdout).to.equal('again\n');
  });

  it('keeps the output of a command that is not stopped', async () => {
    const connection = new LocalConnection('here');
    const result = await connection.exec('printf out; printf err >&2; exit 3', { timeoutMs: 5_000 });
    expect(result).to.deep.equal({ stdout: 'out', stderr: 'err', exitCode: 3 });
  });
});
