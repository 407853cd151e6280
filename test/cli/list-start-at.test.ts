import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSkprun, type SkprunRun } from '../support/run-skprun.js';

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
    - { name: one, debug: { msg: 1 } }
- hosts: all
  gather_facts: false
  tasks:
    - { name: two, debug: { msg: 2 } }
    - block:
        - { name: three, debug: { msg: 3 } }
        - { name: five, debug: { msg: 5 } }
        - { name: six, debug: { msg: 6 } }
    - { name: seven, debug: { msg: 7 } }
- hosts: all
  gather_facts: false
  tasks:
    - { name: eight, debug: { msg: 8 } }
`;

/** The task names --list-tasks printed, in order. */
function listedTasks(run: SkprunRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('      '))
    .map((line) => line.trim().split('\t')[0]);
}

describe('--list-tasks with --start-at-task', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-list-start-'));
    writeFileSync(join(dir, 'site.yml'), SITE);
    writeFileSync(join(dir, 'inventory.yml'), 'all:\n  hosts: { h1: { ansible_connection: local } }\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists from the start task on', async () => {
    const run = await runSkprun(['-i', join(dir, 'inventory.yml'), '--list-tasks', '--start-at-task', 'five', join(dir, 'site.yml')]);
    expect(run.status, run.stderr).to.equal(0);
    expect(listedTasks(run)).to.deep.equal(['five', 'six', 'seven', 'eight']);
    expect(run.stdout).to.contain('play #1 (all)');
  });

  it('lists every task without it', async () => {
    const run = await runSkprun(['-i', join(dir, 'inventory.yml'), '--list-tasks', join(dir, 'site.yml')]);
    expect(listedTasks(run)).to.deep.equal(['one', 'two', 'three', 'five', 'six', 'seven', 'eight']);
  });
});
