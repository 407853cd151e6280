import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { SshConnection } from '../../src/connection/ssh.js';
import { LabError, labDown, labStatus, labUp } from '../../src/lab/index.js';
import { extraLabPrefix, startSkewedLab, testLabStateDir, type ExtraLab } from '../support/lab.js';
import { killLabUpAt } from './kill-lab-up.js';
import { findLeftovers } from './leftovers.js';

function isZombie(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

function recordedNamespaces(stateDir: string): string[] {
  const record = JSON.parse(readFileSync(path.join(stateDir, 'lab-state.json'), 'utf8'));
  return record.hosts.map((h: { mountNamespace?: string }) => h.mountNamespace).filter(Boolean);
}

async function exec(connection: SshConnection, command: string): Promise<string> {
  const result = await connection.exec(command, { timeoutMs: 60_000 });
  expect(result.exitCode, `${connection.hostName}: ${command}: ${result.stderr}`).to.equal(0);
  return result.stdout.trim();
}

async function statusOf(url: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('lab lifecycle @lab', function () {
  let lab: ExtraLab;
  const connections: SshConnection[] = [];
  const connect = async (name: string) => {
    const connection = await lab.connect(name);
    connections.push(connection);
    return connection;
  };

  before(async () => {
    lab = await startSkewedLab({ c02: 600 }, { hosts: 2, docker: true, name: 'lifecycle' });
  });

  after(async () => {
    for (const connection of connections) await connection.close();
    await lab?.down();
  });

  it('shifts the clock of a skewed host only', async () => {
    const [c01, c02] = [await connect('c01'), await connect('c02')];
    const now = Math.floor(Date.now() / 1000);
    expect(Number(await exec(c02, 'date +%s')) - now).to.be.within(595, 605);
    expect(Number(await exec(c01, 'date +%s')) - now).to.be.within(-5, 5);
    expect(lab.state.hosts.map((h) => h.skewSeconds)).to.deep.equal([0, 600]);
  });

  it('runs ordinary commands on a skewed host', async () => {
    const c02 = await connect('c02');
    const started = Date.now();
    expect(
      await exec(c02, 'sleep 0.2 && ls / > /dev/null && docker ps -q | wc -l && echo done'),
    ).to.equal('0\ndone');
    expect(Date.now() - started).to.be.within(200, 5_000);
  });

  it('serves registry:2 on port 5000 of the host address', async () => {
    const c01 = await connect('c01');
    const volume = path.join(lab.state.sharedDir, 'volume-registry-skp');
    await exec(
      c01,
      `docker run -d --name registry -p 5000:5000 -v ${volume}:/var/lib/registry registry:2`,
    );
    expect(await statusOf(`http://${lab.state.hosts[0].address}:5000/v2/`)).to.equal(200);
    expect(
      await exec(
        c01,
        "docker inspect registry --format '{{json .Config.ExposedPorts}} {{json .Config.Volumes}}'",
      ),
    ).to.equal('{"5000/tcp":{}} {"/var/lib/registry":{}}');
  });

  it('pulls on c02 an image pushed to c01 through shared storage', async () => {
    const [c01, c02] = [await connect('c01'), await connect('c02')];
    const [a1, a2] = lab.state.hosts.map((h) => h.address);
    const volume = path.join(lab.state.sharedDir, 'volume-registry-skp');
    await exec(
      c02,
      `docker run -d --name registry -p 5000:5000 -v ${volume}:/var/lib/registry registry:2`,
    );
    await exec(
      c01,
      `docker tag busybox:latest ${a1}:5000/skp/busybox:1 && docker push ${a1}:5000/skp/busybox:1`,
    );
    expect(await statusOf(`http://${a2}:5000/v2/`)).to.equal(200);
    await exec(c02, `docker pull ${a2}:5000/skp/busybox:1`);
    expect(await exec(c02, `docker run --rm ${a2}:5000/skp/busybox:1 echo pulled`)).to.equal(
      'pulled',
    );
  });

  it('reports its running processes in labStatus', async () => {
    const status = await labStatus(lab.state.stateDir);
    expect(status.state?.hosts.map((h) => h.name)).to.deep.equal(['c01', 'c02']);
    expect(status.running).to.deep.equal({
      c01: { sshd: true, docker: true },
      c02: { sshd: true, docker: true },
    });
  });

  it('reports a stopped sshd in labStatus', async () => {
    const record = JSON.parse(
      readFileSync(path.join(lab.state.stateDir, 'lab-state.json'), 'utf8'),
    );
    const sshdPid: number = record.hosts[1].sshd.pid;
    process.kill(sshdPid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (existsSync(`/proc/${sshdPid}/cmdline`) && !isZombie(sshdPid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const status = await labStatus(lab.state.stateDir);
    expect(status.running.c02).to.deep.equal({ sshd: false, docker: true });
    expect(status.running.c01).to.deep.equal({ sshd: true, docker: true });
  });

  it('rejects a second lab on the same addresses', async () => {
    const other = testLabStateDir('same-addresses');
    const up = labUp({
      stateDir: other,
      hosts: 1,
      docker: false,
      skew: {},
      addressPrefix: extraLabPrefix,
    });
    const error = await up.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).to.be.instanceOf(LabError);
    expect(error?.message).to.match(/addresses are in use/);
    expect(existsSync(other)).to.equal(false);
  });

  it('removes every process, mount, interface and file on labDown', async () => {
    const c01 = await connect('c01');
    await exec(
      c01,
      'docker network create lab-down-net > /dev/null && docker run -d --network lab-down-net busybox sleep 600',
    );
    const { stateDir } = lab.state;
    const namespaces = recordedNamespaces(stateDir);
    expect(namespaces).to.have.length(2);

    await lab.down();
    expect(await findLeftovers(stateDir, extraLabPrefix, 2, namespaces)).to.deep.equal([]);
    expect((await labStatus(stateDir)).state).to.equal(undefined);
  });

  it('removes a lab whose labUp was killed half way', async () => {
    const stateDir = testLabStateDir('killed');
    await killLabUpAt(stateDir, /c0\d: docker engine up/);
    const namespaces = recordedNamespaces(stateDir);
    expect(JSON.parse(readFileSync(path.join(stateDir, 'lab-state.json'), 'utf8')).phase).to.equal(
      'starting',
    );

    await labDown(stateDir);
    expect(await findLeftovers(stateDir, extraLabPrefix, 2, namespaces)).to.deep.equal([]);
  });

  it('replaces a lab already up in the same folder', async () => {
    const stateDir = testLabStateDir('replaced');
    const first = await labUp({
      stateDir,
      hosts: 1,
      docker: false,
      skew: {},
      addressPrefix: extraLabPrefix,
    });
    const firstKey = readFileSync(first.knownHostsFile, 'utf8');
    const firstNamespaces = recordedNamespaces(stateDir);
    try {
      await labUp({ stateDir, hosts: 1, docker: false, skew: {}, addressPrefix: extraLabPrefix });
      expect(readFileSync(first.knownHostsFile, 'utf8')).to.not.equal(firstKey);
      expect((await labStatus(stateDir)).running).to.deep.equal({ c01: { sshd: true } });
    } finally {
      await labDown(stateDir);
    }
    expect(await findLeftovers(stateDir, extraLabPrefix, 1, firstNamespaces)).to.deep.equal([]);
  });

  it('does nothing on labDown when no lab is up', async () => {
    const stateDir = testLabStateDir('never-up');
    const lines: string[] = [];
    await labDown(stateDir, (line) => lines.push(line));
    expect(lines).to.deep.equal([`no lab is recorded in ${stateDir}`]);
    expect(await labStatus(stateDir)).to.deep.equal({ state: undefined, running: {} });
  });
});
