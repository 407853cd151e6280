import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import command, {
  commandArgv,
  expandingWord,
  extractInlineOptions,
  formatDelta,
  splitShellWords,
} from '../../src/modules/command.js';
import type { ModuleContext } from '../../src/modules/module.js';
import { ShellConnection } from './files/shell-connection.js';
import type { Connection } from '../../src/connection/connection.js';
import shell from '../../src/modules/shell.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';

// Expected words come from Python 3.11's shlex.split on the same input.
// prettier-ignore
const SPLITS: [string, string[]][] = [
  ['ls -l /tmp', ['ls', '-l', '/tmp']],
  ['echo "a  b" c', ['echo', 'a  b', 'c']],
  ["echo 'it''s'", ['echo', 'its']],
  ['a\\ b', ['a b']],
  ['echo "x\\"y" "\\$z" "\\n"', ['echo', 'x"y', '\\$z', '\\n']],
  ["''", ['']],
  ['a"b"c', ['abc']],
  ['  lead  trail  ', ['lead', 'trail']],
  ['x\\\\y', ['x\\y']],
  ["echo '\\n'", ['echo', '\\n']],
  ['line1\nline2', ['line1', 'line2']],
];

describe('splitShellWords', () => {
  for (const [text, words] of SPLITS) {
    it(`splits ${JSON.stringify(text)}`, () => {
      expect(splitShellWords(text)).to.deep.equal(words);
    });
  }

  it('rejects an unclosed quote', () => {
    expect(() => splitShellWords('echo "abc')).to.throw(/No closing quotation/);
  });

  it('rejects a trailing backslash', () => {
    expect(() => splitShellWords('x\\')).to.throw(/No escaped character/);
  });
});

describe('extractInlineOptions', () => {
  it('takes known options out anywhere in the line', () => {
    const { command: text, options } = extractInlineOptions('chdir=/tmp ls -l creates="/a b"');
    expect(text).to.equal('ls -l');
    expect(options).to.deep.equal({ chdir: '/tmp', creates: '/a b' });
  });

  it('leaves unknown key=value words', () => {
    const { command: text, options } = extractInlineOptions('env FOO=1 make');
    expect(text).to.equal('env FOO=1 make');
    expect(options).to.deep.equal({});
  });

  it('keeps newlines and spacing of the rest', () => {
    const { command: text } = extractInlineOptions('echo "a   b"\necho c   d creates=/x');
    expect(text).to.equal('echo "a   b"\necho c   d');
  });

  it('does not split an option inside quotes', () => {
    const { command: text, options } = extractInlineOptions('echo "chdir=/x"');
    expect(text).to.equal('echo "chdir=/x"');
    expect(options).to.deep.equal({});
  });
});

/** What /bin/sh makes of a word, with HOME set and NOPE unset. */
function shellValue(word: string): string {
  const script = `unset NOPE; printf '%s' ${word}`;
  return execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { HOME: '/home/u', PATH: '/usr/bin:/bin' } });
}

describe('expandingWord', () => {
  // prettier-ignore
  const cases: [string, string][] = [
    ['$HOME/x', '/home/u/x'],
    ['${HOME}x', '/home/ux'],
    ['$NOPE', '$NOPE'],
    ['${NOPE}', '${NOPE}'],
    ['~/a b', '/home/u/a b'],
    ['~', '/home/u'],
    ['a~', 'a~'],
    ['$(touch /tmp/skprun-pwned)', '$(touch /tmp/skprun-pwned)'],
    ['`id`;$1 "q" \'s\'', '`id`;$1 "q" \'s\''],
    ['', ''],
    ['$', '$'],
  ];
  for (const [argument, value] of cases) {
    it(`expands ${JSON.stringify(argument)}`, () => {
      expect(shellValue(expandingWord(argument))).to.equal(value);
    });
  }
});

describe('commandArgv', () => {
  it('rejects argv with cmd', () => {
    expect(commandArgv({ argv: ['ls'], cmd: 'ls' })).to.equal('only one of argv, cmd and the free-form command can be given');
  });

  it('rejects an empty command', () => {
    expect(commandArgv({ _raw_params: 'creates=/x' })).to.equal('no command given');
  });

  it('moves free-form options into the arguments', () => {
    const parsed = commandArgv({ _raw_params: 'touch done creates=done chdir=/srv' });
    expect(parsed).to.not.be.a('string');
    if (typeof parsed === 'string') return;
    expect(parsed.argv).to.deep.equal(['touch', 'done']);
    expect(parsed.args.creates).to.equal('done');
    expect(parsed.args.chdir).to.equal('/srv');
  });
});

describe('formatDelta', () => {
  it('prints a timedelta', () => {
    expect(formatDelta(1250.5)).to.equal('0:00:01.250500');
    expect(formatDelta(3_723_000)).to.equal('1:02:03.000000');
  });
});

describe('command on a local temp folder', () => {
  let dir: string;
  const conn = new ShellConnection();
  const ctx = (check = false): ModuleContext => ({ conn, flags: { check, diff: false }, hostName: 'local', vars: {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-command-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs argv without a shell', async () => {
    const result = await command.run({ argv: ['printf', '%s|', 'a b', '$(id)', ';'] }, ctx());
    expect(result.stdout).to.equal('a b|$(id)|;|');
    expect(result.rc).to.equal(0);
    expect(result.changed).to.equal(true);
    expect(result.cmd).to.deep.equal(['printf', '%s|', 'a b', '$(id)', ';']);
  });

  it('returns stdout lines and strips end newlines', async () => {
    const result = await command.run({ _raw_params: "printf 'a\\nb\\n\\n'" }, ctx());
    expect(result.stdout).to.equal('a\nb');
    expect(result.stdout_lines).to.deep.equal(['a', 'b']);
    expect(result.start).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(result.delta).to.match(/^0:00:\d\d\.\d{6}$/);
  });

  it('keeps end newlines when asked', async () => {
    const result = await command.run({ _raw_params: "printf 'a\\n'", strip_empty_ends: false }, ctx());
    expect(result.stdout).to.equal('a\n');
  });

  it('fails with the exit status and stderr', async () => {
    const result = await command.run({ argv: ['sh', '-c', 'echo boom >&2; exit 3'] }, ctx());
    expect(result.failed).to.equal(true);
    expect(result.rc).to.equal(3);
    expect(result.msg).to.match(/^command failed with exit status 3: boom \(command: sh -c /);
  });

  it('changes folder and feeds stdin', async () => {
    const result = await command.run({ argv: ['sh', '-c', 'pwd; cat'], chdir: dir, stdin: 'in' }, ctx());
    expect(result.stdout).to.equal(`${dir}\nin`);
  });

  it('fails on a missing chdir', async () => {
    const result = await command.run({ argv: ['true'], chdir: join(dir, 'nope') }, ctx());
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(`Unable to change directory before execution: ${join(dir, 'nope')}`);
  });

  it('skips when creates matches a glob', async () => {
    writeFileSync(join(dir, 'a b.done'), '');
    const result = await command.run({ argv: ['touch', 'ran'], chdir: dir, creates: '*.done' }, ctx());
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal("Did not run command since '*.done' exists");
  });

  it('runs when creates matches nothing', async () => {
    const result = await command.run({ argv: ['touch', 'ran'], chdir: dir, creates: '*.done' }, ctx());
    expect(result.changed).to.equal(true);
    expect(execFileSync('ls', [dir], { encoding: 'utf8' })).to.equal('ran\n');
  });

  it('skips when removes matches nothing', async () => {
    const result = await command.run({ argv: ['true'], chdir: dir, removes: 'x?' }, ctx());
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal("Did not run command since 'x?' does not exist");
  });

  it('does not run in check mode', async () => {
    const result = await command.run({ argv: ['touch', join(dir, 'ran')] }, ctx(true));
    expect(result.skipped).to.equal(true);
    expect(result.changed).to.equal(false);
    expect(execFileSync('ls', [dir], { encoding: 'utf8' })).to.equal('');
  });

  it('reports would-run in check mode when creates decides', async () => {
    const result = await command.run({ argv: ['touch', 'ran'], chdir: dir, creates: 'ran' }, ctx(true));
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal('Command would have run if not in check mode');
    expect(execFileSync('ls', [dir], { encoding: 'utf8' })).to.equal('');
  });

  it('does not expand a glob pattern given as creates text', async () => {
    const result = await command.run({ argv: ['true'], chdir: dir, creates: '$(touch pwned)' }, ctx());
    expect(result.changed).to.equal(true);
    expect(execFileSync('ls', [dir], { encoding: 'utf8' })).to.equal('');
  });
});

describe('command and shell on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const dir = `/tmp/skprun-command-${runId}`;

  before(async () => {
    conn = await connectLabHost('c02');
    await conn.exec(`mkdir -p ${dir}`);
  });
  after(async () => {
    await conn.exec(`rm -rf ${dir}`);
  });

  it('runs a command and returns its output', async () => {
    const result = await runModule(command, conn, { _raw_params: `hostname` });
    expect(result.changed).to.equal(true);
    expect(result.stdout).to.equal('c02');
  });

  it('runs once with creates, then reports ok', async () => {
    const task = { argv: ['touch', 'made'], chdir: dir, creates: 'made' };
    expect((await runModule(command, conn, task)).changed).to.equal(true);
    const again = await runModule(command, conn, task);
    expect(again.changed).to.equal(false);
    expect(again.msg).to.equal("Did not run command since 'made' exists");
  });

  it('passes shell text to the shell module only', async () => {
    const home = (await runModule(shell, conn, { cmd: 'echo "$HOME"' })).stdout;
    const viaCommand = await runModule(command, conn, { _raw_params: 'echo $HOME;id' });
    expect(viaCommand.stdout).to.equal(`${home};id`);
    const viaShell = await runModule(shell, conn, { _raw_params: 'echo a; echo b | tr b c' });
    expect(viaShell.stdout_lines).to.deep.equal(['a', 'c']);
  });

  it('does not run in check mode', async () => {
    const result = await runModule(command, conn, { argv: ['touch', `${dir}/check`] }, { check: true });
    expect(result.skipped).to.equal(true);
    expect((await conn.exec(`test -e ${dir}/check`)).exitCode).to.equal(1);
  });

  it('fails with the exit status', async () => {
    const result = await runModule(shell, conn, { cmd: 'ls /nonexistent' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^command failed with exit status 2: .*No such file or directory/);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(command, conn, { argv: ['true'], warn: false }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('invalid arguments for command: (arguments): unsupported parameter warn');
  });
});
