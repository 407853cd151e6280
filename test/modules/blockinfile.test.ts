import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from '../../src/connection/connection.js';
import blockinfile, { parseBlockRequest, type BlockInFileArgs } from '../../src/modules/blockinfile.js';
import { editBlock, splitLinesKeepingEnds } from '../../src/modules/files/block-edit.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';

interface EditCase {
  name: string;
  /** The file's text, or null for a file that does not exist. */
  before: string | null;
  args: BlockInFileArgs;
  after: string;
  /** Ansible's message; empty when nothing changes. */
  msg: string;
}

const BEGIN = '# BEGIN ANSIBLE MANAGED BLOCK';
const END = '# END ANSIBLE MANAGED BLOCK';
const managed = (...lines: string[]) => [BEGIN, ...lines, END].join('\n') + '\n';

// Every expected outcome below is what ansible-core 2.14.18's blockinfile
// did with the same text and arguments, unless the name says otherwise.
// prettier-ignore
const editCases: EditCase[] = [
  { name: 'appends a block at the end', before: 'a\nb\n', args: { block: 'x\ny' }, after: `a\nb\n${managed('x', 'y')}`, msg: 'Block inserted' },
  { name: 'ends a last line without newline first', before: 'a\nb', args: { block: 'x' }, after: `a\nb\n${managed('x')}`, msg: 'Block inserted' },
  { name: 'keeps a block that is the same', before: `a\n${managed('x')}b\n`, args: { block: 'x' }, after: `a\n${managed('x')}b\n`, msg: '' },
  { name: 'replaces a block where it is', before: `a\n${managed('old')}b\n`, args: { block: 'new\nlines\n' }, after: `a\n${managed('new', 'lines')}b\n`, msg: 'Block inserted' },
  { name: 'removes a block with state absent', before: `a\n${managed('old')}b\n`, args: { state: 'absent' }, after: 'a\nb\n', msg: 'Block removed' },
  { name: 'removes a block given an empty block', before: `a\n${managed('old')}b\n`, args: { block: '' }, after: 'a\nb\n', msg: 'Block removed' },
  { name: 'changes nothing without a block to remove', before: 'a\nb\n', args: { state: 'absent' }, after: 'a\nb\n', msg: '' },
  { name: 'inserts at the start with insertbefore BOF', before: 'a\nb\n', args: { block: 'x', insertbefore: 'BOF' }, after: `${managed('x')}a\nb\n`, msg: 'Block inserted' },
  { name: 'inserts after the last insertafter match', before: '[s]\na\n[s]\nb\n', args: { block: 'x', insertafter: '^\\[s\\]' }, after: `[s]\na\n[s]\n${managed('x')}b\n`, msg: 'Block inserted' },
  { name: 'inserts before the last insertbefore match', before: '[s]\na\n[s]\nb\n', args: { block: 'x', insertbefore: '^\\[s\\]' }, after: `[s]\na\n${managed('x')}[s]\nb\n`, msg: 'Block inserted' },
  { name: 'appends when insertafter matches nothing', before: 'a\n', args: { block: 'x', insertafter: '^zzz' }, after: `a\n${managed('x')}`, msg: 'Block inserted' },
  { name: 'appends when insertbefore matches nothing', before: 'a\n', args: { block: 'x', insertbefore: '^zzz' }, after: `a\n${managed('x')}`, msg: 'Block inserted' },
  { name: 'matches $ before the line end', before: 'a=1\nb=2\n', args: { block: 'x', insertafter: '^a=1$' }, after: `a=1\n${managed('x')}b=2\n`, msg: 'Block inserted' },
  { name: 'keeps an existing block where it is', before: `${managed('old')}z\n`, args: { block: 'new', insertafter: '^z' }, after: `${managed('new')}z\n`, msg: 'Block inserted' },
  { name: 'uses a custom marker with its mark words', before: 'a\n', args: { block: 'x', marker: '// {mark} managed', marker_begin: 'START', marker_end: 'STOP' }, after: 'a\n// START managed\nx\n// STOP managed\n', msg: 'Block inserted' },
  { name: 'inserts anew when only the begin marker is there', before: `${BEGIN}\nold\n`, args: { block: 'new' }, after: `${BEGIN}\nold\n${managed('new')}`, msg: 'Block inserted' },
  { name: 'replaces between markers in reverse order', before: `a\n${END}\nmid\n${BEGIN}\nb\n`, args: { block: 'new' }, after: `a\n${managed('new')}b\n`, msg: 'Block inserted' },
  { name: 'searches the whole text for a multiline insertafter', before: 'a\nb\nc\n', args: { block: 'x', insertafter: '(?m)^b$' }, after: `a\nb\n${managed('x')}c\n`, msg: 'Block inserted' },
  { name: 'searches the whole text for a multiline insertbefore', before: 'a\nb\nc\n', args: { block: 'x', insertbefore: '(?m)^b$' }, after: `a\n${managed('x')}b\nc\n`, msg: 'Block inserted' },
  { name: 'fills an empty file', before: '', args: { block: 'x' }, after: managed('x'), msg: 'Block inserted' },
  { name: 'creates a missing file', before: null, args: { block: 'x', create: true }, after: managed('x'), msg: 'File created' },
  { name: 'creates an empty file for an empty block', before: null, args: { block: '', create: true }, after: '', msg: 'File created' },
  { name: 'keeps blank lines inside the block', before: 'a\n', args: { block: 'x\n\ny\n' }, after: `a\n${managed('x', '', 'y')}`, msg: 'Block inserted' },
  { name: 'keeps the CRLF endings of other lines', before: 'a\r\nb\r\n', args: { block: 'x' }, after: `a\r\nb\r\n${managed('x')}`, msg: 'Block inserted' },
  // Ansible 2.14.18 misses the end marker here and appends a second block on every run.
  { name: 'finds an end marker without newline, unlike Ansible', before: `a\n${BEGIN}\nx\n${END}`, args: { block: 'x' }, after: `a\n${managed('x')}`, msg: 'Block inserted' },
  // prepend_newline and append_newline came in ansible-core 2.16, which is newer than
  // the Debian version above, so these cases follow the 2.16 source instead.
  { name: 'prepends a blank line (2.16 source)', before: 'a\n', args: { block: 'x', prepend_newline: true }, after: `a\n\n${managed('x')}`, msg: 'Block inserted' },
  { name: 'prepends no blank line at the start (2.16 source)', before: 'a\n', args: { block: 'x', insertbefore: 'BOF', prepend_newline: true }, after: `${managed('x')}a\n`, msg: 'Block inserted' },
  { name: 'appends a blank line before text (2.16 source)', before: 'a\n', args: { block: 'x', insertbefore: 'BOF', append_newline: true }, after: `${managed('x')}\na\n`, msg: 'Block inserted' },
  { name: 'appends no blank line at the end (2.16 source)', before: 'a\n', args: { block: 'x', append_newline: true }, after: `a\n${managed('x')}`, msg: 'Block inserted' },
  { name: 'keeps one blank line after a second run (2.16 source)', before: `a\n\n${managed('x')}`, args: { block: 'x', prepend_newline: true }, after: `a\n\n${managed('x')}`, msg: '' },
];

function request(args: BlockInFileArgs) {
  const parsed = parseBlockRequest(args);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('blockinfile editBlock', () => {
  for (const c of editCases) {
    it(c.name, () => {
      const edit = editBlock(c.before ?? undefined, request(c.args));
      expect(edit.content).to.equal(c.after);
      expect(edit.msg).to.equal(c.msg);
      expect(edit.changed).to.equal(c.msg !== '');
    });
  }

  it('changes nothing on a second run', () => {
    for (const c of editCases.filter((e) => e.msg === 'Block inserted')) {
      const again = editBlock(c.after, request(c.args));
      expect(again.changed, c.name).to.equal(false);
    }
  });

  it('splits lines as Python bytes.splitlines does', () => {
    expect(splitLinesKeepingEnds('a\r\nb\rc\nd')).to.deep.equal(['a\r\n', 'b\r', 'c\n', 'd']);
    expect(splitLinesKeepingEnds('')).to.deep.equal([]);
  });
});

describe('blockinfile parseBlockRequest', () => {
  it('replaces every {mark} in the marker', () => {
    const parsed = request({ path: '/f', marker: '{mark}-{mark}' });
    expect([parsed.beginMarker, parsed.endMarker]).to.deep.equal(['BEGIN-BEGIN', 'END-END']);
  });

  // prettier-ignore
  const invalid: [string, BlockInFileArgs, RegExp][] = [
    ['both insert points', { path: '/f', insertafter: 'a', insertbefore: 'b' }, /mutually exclusive/],
    ['block with its alias', { path: '/f', block: 'a', content: 'b' }, /mutually exclusive/],
    ['a bad regular expression', { path: '/f', insertafter: '(' }, /^insertafter "\(" is not a valid regular expression/],
    ['a bad mode', { path: '/f', mode: 'rw' }, /^invalid mode "rw"/],
  ];
  for (const [name, args, message] of invalid) {
    it(`rejects ${name}`, () => {
      expect(parseBlockRequest(args)).to.match(message);
    });
  }
});

describe('blockinfile module on local files', () => {
  const conn = new ShellConnection();
  let dir: string;
  const run = (args: BlockInFileArgs, flags = { check: false, diff: false }) => blockinfile.run(args, shellContext(conn, flags));

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-blockinfile-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads once and reports ok on a second run', async () => {
    const file = path.join(dir, 'conf');
    await writeFile(file, 'a\n');
    const first = await run({ path: file, block: 'x' });
    expect(first.changed).to.equal(true);
    expect(first.msg).to.equal('Block inserted');
    expect(await readFile(file, 'utf8')).to.equal(`a\n${managed('x')}`);

    const before = conn.commands.length;
    const again = await run({ path: file, block: 'x' });
    expect(again.changed).to.equal(false);
    expect(again.msg).to.equal('');
    expect(conn.commands.length - before).to.equal(1);
  });

  it('fails on a missing file without create', async () => {
    const result = await run({ path: path.join(dir, 'nope'), block: 'x' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/the file does not exist; set create: true/);
  });

  it('creates the file and its folder with a mode', async () => {
    const file = path.join(dir, 'sub', 'conf');
    const result = await run({ path: file, block: 'x', create: true, mode: '0600' });
    expect(result.changed).to.equal(true);
    expect(await readFile(file, 'utf8')).to.equal(managed('x'));
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
  });

  it('fails on a directory', async () => {
    await mkdir(path.join(dir, 'sub'));
    const result = await run({ path: path.join(dir, 'sub'), block: 'x' });
    expect(result.msg).to.match(/the path is a directory/);
  });

  it('changes only the mode when the block is there', async () => {
    const file = path.join(dir, 'conf');
    await writeFile(file, managed('x'), { mode: 0o644 });
    const result = await run({ path: file, block: 'x', mode: '0640' });
    expect(result.msg).to.equal('ownership, perms or SE linux context changed');
    expect((await stat(file)).mode & 0o777).to.equal(0o640);
  });

  it('writes nothing in check mode and gives a diff', async () => {
    const file = path.join(dir, 'conf');
    await writeFile(file, 'a\n');
    const result = await run({ path: file, block: 'x' }, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.deep.include({ before: 'a\n', after: `a\n${managed('x')}` });
    expect(await readFile(file, 'utf8')).to.equal('a\n');
  });

  it('keeps a backup and returns its path', async () => {
    const file = path.join(dir, 'conf');
    await writeFile(file, 'a\n');
    const result = await run({ path: file, block: 'x', backup: true });
    expect(await readFile(result.backup_file as string, 'utf8')).to.equal('a\n');
  });

  it('keeps the old file when validate rejects the new one', async () => {
    const file = path.join(dir, 'conf');
    await writeFile(file, 'a\n');
    const result = await run({ path: file, block: 'x', validate: 'grep -q nothing-like-this %s' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/the validate command rejected the new content/);
    expect(await readFile(file, 'utf8')).to.equal('a\n');
    expect(await readdir(dir)).to.deep.equal(['conf']);
  });
});

describe('blockinfile on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const file = `/etc/skprun-blockinfile-${runId}.conf`;
  const content = async () => (await conn.exec(`cat ${file}`)).stdout;

  before(async () => {
    conn = await connectLabHost('c02');
  });
  after(async () => {
    await conn.exec(`rm -f ${file} ${file}.*~`);
  });

  it('check mode creates nothing', async () => {
    const result = await runModule(blockinfile, conn, { path: file, block: 'a=1', create: true }, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.diff).to.deep.include({ before: '', after: managed('a=1') });
    expect((await conn.exec(`test -e ${file}`)).exitCode).to.equal(1);
  });

  it('creates the block, then reports ok', async () => {
    const created = await runModule(blockinfile, conn, { path: file, block: 'a=1', create: true });
    expect(created.changed).to.equal(true);
    expect(await content()).to.equal(managed('a=1'));
    const again = await runModule(blockinfile, conn, { path: file, block: 'a=1', create: true });
    expect(again.changed).to.equal(false);
  });

  it('replaces a changed block and keeps a backup', async () => {
    const result = await runModule(blockinfile, conn, { path: file, block: 'a=2', backup: true });
    expect(result.changed).to.equal(true);
    expect(await content()).to.equal(managed('a=2'));
    expect((await conn.exec(`cat ${result.backup_file as string}`)).stdout).to.equal(managed('a=1'));
  });

  it('removes the block with state absent', async () => {
    const result = await runModule(blockinfile, conn, { path: file, state: 'absent' });
    expect(result.msg).to.equal('Block removed');
    expect(await content()).to.equal('');
    expect((await runModule(blockinfile, conn, { path: file, state: 'absent' })).changed).to.equal(false);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(blockinfile, conn, { path: file, state: 'gone' }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for blockinfile: state: should be one of present, absent/);
  });
});
