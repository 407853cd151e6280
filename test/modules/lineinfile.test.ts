import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection, ExecOptions, ExecResult } from '../../src/connection/connection.js';
import { LocalConnection } from '../../src/connection/local.js';
import lineinfile, { parseLineRequest, parseReadOutput, type LineInFileArgs } from '../../src/modules/lineinfile.js';
import { editLines } from '../../src/modules/lineinfile/line-edit.js';
import { compilePythonRegExp, expandTemplate } from '../../src/modules/lineinfile/python-regexp.js';
import type { ModuleContext } from '../../src/modules/module.js';

interface EditCase {
  name: string;
  before: string;
  args: LineInFileArgs;
  after: string;
  /** Ansible's message when the file changes; omitted when it does not. */
  msg?: string;
}

// Every expected outcome below is what ansible-core 2.14.18's lineinfile
// did with the same content and arguments, unless the name says otherwise.
// prettier-ignore
const editCases: EditCase[] = [
  { name: 'appends after a last line without newline', before: 'a\nb', args: { line: 'c' }, after: 'a\nb\nc\n', msg: 'line added' },
  { name: 'leaves a present line alone', before: 'a\nb\n', args: { line: 'a' }, after: 'a\nb\n' },
  { name: 'replaces the line regexp finds', before: 'a\nport=1\nb\n', args: { regexp: '^port=', line: 'port=2' }, after: 'a\nport=2\nb\n', msg: 'line replaced' },
  { name: 'replaces the last of several matches', before: 'port=1\nx\nport=3\n', args: { regexp: '^port=', line: 'port=2' }, after: 'port=1\nx\nport=2\n', msg: 'line replaced' },
  { name: 'replaces the first match with firstmatch', before: 'port=1\nx\nport=3\n', args: { regexp: '^port=', line: 'port=2', firstmatch: true }, after: 'port=2\nx\nport=3\n', msg: 'line replaced' },
  { name: 'keeps the line when regexp misses but the line is there', before: 'a\nport=2\n', args: { regexp: '^PORT=', line: 'port=2' }, after: 'a\nport=2\n' },
  { name: 'keeps a line that already is the replacement', before: 'port=2\n', args: { regexp: '^port=', line: 'port=2' }, after: 'port=2\n' },
  { name: 'adds a newline to a replaced last line', before: 'a\nb', args: { regexp: '^b', line: 'B' }, after: 'a\nB\n', msg: 'line replaced' },
  { name: 'inserts after the last insertafter match', before: '[a]\nx\n[a]\ny\n', args: { line: 'new', insertafter: '^\\[a\\]' }, after: '[a]\nx\n[a]\nnew\ny\n', msg: 'line added' },
  { name: 'inserts after the first match with firstmatch', before: '[a]\nx\n[a]\ny\n', args: { line: 'new', insertafter: '^\\[a\\]', firstmatch: true }, after: '[a]\nnew\nx\n[a]\ny\n', msg: 'line added' },
  { name: 'appends when insertafter matches nothing', before: 'a\nb\n', args: { line: 'new', insertafter: '^zzz' }, after: 'a\nb\nnew\n', msg: 'line added' },
  { name: 'keeps a present line with insertafter EOF', before: 'a\n', args: { line: 'a', insertafter: 'EOF' }, after: 'a\n' },
  { name: 'keeps a present line elsewhere than insertafter', before: 'c\na\nb\n', args: { line: 'c', insertafter: '^b' }, after: 'c\na\nb\n' },
  { name: 'inserts after a line insertafter matches', before: 'x=1\n', args: { line: 'y', insertafter: '^x=' }, after: 'x=1\ny\n', msg: 'line added' },
  { name: 'inserts before the last insertbefore match', before: '[a]\nx\n[a]\ny\n', args: { line: 'new', insertbefore: '^\\[a\\]' }, after: '[a]\nx\nnew\n[a]\ny\n', msg: 'line added' },
  { name: 'inserts before the first line', before: '[a]\nx\n', args: { line: 'new', insertbefore: '^\\[a\\]' }, after: 'new\n[a]\nx\n', msg: 'line added' },
  { name: 'inserts at the top with BOF', before: 'a\nb\n', args: { line: 'new', insertbefore: 'BOF' }, after: 'new\na\nb\n', msg: 'line added' },
  { name: 'inserts into an empty file with BOF', before: '', args: { line: 'x', insertbefore: 'BOF' }, after: 'x\n', msg: 'line added' },
  { name: 'appends when insertbefore matches nothing', before: 'a\nb\n', args: { line: 'new', insertbefore: '^zzz' }, after: 'a\nb\nnew\n', msg: 'line added' },
  { name: 'keeps a present line with insertbefore', before: 'new\n[a]\nx\n', args: { regexp: '^NEW', line: 'new', insertbefore: '^\\[a\\]' }, after: 'new\n[a]\nx\n' },
  { name: 'prefers regexp over insertafter', before: '[s]\nport=1\n', args: { regexp: '^port=', line: 'port=2', insertafter: '^\\[s\\]' }, after: '[s]\nport=2\n', msg: 'line replaced' },
  { name: 'prefers regexp over an earlier firstmatch anchor', before: '[s]\nport=1\n', args: { regexp: '^port=', line: 'port=2', insertafter: '^\\[s\\]', firstmatch: true }, after: '[s]\nport=2\n', msg: 'line replaced' },
  { name: 'replaces a line matching both regexp and insertafter', before: 'k=1\n', args: { regexp: '^k=', line: 'k=2', insertafter: '^k=' }, after: 'k=2\n', msg: 'line replaced' },
  { name: 'expands positional backrefs', before: 'name = old\n', args: { regexp: '^(name) = (.*)$', line: '\\1: \\2', backrefs: true }, after: 'name: old\n', msg: 'line replaced' },
  { name: 'expands named backrefs', before: 'key=v1\n', args: { regexp: '^(?P<k>key)=(?P<v>.*)$', line: '\\g<v>=\\g<k>', backrefs: true }, after: 'v1=key\n', msg: 'line replaced' },
  { name: 'leaves the file when backrefs match nothing', before: 'a\n', args: { regexp: '^(name) = (.*)$', line: '\\1: x', backrefs: true }, after: 'a\n' },
  { name: 'expands an unmatched group to nothing', before: 'k=\n', args: { regexp: '^k=(x)?', line: 'k=[\\1]', backrefs: true }, after: 'k=[]\n', msg: 'line replaced' },
  { name: 'expands escapes in a backrefs line', before: 'k=1\n', args: { regexp: '^(k)=1', line: '\\1=a\\tb', backrefs: true }, after: 'k=a\tb\n', msg: 'line replaced' },
  { name: 'replaces a CRLF line found by backrefs with LF', before: 'name = old\r\n', args: { regexp: '^(name) = (\\w+)', line: '\\1: \\2', backrefs: true }, after: 'name: old\n', msg: 'line replaced' },
  { name: 'rewrites a CRLF line equal to line with LF', before: 'a\r\nb\r\n', args: { line: 'a' }, after: 'a\nb\r\n', msg: 'line replaced' },
  { name: 'appends with LF to a CRLF file', before: 'a\r\nb\r\n', args: { line: 'c' }, after: 'a\r\nb\r\nc\n', msg: 'line added' },
  { name: 'matches $ before the newline', before: 'a b\n', args: { regexp: 'b$', line: 'z' }, after: 'z\n', msg: 'line replaced' },
  { name: 'reads a leading (?i) flag', before: 'PORT=1\n', args: { regexp: '(?i)^port=', line: 'port=2' }, after: 'port=2\n', msg: 'line replaced' },
  { name: 'replaces the line search_string finds', before: 'ListenAddress 1.2.3.4\nx\n', args: { search_string: 'ListenAddress', line: 'ListenAddress 0.0.0.0' }, after: 'ListenAddress 0.0.0.0\nx\n', msg: 'line replaced' },
  { name: 'keeps the line when search_string misses but the line is there', before: 'a\nb\n', args: { search_string: 'zz', line: 'b' }, after: 'a\nb\n' },
  { name: 'appends a line with its own newline as given', before: 'a\n', args: { line: 'b\n' }, after: 'a\nb\n\n', msg: 'line added' },
  { name: 'removes every line regexp finds', before: 'a1\nb\na2\n', args: { regexp: '^a', state: 'absent' }, after: 'b\n', msg: '2 line(s) removed' },
  { name: 'removes every copy of line', before: 'a\nb\na\n', args: { line: 'a', state: 'absent' }, after: 'b\n', msg: '2 line(s) removed' },
  { name: 'removes a CRLF copy of line', before: 'a\r\nb\n', args: { line: 'a', state: 'absent' }, after: 'b\n', msg: '1 line(s) removed' },
  { name: 'removes lines containing search_string', before: 'foo bar\nbaz\nxbarx\n', args: { search_string: 'bar', state: 'absent' }, after: 'baz\n', msg: '2 line(s) removed' },
  { name: 'removes nothing when nothing matches', before: 'a\n', args: { regexp: '^z', state: 'absent' }, after: 'a\n' },
  // Ansible 2.14 writes 'a\nbc\n' here, joining the new line to the last one.
  { name: 'inserts after a last line without newline (differs from Ansible)', before: 'a\nb', args: { line: 'c', insertafter: '^b' }, after: 'a\nb\nc\n', msg: 'line added' },
];

describe('lineinfile editLines', () => {
  for (const c of editCases) {
    it(c.name, () => {
      const request = parseLineRequest(c.args);
      if (typeof request === 'string') throw new Error(request);
      const edit = editLines(c.before, request);
      expect(edit.content).to.equal(c.after);
      expect(edit.changed).to.equal(c.msg !== undefined);
      if (c.msg !== undefined) expect(edit.reason).to.equal(c.msg);
      else expect(edit.reason).to.match(/\w/);
    });
  }

  it('runs twice without a second change', () => {
    for (const c of editCases.filter((e) => e.msg && !e.args.line?.endsWith('\n'))) {
      const request = parseLineRequest(c.args);
      if (typeof request === 'string') throw new Error(request);
      const again = editLines(c.after, request);
      expect(again.changed, c.name).to.equal(false);
    }
  });

  it('rejects a backrefs group the regexp does not have', () => {
    const request = parseLineRequest({ regexp: '^(a)', line: '\\2', backrefs: true });
    if (typeof request === 'string') throw new Error(request);
    expect(() => editLines('a\n', request)).to.throw('invalid group reference 2');
  });
});

describe('lineinfile parseLineRequest', () => {
  // prettier-ignore
  const rejected: [string, LineInFileArgs, string][] = [
    ['regexp with search_string', { regexp: 'a', search_string: 'a', line: 'a' }, 'regexp and search_string are mutually exclusive'],
    ['insertafter with insertbefore', { line: 'a', insertafter: 'x', insertbefore: 'y' }, 'insertafter and insertbefore are mutually exclusive'],
    ['present without line', { regexp: 'a' }, 'line is required with state present'],
    ['absent with nothing to find', { state: 'absent' }, 'state absent needs one of regexp, search_string or line'],
    ['backrefs without regexp', { line: 'a', backrefs: true }, 'backrefs needs regexp'],
    ['backrefs with search_string', { search_string: 'a', line: 'a', backrefs: true }, 'backrefs needs regexp'],
    ['an invalid regexp', { regexp: '(', line: 'a' }, 'regexp "(" is not a valid regular expression'],
    ['an invalid insertbefore', { line: 'a', insertbefore: '[' }, 'insertbefore "[" is not a valid regular expression'],
    ['an unsupported inline flag', { regexp: '(?x)a b', line: 'a' }, 'inline flag (?x) is not supported'],
    ['an invalid mode', { line: 'a', mode: 'u=q' }, 'invalid mode "u=q"'],
  ];
  for (const [name, args, message] of rejected) {
    it(`rejects ${name}`, () => {
      const request = parseLineRequest(args);
      expect(request).to.be.a('string');
      expect(request).to.contain(message);
    });
  }

  it('takes the aliases regex and value', () => {
    const request = parseLineRequest({ regex: '^a', value: 'b' });
    if (typeof request === 'string') throw new Error(request);
    expect(editLines('a\n', request).content).to.equal('b\n');
  });
});

describe('lineinfile Python regular expressions', () => {
  // prettier-ignore
  const cases: [string, string, string, boolean][] = [
    ['named group', '(?P<k>a)(?P=k)', 'aa', true],
    ['\\A and \\Z anchors', '\\Aab\\Z', 'ab', true],
    ['\\Z at the very end only', 'a\\Z', 'ab', false],
    ['escaped backslash before Z', 'a\\\\Z', 'a\\Z', true],
    ['(?s) dot all', '(?s)a.b', 'a\nb', true],
  ];
  for (const [name, source, input, matches] of cases) {
    it(`translates ${name}`, () => {
      expect(compilePythonRegExp(source).test(input)).to.equal(matches);
    });
  }

  it('expands octal escapes and \\g<0>', () => {
    const match = /(b)/.exec('abc') as RegExpExecArray;
    expect(expandTemplate('\\101-\\g<0>-\\0', match)).to.equal('A-b-\0');
  });

  it('keeps a backslash before punctuation', () => {
    const match = /(b)/.exec('abc') as RegExpExecArray;
    expect(expandTemplate('\\.\\1', match)).to.equal('\\.b');
  });

  it('rejects an unknown letter escape', () => {
    const match = /(b)/.exec('abc') as RegExpExecArray;
    expect(() => expandTemplate('\\q', match)).to.throw('bad escape \\q');
  });
});

/** A local shell that counts the commands a module runs. */
class CountingConnection implements Connection {
  readonly hostName = 'local';
  readonly commands: string[] = [];
  private readonly shell = new LocalConnection('local');

  exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    this.commands.push(command);
    return this.shell.exec(command, options);
  }

  async close(): Promise<void> {}
}

function context(conn: Connection, check = false, diff = false): ModuleContext {
  return { conn, flags: { check, diff }, hostName: 'local', vars: {} };
}

describe('lineinfile module on local files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-lineinfile-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('joins the line and mode messages with and', async () => {
    const file = path.join(dir, 'new');
    const args = { path: file, line: 'a', create: true, mode: '0600' };
    const result = await lineinfile.run(args, context(new CountingConnection()));
    expect(result.msg).to.equal('line added and ownership, perms or SE linux context changed');
  });

  it('reads once and changes nothing on a second run', async () => {
    const file = path.join(dir, 'exports');
    await writeFile(file, '# exports\n');
    const args = { path: file, line: '/srv 127.0.0.0/8(rw)' };
    const first = await lineinfile.run(args, context(new CountingConnection()));
    expect(first.changed).to.equal(true);
    expect(first.msg).to.equal('line added');
    expect(first).to.not.have.property('path');
    expect(await readFile(file, 'utf8')).to.equal('# exports\n/srv 127.0.0.0/8(rw)\n');

    const conn = new CountingConnection();
    const second = await lineinfile.run(args, context(conn));
    expect(second.changed).to.equal(false);
    expect(second.msg).to.equal('');
    expect(conn.commands).to.have.length(1);
  });

  it('fails on a missing file without create', async () => {
    const result = await lineinfile.run({ path: path.join(dir, 'none'), line: 'x' }, context(new CountingConnection()));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.contain('does not exist; set create: true');
  });

  it('creates the file and its folder with create', async () => {
    const file = path.join(dir, 'sub', 'new.conf');
    const result = await lineinfile.run({ dest: file, line: 'x', create: true, mode: '0600' }, context(new CountingConnection()));
    expect(result.changed).to.equal(true);
    expect(await readFile(file, 'utf8')).to.equal('x\n');
    expect((await stat(file)).mode & 0o7777).to.equal(0o600);
  });

  it('creates nothing when backrefs match nothing', async () => {
    const file = path.join(dir, 'none');
    const args = { path: file, regexp: '(y)', line: '\\1', backrefs: true, create: true };
    const result = await lineinfile.run(args, context(new CountingConnection()));
    expect(result.changed).to.equal(false);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('reports a missing file as nothing to remove', async () => {
    const result = await lineinfile.run({ path: path.join(dir, 'none'), line: 'x', state: 'absent' }, context(new CountingConnection()));
    expect(result.failed).to.equal(undefined);
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal('file not present');
  });

  it('fails on a directory', async () => {
    await mkdir(path.join(dir, 'folder'));
    const result = await lineinfile.run({ path: path.join(dir, 'folder'), line: 'x' }, context(new CountingConnection()));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.contain('is a directory');
  });

  it('changes only the mode when the line is there', async () => {
    const file = path.join(dir, 'm');
    await writeFile(file, 'a\n');
    await chmod(file, 0o600);
    const result = await lineinfile.run({ path: file, line: 'a', mode: '0644' }, context(new CountingConnection()));
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal('ownership, perms or SE linux context changed');
    expect((await stat(file)).mode & 0o7777).to.equal(0o644);
  });

  it('applies a symbolic mode once', async () => {
    const file = path.join(dir, 's');
    await writeFile(file, 'a\n');
    await chmod(file, 0o644);
    const args = { path: file, line: 'a', mode: 'u=rw,go=' };
    const first = await lineinfile.run(args, context(new CountingConnection()));
    expect(first.msg).to.equal('ownership, perms or SE linux context changed');
    expect((await stat(file)).mode & 0o7777).to.equal(0o600);
    const second = await lineinfile.run(args, context(new CountingConnection()));
    expect(second.changed).to.equal(false);
  });

  it('writes nothing in check mode and gives a diff', async () => {
    const file = path.join(dir, 'c');
    await writeFile(file, 'a\n');
    const result = await lineinfile.run({ path: file, line: 'b' }, context(new CountingConnection(), true, true));
    expect(result.changed).to.equal(true);
    expect(result.diff?.after).to.equal('a\nb\n');
    expect(await readFile(file, 'utf8')).to.equal('a\n');
  });

  it('keeps a backup and returns its path', async () => {
    const file = path.join(dir, 'b');
    await writeFile(file, 'a\n');
    const result = await lineinfile.run({ path: file, line: 'b', backup: true }, context(new CountingConnection()));
    expect(result.backup).to.match(/\/b\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    expect(await readFile(result.backup as string, 'utf8')).to.equal('a\n');
  });
});

describe('lineinfile parseReadOutput', () => {
  it('reads the umask of a missing file', () => {
    const state = parseReadOutput('absent 0027\n');
    expect(state.kind).to.equal('absent');
    expect(state.umask).to.equal(0o027);
    expect(state.mode).to.equal(undefined);
  });

  it('keeps an empty file apart from a missing one', () => {
    const state = parseReadOutput('file 0022 644 0 root 0 root\n');
    expect(state.kind).to.equal('file');
    expect(state.content).to.equal('');
  });
});
