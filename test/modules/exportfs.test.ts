import { expect } from 'chai';
import type { Connection, ExecResult } from '../../src/connection/connection.js';
import exportfs, { planExportfs, type ExportfsArgs } from '../../src/modules/exportfs.js';
import type { ModuleContext } from '../../src/modules/module.js';
import { parseExports } from '../../src/modules/nfs/exports-file.js';
import { parseExportfsVerbose } from '../../src/modules/nfs/exportfs-table.js';
import { shellJoin } from '../../src/connection/quote.js';
import { writeFileAtomic } from '../../src/modules/files/atomic-write.js';
import nfsExport from '../../src/modules/nfs-export.js';
import { readFileExact as readRemoteFile } from '../../src/modules/files/read-file.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';

const LIVE = '/srv/a\n\t\t127.0.0.0/24(sync,wdelay,hide,no_subtree_check,sec=sys,rw,secure,root_squash,no_all_squash)\n';
const FILE = '/srv/a 127.0.0.0/24(rw)\n';

/** A host whose exportfs prints `live` until `exportfs -ra` makes it `after`. */
class FakeNfsHost implements Connection {
  readonly hostName = 'fake';
  readonly commands: string[] = [];
  constructor(
    private live: string,
    private readonly file: string,
    private readonly after: string,
    private readonly restart = '@@restart\nnone\n\n@@restart_output\n\n@@kernel\nnone\n',
  ) {}

  async exec(command: string): Promise<ExecResult> {
    this.commands.push(command);
    if (command.includes("echo '@@file'")) {
      return { stdout: `@@live\n${this.live}@@file\n${this.file}`, stderr: '', exitCode: 0 };
    }
    let stdout = '';
    if (command.includes('systemctl restart')) stdout += this.restart;
    if (command.includes('exportfs -ra')) {
      this.live = this.after;
      stdout += '@@reexport\n0\n@@reexport_output\n\n';
    }
    return { stdout: `${stdout}@@live\n${this.live}`, stderr: '', exitCode: 0 };
  }

  async close(): Promise<void> {}
}

function context(conn: Connection, check = false): ModuleContext {
  return { conn, flags: { check, diff: false }, hostName: 'fake', vars: {} };
}

function facts(live: string, file: string) {
  const fileEntries = parseExports(file).flatMap((r) => (r.kind === 'entry' ? [r.entry] : []));
  return { live: parseExportfsVerbose(live), fileEntries };
}

describe('planExportfs', () => {
  const cases: [string, ExportfsArgs, string, boolean, boolean][] = [
    ['re-exports by default', {}, LIVE, true, false],
    ['skips when changed and the table matches', { reexport: 'changed' }, LIVE, false, false],
    ['re-exports when changed and the table differs', { reexport: 'changed' }, '', true, false],
    ['never re-exports with never', { reexport: 'never' }, '', false, false],
    ['restarts when asked', { reexport: 'never', restart_server: true }, LIVE, false, true],
  ];
  for (const [name, args, live, reexport, restart] of cases) {
    it(name, () => {
      const plan = planExportfs(args, facts(live, FILE));
      expect(plan.reexport).to.equal(reexport);
      expect(plan.restart).to.equal(restart);
      if (!reexport && !restart) expect(plan.reason).to.be.a('string');
    });
  }
});

describe('exportfs module', () => {
  it('reports changed when exportfs -ra changes the table', async () => {
    const host = new FakeNfsHost('', FILE, LIVE);
    const result = await exportfs.run({ paths: ['/srv/a'] }, context(host));
    expect(result.failed).to.equal(undefined);
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal('re-exported (exportfs -ra); live table changed');
    expect(result.exports).to.have.length(1);
  });

  it('reports ok when the table stays the same', async () => {
    const host = new FakeNfsHost(LIVE, FILE, LIVE);
    const result = await exportfs.run({}, context(host));
    expect(result.changed).to.equal(false);
    expect(result.msg).to.match(/live table unchanged/);
  });

  it('fails naming the paths missing after re-export', async () => {
    const host = new FakeNfsHost('', FILE, LIVE);
    const result = await exportfs.run({ paths: ['/srv/a', '/srv/b', '/srv/c'] }, context(host));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('not in the live export table (exportfs -v): /srv/b, /srv/c');
  });

  it('runs nothing but the read in check mode', async () => {
    const host = new FakeNfsHost('', FILE, LIVE);
    const result = await exportfs.run({ paths: ['/srv/a'] }, context(host, true));
    expect(host.commands).to.have.length(1);
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal('would run exportfs -ra; not exported yet: /srv/a');
  });

  it('fails plainly when no NFS service exists', async () => {
    const host = new FakeNfsHost(LIVE, FILE, LIVE);
    const result = await exportfs.run({ restart_server: true }, context(host));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^cannot restart the NFS server: found no nfs-server systemd unit/);
  });

  it('says when the kernel has no NFS server', async () => {
    const restart = '@@restart\nservice nfs-kernel-server restart\n1\n@@restart_output\nfailed to start nfsd\n@@kernel\nnone\n';
    const host = new FakeNfsHost(LIVE, FILE, LIVE, restart);
    const result = await exportfs.run({ restart_server: true }, context(host));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(
      '`service nfs-kernel-server restart` exited with status 1 and the kernel has no NFS server loaded ' +
        '(no nfsd in /proc/filesystems), so nothing serves the exports: failed to start nfsd',
    );
  });

  it('fails when exportfs is not installed', async () => {
    const host: Connection = {
      hostName: 'bare',
      exec: async () => ({ stdout: '@@missing\n', stderr: '', exitCode: 0 }),
      close: async () => {},
    };
    const result = await exportfs.run({}, context(host));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^exportfs not found on the host/);
  });
});

describe('exportfs restart on a kernel without nfsd', () => {
  it('fails even when the init script exits 0', async () => {
    const restart =
      '@@restart\nservice nfs-kernel-server restart\n0\n@@restart_output\n' +
      'Not starting NFS kernel daemon: no support in current kernel ... (warning).\n@@kernel\nnone\n';
    const host = new FakeNfsHost(LIVE, FILE, LIVE, restart);
    const result = await exportfs.run({ restart_server: true }, context(host));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/exited with status 0 and the kernel has no NFS server loaded/);
    expect(result.msg).to.match(/no support in current kernel/);
  });
});

describe('exportfs on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  let original: { exists: boolean; content: string };
  const path = `/srv/skprun-exportfs-${runId}`;

  before(async () => {
    conn = await connectLabHost('c01');
    original = await readRemoteFile(conn, '/etc/exports');
    await conn.exec(shellJoin(['mkdir', '-p', path]));
    await runModule(nfsExport, conn, { path, clients: '127.0.4.0/24(rw,no_root_squash,no_subtree_check)' });
  });

  after(async () => {
    if (original.exists) await writeFileAtomic(conn, '/etc/exports', original.content);
    else await conn.exec('rm -f /etc/exports');
    await conn.exec(shellJoin(['rm', '-rf', path]));
    await conn.exec('PATH="$PATH:/usr/sbin"; exportfs -ra');
  });

  it('check mode changes nothing', async () => {
    const result = await runModule(exportfs, conn, { paths: [path], reexport: 'changed' }, { check: true });
    expect(result.msg).to.match(/^would run exportfs -ra/);
    const table = await conn.exec('PATH="$PATH:/usr/sbin"; exportfs -v');
    expect(table.stdout).to.not.include(path);
  });

  it('re-exports and finds the path in the live table', async () => {
    const result = await runModule(exportfs, conn, { paths: [path] });
    expect(result.failed).to.equal(undefined);
    expect(result.changed).to.equal(true);
    expect((result.exports as { path: string }[]).map((e) => e.path)).to.include(path);
  });

  it('reports ok when nothing changed', async () => {
    const always = await runModule(exportfs, conn, { paths: [path] });
    expect(always.changed).to.equal(false);
    const changed = await runModule(exportfs, conn, { paths: [path], reexport: 'changed' });
    expect(changed.changed).to.equal(false);
    expect(changed.msg).to.equal('live export table already matches the exports files');
  });

  it('fails naming a path that is not exported', async () => {
    const result = await runModule(exportfs, conn, { paths: [path, '/srv/not-exported'], reexport: 'never' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('not in the live export table (exportfs -v): /srv/not-exported');
  });

  it('says plainly that the lab kernel has no NFS server', async () => {
    const result = await runModule(exportfs, conn, { restart_server: true, reexport: 'never' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/NFS server/);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(exportfs, conn, { reexport: 'sometimes' }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('invalid arguments for exportfs: reexport: should be one of always, changed, never');
  });
});
