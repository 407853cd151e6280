/**
 * `skprun adhoc registry -a 'docker ps'` on a lab that the registry
 * playbook has converged. The lab is this test's own (127.0.11, with
 * Docker), so that converging it does not change what the shared lab's
 * tests see.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';
import { testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { projectDir, runSkprun } from '../support/run-skprun.js';

/** Writes the lab's inventory with the registry variables of the repository's inventory/hosts.yml. */
function registryInventory(lab: LabState): string {
  const labInventory = parse(readFileSync(lab.inventoryFile, 'utf8'));
  const repositoryInventory = parse(readFileSync(join(projectDir, 'inventory/hosts.yml'), 'utf8'));
  const { lab_shared_dir: _computed, ...registryVars } = repositoryInventory.all.vars;
  for (const name of ['ansible_user', 'ansible_ssh_private_key_file', 'ansible_ssh_common_args']) delete registryVars[name];
  labInventory.all.vars = { ...registryVars, ...labInventory.all.vars };
  const file = join(lab.stateDir, 'adhoc-registry-inventory.yml');
  writeFileSync(file, stringify(labInventory));
  return file;
}

describe('skprun adhoc on a converged lab @lab', function () {
  this.timeout(600_000);
  let lab: LabState | undefined;

  after(async () => {
    if (lab) await labDown(lab.stateDir);
  });

  it('shows registry-skp in docker ps on every registry host', async () => {
    lab = await labUp({
      stateDir: testLabStateDir('adhoc-registry'), hosts: 2, docker: true, skew: {}, addressPrefix: '127.0.11', imageCacheDir: testImageCacheDir,
    });
    const inventory = registryInventory(lab);
    const converge = await runSkprun(['-i', inventory, '--output', 'json', 'playbooks/registry.yml']);
    expect(converge.status, converge.stderr + converge.stdout.slice(-2000)).to.equal(0);

    const run = await runSkprun(['adhoc', 'registry', '-i', inventory, '-a', 'docker ps']);
    expect(run.status, run.stderr).to.equal(0);
    // Each host's output follows its header line, up to the next header.
    const blocks = run.stdout.split(/^(?=\S+ \| )/m);
    for (const host of lab.hosts) {
      const block = blocks.find((b) => b.startsWith(`${host.name} | CHANGED | rc=0 >>\n`));
      expect(block, `${host.name} in:\n${run.stdout}`).to.match(/\sregistry-skp\n/);
    }
  });
});
