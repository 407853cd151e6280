import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from '../../src/connection/connection.js';
import stat, { describeReport, reportOptions, type StatArgs } from '../../src/modules/stat.js';
import { parseStatReport, pathWord, statReportCommand, StatReportError } from '../../src/modules/files/stat-report.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';

// The keys ansible-core 2.14.18's stat returned for a regular file with the default arguments.
// prettier-ignore
const ANSIBLE_FILE_KEYS = [
  'atime', 'attr_flags', 'attributes', 'block_size', 'blocks', 'charset', 'checksum', 'ctime', 'dev',
  'device_type', 'executable', 'exists', 'gid', 'gr_name', 'inode', 'isblk', 'ischr', 'isdir', 'isfifo',
  'isgid', 'islnk', 'isreg', 'issock', 'isuid', 'mimetype', 'mode', 'mtime', 'nlink', 'path', 'pw_name',
  'readable', 'rgrp', 'roth', 'rusr', 'size', 'uid', 'version', 'wgrp', 'woth', 'writeable', 'wusr',
  'xgrp', 'xoth', 'xusr',
];

const defaults = reportOptions({ path: '/x' });

describe('stat parseStatReport', () => {
  const line = (mode: string, major = '0', minor = '0') =>
    `stat\t${mode}|0|0|root|UNKNOWN|6|12|65024|1|1700000000.5|1700000001.25|1700000002.000000000|8|4096|${major}|${minor}\n`;

  it('reads a regular file', () => {
    const report = parseStatReport('/f', `${line('81a4')}access\tr\naccess\tw\nchecksum\tabc\n`, defaults);
    expect(report).to.include({ exists: true, path: '/f', mode: '0644', isreg: true, isdir: false, size: 6, mtime: 1700000001.25 });
    expect(report).to.include({ readable: true, writeable: true, executable: false, checksum: 'abc', pw_name: 'root' });
  });

  it('leaves out a group without a name', () => {
    expect(parseStatReport('/f', line('81a4'), defaults)).to.not.have.property('gr_name');
  });

  it('reads set-id bits and a folder', () => {
    const report = parseStatReport('/d', line('45ff'), defaults);
    expect(report).to.include({ isdir: true, mode: '2777', isgid: true, isuid: false });
  });

  it('computes device_type as glibc makedev', () => {
    expect(parseStatReport('/dev/null', line('21b6', '1', '3'), defaults)).to.include({ ischr: true, device_type: 259 });
    // The expected numbers are Python's os.makedev(103, 100000) and os.makedev(0x1234, 5).
    expect(parseStatReport('/dev/x', line('61b0', '67', '186a0'), defaults).device_type).to.equal(408971168);
    expect(parseStatReport('/dev/x', line('61b0', '1234', '5'), defaults).device_type).to.equal(17592186188805);
  });

  it('gives unknown MIME data without file', () => {
    expect(parseStatReport('/f', line('81a4'), defaults)).to.include({ mimetype: 'unknown', charset: 'unknown' });
  });

  it('names lsattr flags as Ansible does', () => {
    const report = parseStatReport('/f', `${line('81a4')}lsattr\t42 ----i---------e------- /f\n`, defaults);
    expect(report).to.deep.include({ version: '42', attr_flags: 'ie', attributes: ['immutable', 'extents'] });
  });

  it('reads a missing path as exists false', () => {
    expect(parseStatReport('/x', 'stat\tabsent\n', defaults)).to.deep.equal({ exists: false });
  });

  it('raises for a stat error or a missing tool', () => {
    expect(() => parseStatReport('/x', "error\tstat: cannot statx '/x': Permission denied\n", defaults)).to.throw(StatReportError, /Permission denied/);
    const sha256 = reportOptions({ path: '/x', checksum_algorithm: 'sha256' });
    expect(() => parseStatReport('/x', `${line('81a4')}missing-tool\tsha256sum\n`, sha256)).to.throw(/no sha256sum for checksum_algorithm sha256/);
  });

  it('expands a leading ~ only', () => {
    expect(pathWord('~/a b')).to.equal(`"$HOME"'/a b'`);
    expect(pathWord('~')).to.equal('"$HOME"');
    expect(pathWord('/x/~')).to.equal("'/x/~'");
  });

  it('takes the aliases of each option', () => {
    const options = reportOptions({ path: '/x', checksum: 'md5', mime: false, attr: false, follow: true });
    expect(options).to.deep.equal({ follow: true, checksum: 'md5', mime: false, attributes: false });
    expect(reportOptions({ path: '/x', get_checksum: false }).checksum).to.equal(undefined);
  });

  it('leaves optional steps out of the command', () => {
    const command = statReportCommand('/x', { follow: true, mime: false, attributes: false });
    expect(command).to.include('stat -L -c');
    expect(command).to.not.match(/sha1sum|file -b|lsattr|readlink/);
  });
});

describe('stat module on local paths', () => {
  const conn = new ShellConnection();
  let dir: string;
  const run = (args: StatArgs) => stat.run(args, shellContext(conn));
  const reportOf = async (args: StatArgs) => (await run(args)).stat as Record<string, unknown>;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-stat-'));
    await writeFile(path.join(dir, 'file'), 'hello\n');
    await chmod(path.join(dir, 'file'), 0o640);
    await symlink('file', path.join(dir, 'link'));
    await mkdir(path.join(dir, 'folder'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('returns the keys Ansible returns for a file', async () => {
    expect(Object.keys(await reportOf({ path: path.join(dir, 'file') })).sort()).to.deep.equal(ANSIBLE_FILE_KEYS);
  });

  it('matches what node reads of a file', async () => {
    const file = path.join(dir, 'file');
    const report = await reportOf({ path: file });
    const info = await lstat(file);
    expect(report).to.include({ mode: '0640', isreg: true, size: 6, inode: info.ino, dev: info.dev, nlink: 1, uid: info.uid });
    expect(report.mtime).to.be.closeTo(info.mtimeMs / 1000, 0.001);
    expect(report.checksum).to.equal(createHash('sha1').update('hello\n').digest('hex'));
    expect(report).to.include({ mimetype: 'text/plain', charset: 'us-ascii' });
  });

  it('uses the checksum algorithm asked for', async () => {
    const report = await reportOf({ path: path.join(dir, 'file'), checksum_algorithm: 'sha256' });
    expect(report.checksum).to.equal(createHash('sha256').update('hello\n').digest('hex'));
  });

  it('reports a symlink without following it', async () => {
    const report = await reportOf({ path: path.join(dir, 'link') });
    expect(report).to.include({ islnk: true, isreg: false, mode: '0777', lnk_target: 'file', lnk_source: path.join(dir, 'file') });
    expect(report).to.not.have.property('checksum');
  });

  it('follows a symlink with follow', async () => {
    const report = await reportOf({ path: path.join(dir, 'link'), follow: true });
    expect(report).to.include({ islnk: false, isreg: true, mode: '0640' });
    expect(report).to.have.property('checksum');
    expect(report).to.not.have.property('lnk_target');
  });

  it('reports a folder and a character device', async () => {
    expect(await reportOf({ path: path.join(dir, 'folder') })).to.include({ isdir: true, executable: true });
    expect(await reportOf({ path: '/dev/null' })).to.include({ ischr: true, device_type: (await lstat('/dev/null')).rdev });
  });

  it('reports a missing path and says so', async () => {
    const result = await run({ path: path.join(dir, 'nope') });
    expect(result.changed).to.equal(false);
    expect(result.stat).to.deep.equal({ exists: false });
    expect(result.msg).to.equal(`${path.join(dir, 'nope')} does not exist`);
  });

  it('fails on a stat error other than a missing path', async () => {
    const result = await run({ path: path.join(dir, 'file', 'below') });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^stat .*: cannot statx? .*Not a directory/);
  });

  it('describes a file in one line', () => {
    const report = { exists: true, isreg: true, mode: '0600', pw_name: 'app', gr_name: 'app' };
    expect(describeReport('/f', report)).to.equal('/f is a regular file, mode 0600, owned by app:app');
  });
});

describe('stat on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const file = `/etc/skprun-stat-${runId}.conf`;

  before(async () => {
    conn = await connectLabHost('c01');
    await conn.exec(`printf 'a=1\\n' > ${file} && chmod 0600 ${file}`);
  });
  after(async () => {
    await conn.exec(`rm -f ${file}`);
  });

  it('reports a file in the lab /etc', async () => {
    const result = await runModule(stat, conn, { path: file });
    expect(result.changed).to.equal(false);
    expect(result.stat).to.include({ exists: true, isreg: true, mode: '0600', size: 4, pw_name: 'root' });
    expect((result.stat as Record<string, unknown>).checksum).to.equal(createHash('sha1').update('a=1\n').digest('hex'));
  });

  it('reports a missing path as ok', async () => {
    const result = await runModule(stat, conn, { path: `${file}.missing` });
    expect(result.changed).to.equal(false);
    expect(result.stat).to.deep.equal({ exists: false });
  });

  it('changes nothing in check mode', async () => {
    const result = await runModule(stat, conn, { path: file }, { check: true });
    expect(result.changed).to.equal(false);
    expect(result.stat).to.include({ exists: true });
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(stat, conn, { path: file, checksum_algorithm: 'crc32' }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for stat: checksum_algorithm: should be one of md5, sha1/);
  });
});
