import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runSkprun } from '../support/run-skprun.js';

describe('--limit @file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skprun-limit-'));
  const listHosts = (limit: string) =>
    runSkprun(['-i', 'inventory/hosts.yml', '--list-hosts', '-l', limit, 'test/fixtures/e2e/echo-hostname.yml']);

  it('limits to the hosts listed one a line', async () => {
    writeFileSync(join(dir, 'hosts'), 'c01\n\n# a comment\nc03\n');
    const run = await listHosts(`@${join(dir, 'hosts')}`);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include('hosts (2):\n      c01\n      c03\n');
  });

  it('rejects a file that cannot be read', async () => {
    const run = await listHosts('@/nonexistent/hosts');
    expect(run.status).to.equal(5);
    expect(run.stderr).to.include("argument '@/nonexistent/hosts' is invalid. cannot read /nonexistent/hosts: ENOENT.");
  });

  it('rejects a file that lists no host', async () => {
    writeFileSync(join(dir, 'empty'), '# nothing\n');
    const run = await listHosts(`@${join(dir, 'empty')}`);
    expect(run.status).to.equal(5);
    expect(run.stderr).to.include('lists no hosts.');
  });
});
