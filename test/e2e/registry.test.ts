import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import type { LabState } from '../../src/lab/index.js';
import { connectLabHost, sharedLab } from '../support/lab.js';
import { projectDir, recapOf, runSkprun, statusesOf } from '../support/run-skprun.js';

/**
 * The test lab's inventory, with the registry variables that the
 * repository's inventory/hosts.yml gives its own lab, so that this test runs
 * the same settings a user's first run does.
 */
function writeRegistryInventory(lab: LabState): string {
  const labInventory = parse(readFileSync(lab.inventoryFile, 'utf8'));
  const repositoryInventory = parse(readFileSync(join(projectDir, 'inventory/hosts.yml'), 'utf8'));
  const { lab_shared_dir: _computed, ...registryVars } = repositoryInventory.all.vars;
  const connectionVars = ['ansible_user', 'ansible_ssh_private_key_file', 'ansible_ssh_common_args'];
  for (const name of connectionVars) delete registryVars[name];
  labInventory.all.vars = { ...registryVars, ...labInventory.all.vars };
  const file = join(lab.stateDir, 'registry-inventory.yml');
  writeFileSync(file, stringify(labInventory));
  return file;
}

async function registryAnswers(address: string): Promise<number> {
  const response = await fetch(`http://${address}:5000/v2/`);
  return response.status;
}

describe('registry playbook @lab', function () {
  let lab: LabState;
  let inventory: string;
  const run = (...args: string[]) => runSkprun(['-i', inventory, '--output', 'json', ...args, 'playbooks/registry.yml']);

  before(async () => {
    lab = await sharedLab();
    inventory = writeRegistryInventory(lab);
  });

  it('deploys on every host with changes on the first run', async () => {
    const first = await run();
    expect(first.status, first.stderr + first.stdout).to.equal(0);
    const recap = recapOf(first);
    for (const host of lab.hosts) expect(recap[host.name].changed, host.name).to.be.greaterThan(0);
  });

  it('changes nothing on the second run', async () => {
    const second = await run();
    expect(second.status, second.stderr).to.equal(0);
    const recap = recapOf(second);
    for (const host of lab.hosts) expect(recap[host.name], host.name).to.include({ changed: 0, failed: 0 });
  });

  it('serves /v2/ on every host', async () => {
    for (const host of lab.hosts) expect(await registryAnswers(host.address), host.name).to.equal(200);
  });

  it('pulls an image pushed to c01 through c02 and c03', async () => {
    const [c01, ...others] = lab.hosts;
    const tag = `skp/busybox:${Date.now()}`;
    const push = await (await connectLabHost(c01.name)).exec(
      `docker tag busybox:latest ${c01.address}:5000/${tag} && docker push ${c01.address}:5000/${tag}`,
    );
    expect(push.exitCode, push.stderr).to.equal(0);
    for (const host of others) {
      const pull = await (await connectLabHost(host.name)).exec(`docker pull ${host.address}:5000/${tag}`);
      expect(pull.exitCode, `${host.name}: ${pull.stderr}`).to.equal(0);
    }
  });

  it('recreates only the container when its environment changes', async () => {
    const changed = await run('-e', '{"registry_env": {"REGISTRY_LOG_LEVEL": "warn"}}');
    expect(changed.status, changed.stderr).to.equal(0);
    const container = statusesOf(changed, 'Run the registry container');
    const volume = statusesOf(changed, 'Create the registry volume on the shared storage');
    const network = statusesOf(changed, 'Create the registry network');
    for (const host of lab.hosts) {
      expect(container[host.name], `${host.name} container`).to.equal('changed');
      expect(volume[host.name], `${host.name} volume`).to.equal('ok');
      expect(network[host.name], `${host.name} network`).to.equal('ok');
    }
  });

  it('reports no change in check mode after a converged run', async () => {
    await run();
    const before = await (await connectLabHost('c01')).exec('docker inspect -f "{{.Id}}" registry-skp');
    const check = await run('--check');
    expect(check.status, check.stderr).to.equal(0);
    for (const host of lab.hosts) expect(recapOf(check)[host.name].changed, host.name).to.equal(0);
    const after = await (await connectLabHost('c01')).exec('docker inspect -f "{{.Id}}" registry-skp');
    expect(after.stdout).to.equal(before.stdout);
  });
});
