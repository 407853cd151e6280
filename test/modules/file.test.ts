import { expect } from 'chai';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import file, { planFile, type FileArgs } from '../../src/modules/file.js';
import type { PathStat } from '../../src/modules/files/path-stat.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';
import type { Connection } from '../../src/connection/connection.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';

const absent: PathStat = { type: 'absent', umask: 0o022 };
const regular: PathStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, user: 'root', group: 'root', umask: 0o022 };
const folder: PathStat = { ...regular, type: 'directory', mode: 0o755 };

describe('planFile', () => {
  const cases: [string, FileArgs, PathStat, string][] = [
    ['creates a folder', { state: 'directory' }, absent, 'created folder /p'],
    ['keeps a folder', { state: 'directory', mode: '0755' }, folder, '/p is a folder with the requested attributes'],
    ['changes a folder mode', { state: 'directory', mode: 'g+w' }, folder, '/p: mode 0755 -> 0775'],
    ['removes a file', { state: 'absent' }, regular, 'removed /p'],
    ['keeps an absent path', { state: 'absent' }, absent, '/p is absent'],
    ['changes an owner by name', { owner: 'nobody' }, regular, '/p: owner root -> nobody'],
    ['accepts a numeric owner', { owner: '0', group: '0' }, regular, '/p exists with the requested attributes'],
  ];
  for (const [name, args, stat, reason] of cases) {
    it(name, () => {
      const plan = planFile(args, '/p', { stat });
      expect(plan).to.have.property('reason', reason);
    });
  }

  const failures: [string, FileArgs, PathStat, RegExp][] = [
    ['a missing file', { state: 'file' }, absent, /^file \(\/p\) is absent, cannot continue$/],
    ['a file where a folder is wanted', { state: 'directory' }, regular, /already exists as a file/],
    ['recurse without directory', { state: 'file', recurse: true }, regular, /recurse needs state=directory/],
    ['link without src', { state: 'link' }, absent, /src is required/],
    ['a file replaced by a link', { state: 'link', src: '/t' }, regular, /refusing to convert from file to symlink/],
  ];
  for (const [name, args, stat, message] of failures) {
    it(`fails on ${name}`, () => {
      const plan = planFile(args, '/p', { stat, srcExists: true });
      expect(plan).to.have.property('failure').that.matches(message);
    });
  }
});

describe('file in a temp folder', () => {
  const conn = new ShellConnection();
  let dir: string;
  const run = (args: FileArgs, check = false) => file.run(args, shellContext(conn, { check, diff: false }));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a folder, then reports ok', async () => {
    const path = join(dir, 'a/b');
    const first = await run({ path, state: 'directory', mode: '0750' });
    expect(first.changed).to.equal(true);
    expect(statSync(path).mode & 0o7777).to.equal(0o750);
    const second = await run({ path, state: 'directory', mode: '0750' });
    expect(second.changed).to.equal(false);
    expect(second.msg).to.equal(`${path} is a folder with the requested attributes`);
  });

  it('changes a mode and nothing in check mode', async () => {
    const path = join(dir, 'f');
    writeFileSync(path, '', { mode: 0o644 });
    const checked = await run({ path, mode: '0600' }, true);
    expect(checked.changed).to.equal(true);
    expect(statSync(path).mode & 0o777).to.equal(0o644);
    await run({ path, mode: '0600' });
    expect(statSync(path).mode & 0o777).to.equal(0o600);
  });

  it('removes a folder tree', async () => {
    mkdirSync(join(dir, 'x/y'), { recursive: true });
    const result = await run({ path: join(dir, 'x'), state: 'absent' });
    expect(result.changed).to.equal(true);
    expect(existsSync(join(dir, 'x'))).to.equal(false);
  });

  it('links, relinks and keeps a link', async () => {
    const path = join(dir, 'link');
    writeFileSync(join(dir, 't1'), '');
    writeFileSync(join(dir, 't2'), '');
    expect((await run({ path, state: 'link', src: 't1' })).changed).to.equal(true);
    expect(readlinkSync(path)).to.equal('t1');
    expect((await run({ path, state: 'link', src: 't1' })).changed).to.equal(false);
    const relinked = await run({ path, state: 'link', src: 't2' });
    expect(relinked.msg).to.equal(`relinked ${path} from t1 to t2`);
    expect(lstatSync(path).isSymbolicLink()).to.equal(true);
  });

  it('refuses a link to a missing src without force', async () => {
    const result = await run({ path: join(dir, 'l'), state: 'link', src: 'missing' });
    expect(result.failed).to.equal(true);
    const forced = await run({ path: join(dir, 'l'), state: 'link', src: 'missing', force: true });
    expect(forced.changed).to.equal(true);
  });

  it('touches a new file and keeps times with preserve', async () => {
    const path = join(dir, 't');
    expect((await run({ path, state: 'touch', mode: 'u=rw' })).msg).to.equal(`created ${path}`);
    expect(statSync(path).mode & 0o777).to.equal(0o644);
    const kept = await run({ path, state: 'touch', modification_time: 'preserve', access_time: 'preserve' });
    expect(kept.changed).to.equal(false);
  });

  it('returns the path keys Ansible returns', async () => {
    const touched = await run({ path: join(dir, 't'), state: 'touch', mode: '0600' });
    const { uid, gid } = statSync(join(dir, 't'));
    expect(touched).to.include({ dest: join(dir, 't'), state: 'file', mode: '0600', size: 0, uid, gid });
    expect(touched).to.not.have.property('path');
    expect(touched.owner).to.be.a('string');

    const linked = await run({ path: join(dir, 'l'), state: 'link', src: 't' });
    expect(linked).to.include({ dest: join(dir, 'l'), src: 't', state: 'link', mode: '0777', size: 1 });

    const folder = await run({ path: join(dir, 'd'), state: 'directory', mode: '0750' });
    expect(folder).to.include({ path: join(dir, 'd'), state: 'directory', mode: '0750' });
    const kept = await run({ path: join(dir, 'd'), state: 'directory' });
    expect(kept).to.include({ path: join(dir, 'd'), state: 'directory', mode: '0750' });

    const removed = await run({ path: join(dir, 'd'), state: 'absent' });
    expect(removed).to.include({ path: join(dir, 'd'), state: 'absent' });
    expect(removed).to.not.have.property('mode');
  });

  it('reports a file with two hard links as hard', async () => {
    writeFileSync(join(dir, 'a'), 'x');
    linkSync(join(dir, 'a'), join(dir, 'b'));
    expect(await run({ path: join(dir, 'a') })).to.include({ changed: false, state: 'hard', size: 1 });
  });

  it('reports a new folder as absent in check mode', async () => {
    const checked = await run({ path: join(dir, 'new'), state: 'directory' }, true);
    expect(checked).to.include({ changed: true, path: join(dir, 'new') });
    expect(checked).to.not.have.property('state');
  });

  it('applies a mode under a folder with recurse', async () => {
    mkdirSync(join(dir, 'tree/sub'), { recursive: true });
    writeFileSync(join(dir, 'tree/sub/f'), '', { mode: 0o600 });
    const args: FileArgs = { path: join(dir, 'tree'), state: 'directory', recurse: true, mode: 'u=rwX,go=rX' };
    expect((await run(args)).changed).to.equal(true);
    expect(statSync(join(dir, 'tree/sub/f')).mode & 0o777).to.equal(0o644);
    expect(statSync(join(dir, 'tree/sub')).mode & 0o777).to.equal(0o755);
    expect((await run(args)).changed).to.equal(false);
  });
});

describe('file on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const path = `/srv/skprun-file-${runId}`;

  before(async () => {
    conn = await connectLabHost('c03');
  });
  after(async () => {
    await conn.exec(`rm -rf ${path}`);
  });

  it('creates a folder, reports ok, changes mode, removes it', async () => {
    expect((await runModule(file, conn, { path, state: 'directory', mode: '0755' }, { check: true })).changed).to.equal(true);
    expect((await conn.exec(`test -e ${path}`)).exitCode).to.equal(1);
    expect((await runModule(file, conn, { path, state: 'directory', mode: '0755' })).changed).to.equal(true);
    expect((await runModule(file, conn, { path, state: 'directory', mode: '0755' })).changed).to.equal(false);
    const changed = await runModule(file, conn, { path, state: 'directory', mode: '0700', owner: 'nobody' });
    expect(changed.msg).to.equal(`${path}: mode 0755 -> 0700, owner root -> nobody`);
    expect((await conn.exec(`stat -c '%a %U' ${path}`)).stdout.trim()).to.equal('700 nobody');
    expect((await runModule(file, conn, { path, state: 'absent' })).changed).to.equal(true);
    expect((await conn.exec(`test -e ${path}`)).exitCode).to.equal(1);
  });

  it('fails on an unknown owner with the chown message', async () => {
    const result = await runModule(file, conn, { path, state: 'directory', owner: 'skprun-no-such-user' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/invalid user/);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(file, conn, { path, state: 'hard' }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('invalid arguments for file: state: should be one of file, directory, absent, touch, link');
  });
});
