import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMode, chmodArgument, formatMode, resolveMode } from '../../../src/modules/files/mode.js';

describe('checkMode', () => {
  it('accepts octal, integers and symbolic modes', () => {
    for (const mode of ['0644', '644', '2775', 0o644, 'u=rw,g=r,o=r', 'a+X', 'g=u', 'u+s,o-t']) {
      expect(checkMode(mode), String(mode)).to.equal(undefined);
    }
  });

  it('rejects nonsense', () => {
    for (const mode of ['0888', 'rw-r--r--', 'u=q', '', 0o17777, 1.5]) {
      expect(checkMode(mode), String(mode)).to.be.a('string');
    }
  });
});

describe('resolveMode', () => {
  it('reads octal strings and integers', () => {
    expect(resolveMode('0644', 0o600, false, 0o022)).to.equal(0o644);
    expect(resolveMode('755', undefined, true, 0o022)).to.equal(0o755);
    expect(resolveMode(420, 0o600, false, 0o022)).to.equal(0o644);
  });

  it('starts a new path from the umask', () => {
    expect(resolveMode('u+x', undefined, false, 0o022)).to.equal(0o744);
  });

  it('formats for chmod and for results', () => {
    expect(chmodArgument(0o755)).to.equal('00755');
    expect(formatMode(0o2755)).to.equal('02755');
    expect(formatMode(0o7)).to.equal('0007');
    expect(formatMode(0o644)).to.equal('0644');
  });
});

// Each symbolic mode is applied by this machine's chmod (GNU coreutils)
// to a file and a folder in a temp folder, and must give the same bits.
describe('resolveMode against chmod', () => {
  const symbolic = ['u=rw,g=r,o=r', 'a+X', 'go-w', 'u+x,g=u', '+x', '=r', 'o=', 'a=rwx,o-w', 'u+s,g+s', 'o+t', 'o=rx', 'ug=rw,o=X', 'a-x'];
  const starts = [0o644, 0o755, 0o600, 0o2775, 0o1777, 0o700];
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-mode-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['file', 'folder'] as const) {
    for (const mode of symbolic) {
      it(`${mode} on a ${kind}`, () => {
        const path = join(dir, `${kind}-${mode.replace(/[^a-z0-9]/gi, '_')}`);
        if (kind === 'file') writeFileSync(path, '');
        else mkdirSync(path);
        for (const start of starts) {
          execFileSync('chmod', [chmodArgument(start), path]);
          execFileSync('/bin/sh', ['-c', `umask 022 && chmod ${mode} "$1"`, 'sh', path]);
          const actual = statSync(path).mode & 0o7777;
          const expected = resolveMode(mode, start, kind === 'folder', 0o022);
          expect(formatMode(expected), `${formatMode(start)} ${mode}`).to.equal(formatMode(actual));
        }
      });
    }
  }
});
