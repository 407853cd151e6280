import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectDir } from '../support/run-skprun.js';

const PLAYBOOK = `
- hosts: localhost
  gather_facts: false
  vars_prompt:
    - name: word
      prompt: Say a word
    - name: shown
      prompt: Shown
      private: false
      default: dflt
  tasks:
    - name: show
      debug: { msg: "{{ word }}-{{ shown }}" }
`;

/**
 * Runs skprun on a terminal (util-linux `script` gives it one) and types
 * each answer once its question shows. Returns everything the terminal showed.
 */
function runOnTerminal(dir: string, answers: [string, string][]): Promise<string> {
  const command = `node ${join(projectDir, 'bin/skprun.js')} -i inv.yml --output json site.yml`;
  const child = spawn('script', ['-q', '-c', command, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let shown = '';
  const pending = [...answers];
  child.stdout.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
    while (pending.length > 0 && shown.includes(pending[0][0])) child.stdin.write(`${pending.shift()![1]}\r`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no end after 30 s; the terminal showed:\n${shown}`));
    }, 30_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(shown.replace(/\r/g, ''));
    });
  });
}

describe('vars_prompt on a terminal', function () {
  this.timeout(40_000);

  it('asks, hides a private answer and takes the default for an empty one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skprun-prompt-'));
    writeFileSync(join(dir, 'inv.yml'), 'all:\n  hosts: {}\n');
    writeFileSync(join(dir, 'site.yml'), PLAYBOOK);
    const shown = await runOnTerminal(dir, [['Say a word: ', 'hush'], ['Shown [dflt]: ', '']]);
    expect(shown).to.include('"msg":"hush-dflt"');
    const beforeResult = shown.slice(0, shown.indexOf('"kind":"task_start"'));
    expect(beforeResult, 'the private answer is not echoed').to.not.include('hush');
  });
});
