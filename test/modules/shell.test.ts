import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import shell, { shellArgv } from '../../src/modules/shell.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';

describe('shell', () => {
  let dir: string;
  const conn = new ShellConnection();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-shell-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the text through /bin/sh -c', () => {
    expect(shellArgv('echo $HOME | wc -c')).to.deep.equal(['/bin/sh', '-c', 'echo $HOME | wc -c']);
  });

  it('interprets pipes, variables and redirections', async () => {
    const result = await shell.run({ _raw_params: 'X=ab; echo "$X" | tr a-z A-Z > out; cat out', chdir: dir }, shellContext(conn));
    expect(result.stdout).to.equal('AB');
    expect(result.cmd).to.equal('X=ab; echo "$X" | tr a-z A-Z > out; cat out');
    expect(result.changed).to.equal(true);
  });

  it('runs a multi-line script', async () => {
    const result = await shell.run({ cmd: 'for i in 1 2; do\n  echo "n$i"\ndone' }, shellContext(conn));
    expect(result.stdout_lines).to.deep.equal(['n1', 'n2']);
  });

  it('uses the given executable', async () => {
    const result = await shell.run({ cmd: 'echo "${BASH_VERSION:+bash}"', executable: '/bin/bash' }, shellContext(conn));
    expect(result.stdout).to.equal('bash');
  });

  it('takes creates from the free-form line', async () => {
    const first = await shell.run({ _raw_params: 'touch made creates=made', chdir: dir }, shellContext(conn));
    expect(first.changed).to.equal(true);
    const second = await shell.run({ _raw_params: 'touch made creates=made', chdir: dir }, shellContext(conn));
    expect(second.changed).to.equal(false);
    expect(second.msg).to.equal("Did not run command since 'made' exists");
  });

  it('fails on a non-zero exit with the stderr tail', async () => {
    const result = await shell.run({ cmd: 'echo "error: disk full" >&2; exit 4' }, shellContext(conn));
    expect(result.failed).to.equal(true);
    expect(result.rc).to.equal(4);
    expect(result.stderr_lines).to.deep.equal(['error: disk full']);
    expect(result.msg).to.match(/^command failed with exit status 4: error: disk full/);
  });

  it('changes nothing in check mode', async () => {
    const result = await shell.run({ cmd: `touch ${join(dir, 'x')}` }, shellContext(conn, { check: true, diff: false }));
    expect(result.skipped).to.equal(true);
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('fails when no command is given', async () => {
    const result = await shell.run({ _raw_params: 'chdir=/tmp' }, shellContext(conn));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('shell: no command given');
  });
});
