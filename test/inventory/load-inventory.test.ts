import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputErrors } from '../../src/errors.js';
import { hostVariables } from '../../src/inventory/host-vars.js';
import { detectFormat, loadInventory } from '../../src/inventory/load-inventory.js';
import type { Inventory } from '../../src/inventory/model.js';

const DIR = 'test/fixtures/inventory';

async function loadErrors(...paths: string[]): Promise<string[]> {
  try {
    await loadInventory(paths.map((path) => `${DIR}/${path}`));
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error(`${paths.join(', ')} loaded without errors`);
}

function members(inventory: Inventory, group: string): { hosts: string[]; children: string[] } {
  const found = inventory.groups.get(group);
  if (!found) throw new Error(`no group ${group}`);
  return { hosts: found.hosts, children: found.children };
}

describe('loadInventory YAML', () => {
  let inventory: Inventory;
  before(async () => {
    inventory = await loadInventory([`${DIR}/cluster.yml`]);
  });

  it('expands host ranges, letters and steps', () => {
    expect([...inventory.hosts.keys()]).to.deep.equal([
      'c01', 'c02', 'c03', '::1', 'single', 'nodea', 'nodeb', 'nodec', 'web1', 'web3', 'web5', 'loner',
    ]);
  });

  it('nests groups and settles all and ungrouped', () => {
    expect(members(inventory, 'all')).to.deep.equal({
      hosts: ['c01', 'c02', 'c03', '::1', 'single'],
      children: ['ungrouped', 'registry', 'nodes', 'ungrouped_top'],
    });
    expect(members(inventory, 'ungrouped')).to.deep.equal({ hosts: ['c03', '::1', 'single'], children: [] });
    expect(members(inventory, 'nodes')).to.deep.equal({ hosts: ['nodea', 'nodeb', 'nodec'], children: ['odd'] });
    expect(members(inventory, 'odd').hosts).to.deep.equal(['web1', 'web3', 'web5']);
  });

  it('reads a port in the host name as ansible_port', () => {
    expect(inventory.hosts.get('single')?.vars).to.deep.equal({ ansible_port: 2222, role: 'edge' });
    expect(inventory.hosts.get('::1')?.vars).to.deep.equal({ ansible_port: 2200 });
  });

  it('merges variables of a host listed twice', () => {
    expect(hostVariables(inventory, 'c02')).to.deep.equal({
      ansible_user: 'root',
      ntp_server: '127.0.0.1',
      ansible_port: 22,
      registry_port: 5000,
    });
  });

  it('records its sources', () => {
    expect(inventory.sources).to.deep.equal(['test/fixtures/inventory/cluster.yml']);
    expect(inventory.warnings).to.deep.equal([]);
  });
});

describe('loadInventory INI', () => {
  let inventory: Inventory;
  before(async () => {
    inventory = await loadInventory([`${DIR}/hosts.ini`]);
  });

  it('reads sections, children and ungrouped hosts', () => {
    expect(members(inventory, 'all').children).to.deep.equal(['ungrouped', 'servers']);
    expect(members(inventory, 'ungrouped').hosts).to.deep.equal(['solo']);
    expect(members(inventory, 'servers').children).to.deep.equal(['web', 'db']);
    expect(members(inventory, 'web').hosts).to.deep.equal(['web01', 'web02', 'web03']);
  });

  it('reads host values as Python literals', () => {
    expect(inventory.hosts.get('web01')?.vars).to.deep.equal({ ansible_port: 2222, tags: [1, 2], motto: 'keep calm', debug: true });
    expect(inventory.hosts.get('web03')?.vars).to.deep.equal({ ansible_port: 2200, role: 'front' });
  });

  it('reads vars sections as Python literals', () => {
    expect(inventory.groups.get('servers')?.vars).to.deep.equal({ ntp: '127.0.0.1', retries: 3, mode: '0644', enabled: 'yes' });
  });
});

describe('loadInventory SKP hosts', () => {
  it('turns labels into groups and ipv4 into ansible_host', async () => {
    const inventory = await loadInventory([`${DIR}/skp-hosts.json`]);
    expect(members(inventory, 'registry').hosts).to.deep.equal(['c01', 'c02']);
    expect(members(inventory, 'gpu_a100').hosts).to.deep.equal(['c01']);
    expect(members(inventory, 'ungrouped').hosts).to.deep.equal(['c03']);
    expect(inventory.hosts.get('c01')?.vars).to.deep.equal({
      ansible_host: '127.0.0.51',
      skp_labels: { registry: 'enable', gpu: 'a100' },
    });
  });

  it('loads the five-node example when named', async () => {
    const inventory = await loadInventory(['inventory/cluster.example.json']);
    expect(members(inventory, 'registry').hosts).to.deep.equal(['c01', 'c02', 'c03', 'c04', 'c05']);
    expect(inventory.hosts.get('c05')?.vars.ansible_host).to.equal('192.168.0.55');
    expect(members(inventory, 'master').hosts).to.deep.equal(['c01']);
  });

  it('reads a JSON file of Ansible shape as a YAML inventory', async () => {
    const inventory = await loadInventory([`${DIR}/ansible.json`]);
    expect(members(inventory, 'db').hosts).to.deep.equal(['j01']);
    expect(inventory.hosts.get('j01')?.vars).to.deep.equal({ ansible_host: '127.0.0.61', weight: 1000 });
  });
});

describe('loadInventory folders and sources', () => {
  it('reads a folder in name order, skipping ignored files', async () => {
    const inventory = await loadInventory([`${DIR}/folder`]);
    expect([...inventory.hosts.keys()]).to.deep.equal(['f01', 'f02', 'f06']);
    expect(members(inventory, 'extra').hosts).to.deep.equal(['f02']);
    expect(members(inventory, 'role_db').hosts).to.deep.equal(['f06']);
    expect(inventory.groups.has('ignored')).to.equal(false);
  });

  it('merges several sources in order', async () => {
    const inventory = await loadInventory([`${DIR}/cluster.yml`, `${DIR}/skp-hosts.json`]);
    expect(members(inventory, 'registry').hosts).to.deep.equal(['c01', 'c02']);
    expect(inventory.hosts.get('c01')?.vars).to.deep.equal({
      ansible_port: 22,
      ansible_host: '127.0.0.51',
      skp_labels: { registry: 'enable', gpu: 'a100' },
    });
    expect(inventory.sources).to.have.length(2);
  });

  it('detects formats by extension and content', () => {
    expect(detectFormat('hosts', '[web]\nw1\n')).to.equal('ini');
    expect(detectFormat('hosts', 'w1\nw2\n')).to.equal('ini');
    expect(detectFormat('hosts', 'all:\n  hosts:\n    w1:\n')).to.equal('yaml');
    expect(detectFormat('hosts', '{"w1": {"ipv4": "127.0.0.1"}}')).to.equal('json');
  });

  it('reads INI content in a .yml or .json file', () => {
    expect(detectFormat('hosts.yml', '[web]\nc01 ansible_host=127.0.0.51\n')).to.equal('ini');
    expect(detectFormat('hosts.yaml', '# lab\n; web hosts\n\n[web]\nc01\n')).to.equal('ini');
    expect(detectFormat('hosts.yml', 'c01 ansible_host=127.0.0.51 ansible_port=22\n')).to.equal('ini');
    expect(detectFormat('hosts.json', '[web]\nc01\n')).to.equal('ini');
    // A lone [web] is a YAML list, which Ansible's YAML plugin rejects, so its INI plugin reads it.
    expect(detectFormat('hosts.yml', '[web]\n')).to.equal('ini');
  });

  it('keeps YAML that only resembles INI', () => {
    expect(detectFormat('hosts.yml', 'all:\n  hosts:\n    c01:\n')).to.equal('yaml');
    expect(detectFormat('hosts.yml', 'all: {hosts: {c01: {}}}\n')).to.equal('yaml');
    expect(detectFormat('hosts.yml', 'all:\n  hosts: [c01\n')).to.equal('yaml');
    expect(detectFormat('hosts.json', '{"all": {}}')).to.equal('json');
  });

  it('loads an INI file named hosts.yml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skprun-ini-yml-'));
    const file = join(dir, 'hosts.yml');
    writeFileSync(file, '# lab hosts\n[web]\nc01 ansible_host=127.0.0.51\n');
    try {
      const inventory = await loadInventory([file]);
      expect(inventory.groups.get('web')?.hosts).to.deep.equal(['c01']);
      expect(hostVariables(inventory, 'c01').ansible_host).to.equal('127.0.0.51');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadInventory errors', () => {
  it('checks connection variables and group keys', async () => {
    expect(await loadErrors('errors/inventory.yml')).to.deep.equal([
      'test/fixtures/inventory/errors/inventory.yml:12:21: all/hosts/c01/ansible_port: should be an integer',
      'test/fixtures/inventory/errors/inventory.yml:14:21: all/hosts/c03/ansible_port: should be <= 65535',
      'test/fixtures/inventory/errors/inventory.yml:15:10: all/hosts/c04: host variables should be a mapping of names to values',
      'test/fixtures/inventory/errors/inventory.yml:16:3: all/childern: unknown key "childern" in group all (a group takes hosts, vars and children); did you mean "children"?',
    ]);
  });

  it('reports wrong shapes and bad ranges', async () => {
    expect(await loadErrors('errors/shapes.yml')).to.deep.equal([
      'test/fixtures/inventory/errors/shapes.yml:3:5: web/hosts: should be a mapping of host names to their variables, not a list',
      'test/fixtures/inventory/errors/shapes.yml:5:5: db: group "db" should be a mapping with hosts, vars and children',
      'test/fixtures/inventory/errors/shapes.yml:8:5: api/hosts/api[3:1]: host range in "api[3:1]" begins after it ends',
      'test/fixtures/inventory/errors/shapes.yml:9:5: api/hosts/bad[01:5]: host range in "bad[01:5]" pads its begin with zeros, so its end needs the same number of digits',
      'test/fixtures/inventory/errors/shapes.yml:10:5: api/hosts/x:: "x:" ends with ":", which is reserved for a port number',
    ]);
  });

  it('rejects a loop of child groups', async () => {
    expect(await loadErrors('errors/loop.yml')).to.deep.equal([
      'test/fixtures/inventory/errors/loop.yml:3:5: a/children/b: group b cannot be a child of a: that makes a loop (a -> b -> a)',
    ]);
  });

  it('reports INI problems by line and column', async () => {
    expect(await loadErrors('errors/broken.ini')).to.deep.equal([
      'test/fixtures/inventory/errors/broken.ini:1:1: invalid section header [web: write [group], [group:vars] or [group:children], without spaces',
      'test/fixtures/inventory/errors/broken.ini:2:7: expected key=value after the host name, found "port"',
      'test/fixtures/inventory/errors/broken.ini:3:1: section [web:unknown] has an unknown type "unknown"; use vars or children',
      'test/fixtures/inventory/errors/broken.ini:5:18: db/db1/ansible_port: should be an integer',
      "test/fixtures/inventory/errors/broken.ini:6:1: cannot read the host line: no closing quotation (')",
      'test/fixtures/inventory/errors/broken.ini:8:1: expected key=value in [db:vars], found "novalue"',
      'test/fixtures/inventory/errors/broken.ini:10:1: [app:children] names group ghost, which no [ghost] or [ghost:children] section defines',
      'test/fixtures/inventory/errors/broken.ini:11:1: [orphan:vars] sets variables for group orphan, which no [orphan] or [orphan:children] section defines',
    ]);
  });

  it('reports SKP hosts problems', async () => {
    expect(await loadErrors('errors/skp-bad.json')).to.deep.equal([
      'test/fixtures/inventory/errors/skp-bad.json:2:20: c01/ipv4: should be an IPv4 address such as 192.0.2.10',
      'test/fixtures/inventory/errors/skp-bad.json:2:57: c01/labels/registry: a label value should be a non-empty string, such as "enable"',
      'test/fixtures/inventory/errors/skp-bad.json:3:33: c02/lables: unknown key "lables" for host c02 (an SKP host entry takes ipv4 and labels); did you mean "labels"?',
    ]);
  });

  it('places a JSON syntax error', async () => {
    expect(await loadErrors('errors/bad-syntax.json')).to.deep.equal([
      "test/fixtures/inventory/errors/bad-syntax.json:4:3: invalid JSON: expected ',' or '}' after property value",
    ]);
  });

  it('rejects inventory plugins and missing sources together', async () => {
    expect(await loadErrors('nothing.yml', 'errors/plugin.yml')).to.deep.equal([
      'test/fixtures/inventory/nothing.yml: inventory not found',
      'test/fixtures/inventory/errors/plugin.yml:1:1: plugin: inventory plugins are not supported; list the hosts in the file',
    ]);
  });
});
