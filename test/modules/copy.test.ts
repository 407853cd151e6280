import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import copy, { planCopy, sourceCandidates } from '../../src/modules/copy.js';
import type { PathStat } from '../../src/modules/files/path-stat.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';
import type { Connection } from '../../src/connection/connection.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';

const HELLO_SHA1 = 'f572d396fae9206628714fb2ce00f72e94f2258f'; // sha1 of "hello\n"
const HELLO_MD5 = 'b1946ac92492d2347c6235b4d2611184'; // md5 of "hello\n"

/** Bytes that are not valid UTF-8 (0xff, 0xe9 alone), with NULs and every byte value. */
const BINARY = Buffer.concat([Buffer.from([0xff, 0x00, 0xe9, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
const BINARY_SHA1 = createHash('sha1').update(BINARY).digest('hex');

describe('planCopy', () => {
  const source = { bytes: Buffer.from('hello\n') };
  const existing: PathStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, user: 'root', group: 'root', sha1: HELLO_SHA1, umask: 0o022 };

  it('writes a missing file', () => {
    expect(planCopy({ dest: '/d' }, source, { type: 'absent', umask: 0o022 }, '/d')).to.include({ action: 'write', reason: 'created /d' });
  });

  it('leaves the same content', () => {
    expect(planCopy({ dest: '/d', mode: '0644' }, source, existing, '/d')).to.deep.equal({ action: 'none', reason: '/d has the same content, mode' });
  });

  it('changes only the mode when content matches', () => {
    expect(planCopy({ dest: '/d', mode: '0600' }, source, existing, '/d')).to.include({ action: 'attributes', reason: '/d: mode 0644 -> 0600' });
  });

  it('replaces different content', () => {
    expect(planCopy({ dest: '/d' }, source, { ...existing, sha1: 'x' }, '/d')).to.include({ action: 'write' });
  });

  it('keeps an existing file with force false', () => {
    expect(planCopy({ dest: '/d', force: false }, source, { ...existing, sha1: 'x' }, '/d')).to.include({ action: 'none' });
  });

  it('compares bytes where the host has no sha1sum', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xe9]);
    const noSha1 = { ...existing, sha1: undefined };
    const lookalike = Buffer.from([0xfe, 0x00, 0xe9]);
    expect(planCopy({ dest: '/d' }, { bytes }, noSha1, '/d', Buffer.from(bytes))).to.include({ action: 'none' });
    expect(planCopy({ dest: '/d' }, { bytes }, noSha1, '/d', lookalike)).to.include({ action: 'write' });
  });

  it('looks in the role files folder first', () => {
    const candidates = sourceCandidates('a.conf', { role_path: '/r', playbook_dir: '/p' });
    expect(candidates.slice(0, 4)).to.deep.equal(['/r/files/a.conf', '/r/a.conf', '/p/files/a.conf', '/p/a.conf']);
  });
});

describe('copy in a temp folder', () => {
  const conn = new ShellConnection();
  let dir: string;
  const run = (args: Parameters<typeof copy.run>[0], flags = { check: false, diff: false }) =>
    copy.run(args, shellContext(conn, flags));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-copy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, keeps, then replaces a file', async () => {
    const dest = join(dir, 'conf');
    const created = await run({ dest, content: 'hello\n', mode: '0640' });
    expect(created.changed).to.equal(true);
    expect(created.checksum).to.equal(HELLO_SHA1);
    expect(readFileSync(dest, 'utf8')).to.equal('hello\n');
    expect(statSync(dest).mode & 0o777).to.equal(0o640);

    const again = await run({ dest, content: 'hello\n', mode: '0640' });
    expect(again.changed).to.equal(false);
    expect(again.msg).to.equal(`${dest} has the same content, mode`);

    const replaced = await run({ dest, content: 'bye\n' });
    expect(replaced.changed).to.equal(true);
    expect(statSync(dest).mode & 0o777).to.equal(0o640);
    expect(readdirSync(dir)).to.deep.equal(['conf']);
  });

  it('returns the keys Ansible returns', async () => {
    const dest = join(dir, 'conf');
    const created = await run({ dest, content: 'hello\n', mode: '0640' });
    const { uid, gid } = statSync(dest);
    expect(created).to.include({ dest, checksum: HELLO_SHA1, md5sum: HELLO_MD5, size: 6, mode: '0640', state: 'file', uid, gid });
    expect(created.owner).to.be.a('string');
    expect(created).to.not.have.property('path');

    const again = await run({ dest, content: 'hello\n', mode: '0640' });
    expect(again).to.include({ dest, path: dest, checksum: HELLO_SHA1, size: 6, mode: '0640', state: 'file', uid, gid });
    expect(again).to.not.have.property('md5sum');

    const chmodded = await run({ dest, content: 'hello\n', mode: 'g-r' });
    expect(chmodded).to.include({ changed: true, mode: '0600', state: 'file' });
  });

  it('returns a diff and writes nothing in check mode', async () => {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'a\nb\n');
    const result = await run({ dest, content: 'a\nc\n' }, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.deep.include({ before: 'a\nb\n', after: 'a\nc\n' });
    expect(readFileSync(dest, 'utf8')).to.equal('a\nb\n');
  });

  it('keeps a backup', async () => {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'old\n');
    const result = await run({ dest, content: 'new\n', backup: true });
    expect(result.backup_file).to.be.a('string');
    expect(readFileSync(result.backup_file as string, 'utf8')).to.equal('old\n');
  });

  it('writes through a symlink to its target', async () => {
    writeFileSync(join(dir, 'real'), 'old\n');
    symlinkSync('real', join(dir, 'link'));
    await run({ dest: join(dir, 'link'), content: 'new\n' });
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).to.equal(true);
    expect(readFileSync(join(dir, 'real'), 'utf8')).to.equal('new\n');
  });

  it('rejects content that fails validate and keeps the old file', async () => {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'good\n');
    const result = await run({ dest, content: 'bad\n', validate: 'grep -q good %s' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/the validate command rejected the new content/);
    expect(readFileSync(dest, 'utf8')).to.equal('good\n');
    expect(readdirSync(dir)).to.deep.equal(['conf']);
  });

  it('copies a controller file into a folder dest', async () => {
    const src = join(dir, 'src.txt');
    writeFileSync(src, 'from controller\n', { mode: 0o600 });
    mkdirSync(join(dir, 'out'));
    const result = await run({ src, dest: join(dir, 'out'), mode: 'preserve' });
    expect(result.dest).to.equal(join(dir, 'out', 'src.txt'));
    expect(statSync(join(dir, 'out', 'src.txt')).mode & 0o777).to.equal(0o600);
  });

  it('copies a binary src byte for byte, then reports ok', async () => {
    const src = join(dir, 'blob.bin');
    writeFileSync(src, BINARY);
    const dest = join(dir, 'copied.bin');

    const created = await run({ src, dest }, { check: false, diff: true });
    expect(created.changed).to.equal(true);
    expect(created.diff).to.equal(undefined);
    expect(readFileSync(dest).equals(BINARY)).to.equal(true);

    const again = await run({ src, dest });
    expect(again.changed).to.equal(false);
  });

  it('fails for a missing src', async () => {
    const result = await run({ src: join(dir, 'nope'), dest: join(dir, 'x') });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^copy: src .* not found on the controller/);
  });
});

describe('copy on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const dest = `/etc/skprun-copy-${runId}.conf`;

  before(async () => {
    conn = await connectLabHost('c03');
  });
  after(async () => {
    await conn.exec(`rm -f ${dest} ${dest}.*~`);
  });

  it('check mode creates nothing', async () => {
    const result = await runModule(copy, conn, { dest, content: 'a=1\n' }, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.deep.include({ before: '', after: 'a=1\n' });
    expect((await conn.exec(`test -e ${dest}`)).exitCode).to.equal(1);
  });

  it('creates the file in the lab /etc, then reports ok', async () => {
    expect((await runModule(copy, conn, { dest, content: 'a=1\n', mode: '0600' })).changed).to.equal(true);
    expect((await conn.exec(`stat -c %a ${dest}; cat ${dest}`)).stdout.trim()).to.equal('600\na=1');
    const again = await runModule(copy, conn, { dest, content: 'a=1\n', mode: '0600' });
    expect(again.changed).to.equal(false);
  });

  it('replaces changed content and keeps a backup', async () => {
    const result = await runModule(copy, conn, { dest, content: 'a=2\n', backup: true });
    expect(result.changed).to.equal(true);
    expect((await conn.exec(`cat ${result.backup_file as string}`)).stdout.trim()).to.equal('a=1');
  });

  it('copies a binary src, then reports ok', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'skprun-copy-src-'));
    const src = join(folder, 'blob.bin');
    writeFileSync(src, BINARY);
    try {
      const created = await runModule(copy, conn, { src, dest: `${dest}.bin` });
      expect(created.changed).to.equal(true);
      expect((await conn.exec(`sha1sum < ${dest}.bin`)).stdout.split(' ')[0]).to.equal(BINARY_SHA1);
      const again = await runModule(copy, conn, { src, dest: `${dest}.bin` });
      expect(again.changed).to.equal(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await conn.exec(`rm -f ${dest}.bin`);
    }
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(copy, conn, { dest }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for copy: /);
  });
});
