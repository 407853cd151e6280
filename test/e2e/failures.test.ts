import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';
import { SshConnection } from '../../src/connection/ssh.js';
import { recapOf, runSkprun } from '../support/run-skprun.js';

/** A lab of its own, without Docker, whose c02 runs 600 s ahead. */
const prefix = process.env.SKPRUN_TEST_FAILURE_LAB_PREFIX ?? '127.0.5';

async function exportsOf(lab: LabState, host: string): Promise<string> {
  const entry = lab.hosts.find((h) => h.name === host)!;
  const conn = await SshConnection.open({
    hostName: host,
    address: entry.address,
    port: entry.port,
    user: 'root',
    privateKeyFile: lab.privateKeyFile,
    knownHostsFiles: [lab.knownHostsFile],
    hostKeyChecking: true,
    connectTimeoutMs: 5000,
    maxChannels: 4,
  });
  const result = await conn.exec('cat /etc/exports 2>/dev/null; true');
  await conn.close();
  return result.stdout;
}

function sshdPid(lab: LabState, host: string): number {
  const record = JSON.parse(readFileSync(join(lab.stateDir, 'lab-state.json'), 'utf8'));
  return record.hosts.find((h: { name: string }) => h.name === host).sshd.pid;
}

describe('failed and unreachable hosts @lab', function () {
  let lab: LabState;

  before(async () => {
    lab = await labUp({
      stateDir: join(tmpdir(), `skprun-failure-lab-${process.pid}`),
      hosts: 3,
      docker: false,
      skew: { c02: 600 },
      addressPrefix: prefix,
    });
  });

  after(async () => {
    if (lab) await labDown(lab.stateDir);
  });

  it('stops in the preflight when a clock is skewed, changing nothing', async () => {
    const before = await exportsOf(lab, 'c01');
    const run = await runSkprun(['-i', lab.inventoryFile, '--output', 'json', 'playbooks/registry.yml']);
    expect(run.status, run.stdout + run.stderr).to.equal(2);

    const failures = run.events.filter((e) => e.kind === 'host_result' && e.status === 'failed');
    expect(failures.map((e) => e.kind === 'host_result' && e.host)).to.deep.equal(['c02']);
    const message = failures[0].kind === 'host_result' ? failures[0].msg : '';
    const offset = Number(/offset ([+-]\d+\.\d+) s/.exec(message)?.[1]);
    expect(offset, message).to.be.closeTo(600, 1);

    const laterTasks = run.events.filter((e) => e.kind === 'task_start' && e.name !== 'Measure the clock offset against the controller');
    expect(laterTasks, 'tasks after the preflight').to.deep.equal([]);
    expect(await exportsOf(lab, 'c01')).to.equal(before);
  });

  it('marks a host with a stopped sshd unreachable and finishes the others', async () => {
    process.kill(sshdPid(lab, 'c03'), 'SIGTERM');
    const run = await runSkprun(['-i', lab.inventoryFile, '--output', 'json', 'test/fixtures/e2e/echo-hostname.yml']);
    expect(run.status, run.stdout + run.stderr).to.equal(3);
    const recap = recapOf(run);
    expect(recap.c03).to.include({ unreachable: 1, ok: 0 });
    expect(recap.c01).to.include({ ok: 1, unreachable: 0, failed: 0 });
    expect(recap.c02).to.include({ ok: 1, unreachable: 0, failed: 0 });
  });
});
