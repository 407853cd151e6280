import { expect } from 'chai';
import type { Connection } from '../../src/connection/connection.js';
import { checkArguments } from '../../src/engine/arguments.js';
import { writeFileAtomic } from '../../src/modules/files/atomic-write.js';
import nfsExport, { parseClientsArgument } from '../../src/modules/nfs-export.js';
import { readFileExact as readRemoteFile } from '../../src/modules/files/read-file.js';
import { runModule, runId } from './docker/lab-helpers.js';
import { connectLabHost } from '../support/lab.js';

describe('nfs_export clients argument', () => {
  it('reads the string form', () => {
    expect(parseClientsArgument('127.0.0.0/24(rw,sync) *(ro)')).to.deep.equal([
      { host: '127.0.0.0/24', options: ['rw', 'sync'] },
      { host: '*', options: ['ro'] },
    ]);
  });

  it('reads objects with list or string options', () => {
    expect(parseClientsArgument([{ host: 'a', options: ['rw'] }, { host: 'b', options: 'ro,sync' }, 'c(rw)'])).to.deep.equal([
      { host: 'a', options: ['rw'] },
      { host: 'b', options: ['ro', 'sync'] },
      { host: 'c', options: ['rw'] },
    ]);
  });

  it('rejects a word that would break the line', () => {
    expect(parseClientsArgument('a(rw)#x')).to.be.a('string');
    expect(parseClientsArgument([{ host: 'a', options: ['rw,#'] }])).to.match(/invalid option/);
    expect(parseClientsArgument('')).to.match(/clients is empty/);
  });
});

describe('nfs_export schema', () => {
  const problems = (args: Record<string, unknown>) => checkArguments(nfsExport, args);

  it('requires clients unless absent', () => {
    expect(problems({ path: '/srv/a' })).to.not.deep.equal([]);
    expect(problems({ path: '/srv/a', state: 'absent' })).to.deep.equal([]);
  });

  it('rejects a relative path and unknown keys', () => {
    expect(problems({ path: 'srv', clients: 'h(rw)' }).join()).to.match(/path/);
    expect(problems({ path: '/srv', clients: 'h(rw)', fsid: 1 }).join()).to.match(/unsupported parameter fsid/);
  });

  it('rejects a host with spaces', () => {
    expect(problems({ path: '/srv', clients: [{ host: 'a b', options: ['rw'] }] })).to.not.deep.equal([]);
  });
});

describe('nfs_export on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  let original: { exists: boolean; content: string };
  const path = `/srv/skprun-test-${runId}/volume registry`;
  const task = { path, clients: [{ host: '127.0.4.0/24', options: ['rw', 'insecure', 'no_root_squash', 'no_subtree_check', 'sync'] }] };

  before(async () => {
    conn = await connectLabHost('c01');
    original = await readRemoteFile(conn, '/etc/exports');
  });

  after(async () => {
    // Puts the lab host's own /etc/exports back as it was.
    if (original.exists) await writeFileAtomic(conn, '/etc/exports', original.content);
    else await conn.exec('rm -f /etc/exports');
  });

  async function exportsFile(): Promise<string> {
    return (await readRemoteFile(conn, '/etc/exports')).content;
  }

  it('check mode writes nothing but reports the change', async () => {
    const before = await exportsFile();
    const result = await runModule(nfsExport, conn, task, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.have.property('after').that.includes(`"${path}" 127.0.4.0/24(rw,insecure,no_root_squash,no_subtree_check,sync)`);
    expect(await exportsFile()).to.equal(before);
  });

  it('adds the export', async () => {
    const before = await exportsFile();
    const result = await runModule(nfsExport, conn, task);
    expect(result.changed).to.equal(true);
    expect(await exportsFile()).to.equal(`${before}${before === '' || before.endsWith('\n') ? '' : '\n'}"${path}" 127.0.4.0/24(rw,insecure,no_root_squash,no_subtree_check,sync)\n`);
  });

  it('reports ok the second time, also with options reordered', async () => {
    expect((await runModule(nfsExport, conn, task)).changed).to.equal(false);
    const reordered = { path, clients: '127.0.4.0/24(sync,no_subtree_check,no_root_squash,insecure,rw)' };
    const result = await runModule(nfsExport, conn, reordered);
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(`${path} is exported to the same clients with the same options`);
  });

  it('rewrites the line in place when the options change', async () => {
    const before = (await exportsFile()).split('\n');
    const result = await runModule(nfsExport, conn, { path, clients: '127.0.4.0/24(ro,sync)', backup: true });
    expect(result.changed).to.equal(true);
    const after = (await exportsFile()).split('\n');
    expect(after).to.have.length(before.length);
    expect(after.filter((l) => l.includes(path))).to.deep.equal([`"${path}" 127.0.4.0/24(ro,sync)`]);
    const backup = await readRemoteFile(conn, result.backup_file as string);
    expect(backup.content.split('\n')).to.deep.equal(before);
    await conn.exec(`rm -f '${result.backup_file as string}'`);
  });

  it('removes the export with absent', async () => {
    const result = await runModule(nfsExport, conn, { path, state: 'absent' });
    expect(result.changed).to.equal(true);
    expect(await exportsFile()).to.not.include(path);
    expect((await runModule(nfsExport, conn, { path, state: 'absent' })).changed).to.equal(false);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(nfsExport, conn, { path, clients: 'h(rw)', state: 'exported' }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('invalid arguments for nfs_export: state: should be one of present, absent');
  });
});
