/** `skprun --syntax-check` (bin/skprun.js) on a playbook with template mistakes. */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode } from '../../src/errors.js';
import { runSkprun } from '../support/run-skprun.js';

describe('skprun --syntax-check with template mistakes', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-syntax-check-'));
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(
      path.join(dir, 'site.yml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - debug:',
        '        msg: "{{ port | defualt(80) }}"',
        '      when: port is defind',
        '    - template: src=motd.j2 dest=/etc/motd',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'templates', 'motd.j2'), 'Welcome to {{ name | uper }}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits with the parse error status and lists every mistake', async () => {
    const run = await runSkprun(['--syntax-check', 'site.yml'], dir);
    expect(run.status, run.stderr).to.equal(ExitCode.parseError);
    expect(run.stderr).to.include(
      'site.yml:5:25: unknown filter "defualt" in "{{ port | defualt(80) }}"; did you mean "default"?',
    );
    expect(run.stderr).to.include(
      'site.yml:6:21: unknown test "defind" in "port is defind"; did you mean "defined"?',
    );
    expect(run.stderr).to.include('motd.j2:1:22: unknown filter "uper"; did you mean "upper"?');
  });

  it('prints no stack trace', async () => {
    const run = await runSkprun(['--syntax-check', 'site.yml'], dir);
    expect(run.stderr).not.to.match(/^\s+at /m);
    expect(run.stdout).to.equal('');
  });

  it('passes once the mistakes are fixed', async () => {
    const fixed = path.join(dir, 'fixed.yml');
    writeFileSync(fixed, '- hosts: all\n  tasks:\n    - debug:\n        msg: "{{ port | default(80) }}"\n');
    const run = await runSkprun(['--syntax-check', 'fixed.yml'], dir);
    expect(run.status, run.stderr).to.equal(ExitCode.ok);
  });
});
