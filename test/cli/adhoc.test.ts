/**
 * `skprun adhoc` on the controller (ansible_connection=local), next to
 * `ansible` (ansible-core 2.14) on the same inventory.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatHostResult, oneLineJson } from '../../src/cli/adhoc-command.js';
import { runSkprun } from '../support/run-skprun.js';

const run = promisify(execFile);

async function ansible(args: string[]): Promise<{ stdout: string; status: number }> {
  try {
    const { stdout } = await run('ansible', args, { env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    return { stdout, status: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { stdout: failed.stdout, status: failed.code };
  }
}

describe('skprun adhoc against ansible', function () {
  this.timeout(60_000);
  let dir: string;
  let inventory: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-adhoc-'));
    inventory = path.join(dir, 'hosts.ini');
    writeFileSync(inventory, '[local]\nh1 ansible_connection=local\nh2 ansible_connection=local\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const args of [['-a', 'echo hi'], ['-o', '-a', 'echo hi'], ['-m', 'shell', '-a', 'printf "a\\nb\\n"'], ['-o', '-m', 'shell', '-a', 'printf "a\\nb\\n"']]) {
    it(`prints what ansible prints for ${args.join(' ')}`, async () => {
      // One fork, so that both print the hosts in inventory order rather than as they finish.
      const expected = await ansible(['local', '-i', inventory, '-f', '1', ...args]);
      const actual = await runSkprun(['adhoc', 'local', '-i', inventory, '-f', '1', ...args]);
      expect(actual.stdout).to.equal(expected.stdout);
      expect(actual.status).to.equal(expected.status);
    });
  }

  it('gives a failed command the FAILED header and exit status 2', async () => {
    const expected = await ansible(['h1', '-i', inventory, '-a', 'false']);
    const actual = await runSkprun(['adhoc', 'h1', '-i', inventory, '-a', 'false']);
    expect(actual.stdout.split('\n')[0]).to.equal(expected.stdout.split('\n')[0]);
    expect(actual.stdout.split('\n')[0]).to.equal('h1 | FAILED | rc=1 >>');
    expect(actual.status).to.equal(expected.status).and.to.equal(2);
  });

  it('prints other modules as JSON under SUCCESS or CHANGED', async () => {
    const folder = path.join(dir, 'made');
    const first = await runSkprun(['adhoc', 'h1', '-i', inventory, '-m', 'file', '-a', `path=${folder} state=directory`]);
    const second = await runSkprun(['adhoc', 'h1', '-i', inventory, '-m', 'ansible.builtin.file', '-a', `path=${folder} state=directory`]);
    expect(first.stdout, first.stderr).to.match(/^h1 \| CHANGED => \{\n {4}"changed": true,/);
    expect(second.stdout, second.stderr).to.match(/^h1 \| SUCCESS => \{\n {4}"changed": false,/);
  });

  it('warns and exits 0 when no host matches, as ansible does', async () => {
    const actual = await runSkprun(['adhoc', 'nosuch', '-i', inventory, '-a', 'true']);
    expect(actual.status).to.equal(0);
    expect(actual.stderr).to.contain('[WARNING]: Could not match supplied host pattern, ignoring: nosuch');
    expect(actual.stderr).to.contain('[WARNING]: No hosts matched, nothing to do');
  });

  it('rejects an unknown module and bad arguments before running', async () => {
    const unknown = await runSkprun(['adhoc', 'h1', '-i', inventory, '-m', 'comand', '-a', 'true']);
    expect(unknown.status).to.equal(4);
    expect(unknown.stderr).to.contain('-m: unknown module "comand"');
    const bad = await runSkprun(['adhoc', 'h1', '-i', inventory, '-m', 'file', '-a', 'path=/x stat=directory']);
    expect(bad.status).to.equal(4);
    expect(bad.stderr).to.contain('unknown argument "stat" for file; did you mean "state"?');
    const missing = await runSkprun(['adhoc', 'h1', '-i', inventory]);
    expect(missing.status).to.equal(5);
    expect(missing.stderr).to.contain("no command given to the command module: add -a 'COMMAND'");
  });

  it('writes JSON events with --output json', async () => {
    const actual = await runSkprun(['adhoc', 'h1', '-i', inventory, '-a', 'echo hi', '--output', 'json']);
    const result = actual.events.find((event) => event.kind === 'host_result');
    expect(result?.kind).to.equal('host_result');
    if (result?.kind === 'host_result') expect(result.result.stdout).to.equal('hi');
  });
});

describe('formatHostResult', () => {
  const event = (status: 'ok' | 'unreachable', result: Record<string, unknown>) =>
    ({ kind: 'host_result', host: 'c01', task: 't', taskId: 1, status, msg: 'down', durationMs: 1, result }) as const;

  it('prints unreachable hosts as ansible does', () => {
    const down = event('unreachable', { unreachable: true, changed: false, msg: 'down' });
    expect(formatHostResult(down, 'command', false).text).to.equal(
      'c01 | UNREACHABLE! => {\n    "changed": false,\n    "msg": "down",\n    "unreachable": true\n}',
    );
    expect(formatHostResult(down, 'command', true).text).to.equal('c01 | UNREACHABLE!: down');
  });

  it('writes one-line JSON as Python does with indent=0', () => {
    expect(oneLineJson({ b: [1, { d: null }], a: 'x', e: {} })).to.equal('{"a": "x","b": [1,{"d": null}],"e": {}}');
  });
});
