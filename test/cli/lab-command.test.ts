import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runSkprun } from '../support/run-skprun.js';

describe('skprun lab command @lab', function () {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'skprun-lab-cli-')), 'lab');
  const prefix = process.env.SKPRUN_TEST_CLI_LAB_PREFIX ?? '127.0.14';
  const lab = (...args: string[]) => runSkprun(['lab', ...args, '--state-dir', stateDir]);

  after(async () => {
    await lab('down');
  });

  it('starts hosts and writes an inventory', async () => {
    const up = await lab('up', '--hosts', '2', '--address-prefix', prefix, '--skew', 'c02=30');
    expect(up.status, up.stderr).to.equal(0);
    expect(up.stdout).to.include(`lab is up: c01=${prefix}.51 c02=${prefix}.52`);
    expect(up.stdout).to.include(`inventory: ${join(stateDir, 'inventory.yml')}`);
  });

  it('shows each host running', async () => {
    const status = await lab('status');
    expect(status.status, status.stderr).to.equal(0);
    expect(status.stdout).to.include(`c01 ${prefix}.51:22 sshd=running`);
    expect(status.stdout).to.include(`c02 ${prefix}.52:22 sshd=running clock skew=30s`);
  });

  it('leaves the same running lab alone', async () => {
    const again = await lab('up', '--hosts', '2', '--address-prefix', prefix, '--skew', 'c02=30');
    expect(again.status, again.stderr).to.equal(0);
    expect(again.stdout).to.include(`lab is already up: c01=${prefix}.51 c02=${prefix}.52`);
  });

  it('refuses to replace a different lab', async () => {
    const marker = join(stateDir, 'shared', 'keep-me');
    writeFileSync(marker, 'data');
    const other = await lab('up', '--hosts', '3', '--address-prefix', prefix);
    expect(other.status).to.equal(5);
    expect(other.stderr).to.include(`ERROR: a different or stopped lab is in ${stateDir} (c01=${prefix}.51 c02=${prefix}.52); run \`skprun lab down\` first`);
    expect(existsSync(marker), 'the lab\'s shared folder is kept').to.equal(true);
  });

  it('runs a playbook on the lab inventory', async () => {
    const run = await runSkprun(['-i', join(stateDir, 'inventory.yml'), 'test/fixtures/e2e/echo-hostname.yml']);
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.match(/c01 : ok=1 changed=1 unreachable=0 failed=0/);
  });

  it('rejects a skew that is not HOST=SECONDS', async () => {
    const bad = await lab('up', '--skew', 'c02');
    expect(bad.status).to.equal(5);
    expect(bad.stderr.trim()).to.equal('ERROR: --skew c02: expected HOST=SECONDS, for example c02=600');
  });

  it('rejects an address outside loopback', async () => {
    const bad = await lab('up', '--address-prefix', '192.168.0');
    expect(bad.status).to.equal(5);
    expect(bad.stderr.trim()).to.equal('ERROR: --address-prefix 192.168.0: lab hosts live on loopback; expected 127.X.Y with X and Y from 0 to 255, without leading zeros');
    const padded = await lab('up', '--address-prefix', '127.00.40');
    expect(padded.status).to.equal(5);
  });

  it('rejects more hosts than a lab has', async () => {
    const bad = await lab('up', '--hosts', '250', '--address-prefix', prefix, '--replace');
    expect(bad.status).to.equal(5);
    expect(bad.stderr.trim()).to.equal('ERROR: --hosts 250: a lab has at most 99 hosts');
  });

  it('stops every host and reports no lab after', async () => {
    const down = await lab('down');
    expect(down.status, down.stderr).to.equal(0);
    const status = await lab('status');
    expect(status.stdout.trim()).to.equal(`no lab in ${stateDir}`);
  });
});
