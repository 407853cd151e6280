import { expect } from 'chai';
import { groupsOf, hostVariables } from '../../src/inventory/host-vars.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';

const DIR = 'test/fixtures/inventory';

// The expected values were checked with ansible-inventory --host (ansible-core 2.14).
describe('hostVariables precedence', () => {
  it('puts host_vars above group_vars above inventory files', async () => {
    const inventory = await loadInventory([`${DIR}/precedence/hosts.yml`], { playbookDir: `${DIR}/precedence/playbook` });
    expect(hostVariables(inventory, 'h1')).to.deep.equal({
      level: 'h1-dir',
      from_all_file: 'yes_all',
      only_all_dir: true,
      web_a: 1,
      web_b: 2,
    });
  });

  it('puts playbook group_vars above inventory group_vars', async () => {
    const inventory = await loadInventory([`${DIR}/precedence/hosts.yml`], { playbookDir: `${DIR}/precedence/playbook` });
    expect(hostVariables(inventory, 'h2').level).to.equal('web-playbook');
  });

  it('merges a group_vars folder in name order', async () => {
    const inventory = await loadInventory([`${DIR}/precedence/hosts.yml`]);
    expect(inventory.groups.get('web')?.inventoryDirVars).to.deep.equal({ level: 'web-dir-b', web_a: 1, web_b: 2 });
    expect(hostVariables(inventory, 'h2').level).to.equal('web-dir-b');
  });

  it('warns about group_vars for no group', async () => {
    const inventory = await loadInventory([`${DIR}/precedence/hosts.yml`]);
    expect(inventory.warnings).to.deep.equal([
      'test/fixtures/inventory/precedence/group_vars/nosuchgroup: no group is named nosuchgroup in the inventory, so these variables are not used',
    ]);
  });

  it('orders groups by depth, priority, then name', async () => {
    const inventory = await loadInventory([`${DIR}/priority.yml`]);
    expect(hostVariables(inventory, 'p1')).to.deep.equal({ level: 'zeta', from_all: 1 });
    expect(hostVariables(inventory, 'p2')).to.deep.equal({ level: 'gamma', from_all: 1 });
    expect(hostVariables(inventory, 'p3')).to.deep.equal({ level: 'deep', from_all: 1 });
    expect(groupsOf(inventory, 'p3').map((g) => g.name)).to.deep.equal(['top', 'shallow', 'deep']);
  });

  it('keeps ansible_group_priority out of the variables', async () => {
    const inventory = await loadInventory([`${DIR}/priority.yml`]);
    expect(inventory.groups.get('beta')?.priority).to.equal(0);
    expect(inventory.groups.get('beta')?.vars).to.deep.equal({ level: 'beta' });
  });

  it('returns nothing for an unknown host', async () => {
    const inventory = await loadInventory([`${DIR}/priority.yml`]);
    expect(hostVariables(inventory, 'nobody')).to.deep.equal({});
  });
});
