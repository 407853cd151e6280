import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Connection } from '../../src/connection/connection.js';
import type { SshConnection } from '../../src/connection/ssh.js';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';
import { connectLabHost, extraLabPrefix, openLabConnection, sharedLab } from '../support/lab.js';

const unique = `private-${process.pid}`;
/** What the lab itself puts in root's home. */
const labHomeEntries = ['.bashrc', '.profile', '.ssh'];
/**
 * Entries that may be in both homes without one showing the other's: the
 * lab's, and `.ansible`, which Ansible writes both on this machine and on
 * the hosts it reaches (the conformance tests run it against the shared lab).
 */
const sameNamedEntries = [...labHomeEntries, '.ansible'];

async function run(connection: Connection, command: string): Promise<string> {
  const result = await connection.exec(command, { timeoutMs: 60_000 });
  expect(result.exitCode, `${connection.hostName}: ${command}: ${result.stderr}`).to.equal(0);
  return result.stdout.trim();
}

async function exists(connection: Connection, file: string): Promise<boolean> {
  return (await run(connection, `test -e ${file} && echo present || echo absent`)) === 'present';
}

/** Entries of this machine's /root, apart from those the lab writes too. */
function machineRootEntries(): string[] {
  return readdirSync('/root').filter((entry) => !sameNamedEntries.includes(entry));
}

describe('lab private folders @lab', function () {
  this.timeout(120_000);
  let c01: Connection;
  let c02: Connection;
  let lab: LabState;

  before(async () => {
    lab = await sharedLab();
    [c01, c02] = [await connectLabHost('c01'), await connectLabHost('c02')];
  });

  for (const dir of ['/srv', '/root', '/home', '/opt']) {
    it(`keeps ${dir} private to each host`, async () => {
      const file = `${dir}/${unique}`;
      await run(c01, `echo c01 > ${file}`);
      try {
        expect(await run(c01, `cat ${file}`)).to.equal('c01');
        expect(existsSync(file), `machine ${file}`).to.equal(false);
        expect(await exists(c02, file), `c02 ${file}`).to.equal(false);
      } finally {
        await run(c01, `rm -f ${file}`);
      }
    });
  }

  it('shows none of the machine /root on a host', async () => {
    const hostEntries = (await run(c01, 'ls -A /root')).split('\n');
    expect(hostEntries.filter((entry) => machineRootEntries().includes(entry))).to.deep.equal([]);
    expect(await run(c01, 'wc -c < /root/.bashrc')).to.equal('0');
  });

  it('mounts root home on /root', async () => {
    expect(await run(c01, 'test ~/.ssh/authorized_keys -ef /root/.ssh/authorized_keys && echo same')).to.equal('same');
  });

  it('shares /tmp while the state folder is under it', async () => {
    expect(lab.stateDir.startsWith('/tmp/')).to.equal(true);
    const file = `/tmp/skprun-${unique}`;
    await run(c01, `echo c01 > ${file}`);
    try {
      expect(existsSync(file)).to.equal(true);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('lab with its state folder under /root @lab', function () {
  this.timeout(180_000);
  const stateDir = `/root/skprun-test-lab-${process.pid}-private`;
  let lab: LabState;
  let c01: SshConnection;

  before(async () => {
    lab = await labUp({ stateDir, hosts: 1, docker: false, skew: {}, addressPrefix: extraLabPrefix });
    c01 = await openLabConnection(lab, 'c01');
  });

  after(async () => {
    await c01?.close();
    await labDown(stateDir);
  });

  it('logs in and sees the state folder at its path', async () => {
    expect(await run(c01, 'hostname')).to.equal('c01');
    expect(await run(c01, `test -f ${lab.inventoryFile} && echo found`)).to.equal('found');
  });

  it('shows the shared folder at the same path', async () => {
    const file = path.join(lab.sharedDir, unique);
    await run(c01, `echo c01 > ${file}`);
    expect(existsSync(file)).to.equal(true);
  });

  it('keeps /root private, holding only the lab', async () => {
    const hostEntries = (await run(c01, 'ls -A /root')).split('\n').sort();
    expect(hostEntries).to.deep.equal([...labHomeEntries, path.basename(stateDir)].sort());
    await run(c01, `echo c01 > /root/${unique}`);
    expect(existsSync(`/root/${unique}`)).to.equal(false);
  });

  it('keeps /tmp private', async () => {
    const file = `/tmp/skprun-${unique}`;
    await run(c01, `echo c01 > ${file}`);
    expect(existsSync(file)).to.equal(false);
  });

  it('removes the state folder on labDown', async () => {
    await c01.close();
    await labDown(stateDir);
    expect(existsSync(stateDir)).to.equal(false);
  });
});
