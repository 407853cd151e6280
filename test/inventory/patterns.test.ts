import { expect } from 'chai';
import type { Inventory, InventoryGroup } from '../../src/inventory/model.js';
import { groupHosts, HostPatternError, selectHosts } from '../../src/inventory/patterns.js';

function group(name: string, hosts: string[], children: string[] = []): [string, InventoryGroup] {
  return [name, { name, vars: {}, hosts, children }];
}

/**
 * Hosts in file order: solo, c03, c01, c02, c04, lonely. web lists c03
 * before c01, db has c02 and c04 and the child group web, and `lonely` is in
 * no group but ungrouped. ansible-core 2.14 gave the expected orders below
 * for the same inventory written as YAML.
 */
function inventory(): Inventory {
  const names = ['solo', 'c03', 'c01', 'c02', 'c04', 'lonely'];
  return {
    sources: ['inventory.yml'],
    hosts: new Map(names.map((name) => [name, { name, vars: {} }])),
    groups: new Map([
      group('all', ['solo'], ['ungrouped', 'web', 'db']),
      group('ungrouped', ['solo', 'lonely']),
      group('web', ['c03', 'c01']),
      group('db', ['c02', 'c04'], ['web']),
    ]),
  };
}

function hosts(pattern: string): string[] {
  return selectHosts(inventory(), pattern).hosts;
}

describe('groupHosts', () => {
  it("lists a group's hosts as the group lists them", () => {
    expect(groupHosts(inventory(), 'web')).to.deep.equal(['c03', 'c01']);
  });

  it("adds the hosts of child groups after the group's own", () => {
    expect(groupHosts(inventory(), 'db')).to.deep.equal(['c02', 'c04', 'c03', 'c01']);
  });

  it('lists every host for all, group by group', () => {
    expect(groupHosts(inventory(), 'all')).to.deep.equal(['solo', 'lonely', 'c03', 'c01', 'c02', 'c04']);
  });

  it('lists no host twice when groups repeat', () => {
    const inv = inventory();
    inv.groups.set('both', { name: 'both', vars: {}, hosts: ['c01'], children: ['web', 'web'] });
    expect(groupHosts(inv, 'both')).to.deep.equal(['c01', 'c03']);
  });

  it('returns nothing for an unknown group', () => {
    expect(groupHosts(inventory(), 'nope')).to.deep.equal([]);
  });

  it('survives a cycle of child groups', () => {
    const inv = inventory();
    inv.groups.get('web')!.children.push('db');
    expect(groupHosts(inv, 'db')).to.deep.equal(['c02', 'c04', 'c03', 'c01']);
  });
});

describe('selectHosts', () => {
  it('selects every host with all and *', () => {
    expect(hosts('all')).to.deep.equal(['solo', 'lonely', 'c03', 'c01', 'c02', 'c04']);
    expect(hosts('*')).to.deep.equal(['solo', 'lonely', 'c03', 'c01', 'c02', 'c04']);
  });

  it('selects a group by name', () => {
    expect(hosts('db')).to.deep.equal(['c02', 'c04', 'c03', 'c01']);
  });

  it('selects a host by name', () => {
    expect(hosts('c02')).to.deep.equal(['c02']);
  });

  it('selects a host that is in no group', () => {
    expect(hosts('lonely')).to.deep.equal(['lonely']);
  });

  it('matches globs against groups and hosts', () => {
    expect(hosts('c0*')).to.deep.equal(['c03', 'c01', 'c02', 'c04']);
    expect(hosts('c0?')).to.deep.equal(['c03', 'c01', 'c02', 'c04']);
    expect(hosts('we?')).to.deep.equal(['c03', 'c01']);
    expect(hosts('c0[12]')).to.deep.equal([]);
    expect(hosts('c0[!12]')).to.deep.equal(['c03', 'c04']);
  });

  it('matches regular expressions from the start of names', () => {
    expect(hosts('~c0[12]')).to.deep.equal(['c01', 'c02']);
    expect(hosts('~(web|so)')).to.deep.equal(['c03', 'c01', 'solo']);
    expect(hosts('~0')).to.deep.equal([]);
  });

  it('rejects an invalid regular expression', () => {
    expect(() => hosts('~c0(')).to.throw(HostPatternError, "invalid host pattern '~c0('");
  });

  it('joins terms separated by colons in term order', () => {
    expect(hosts('web:db')).to.deep.equal(['c03', 'c01', 'c02', 'c04']);
    expect(hosts('db:web')).to.deep.equal(['c02', 'c04', 'c03', 'c01']);
  });

  it('joins terms separated by commas', () => {
    expect(hosts('c04,web')).to.deep.equal(['c04', 'c03', 'c01']);
    expect(hosts('c04, solo')).to.deep.equal(['c04', 'solo']);
  });

  it('lists a host once when terms repeat it', () => {
    expect(hosts('c01:c01:web')).to.deep.equal(['c01', 'c03']);
  });

  it('intersects with &', () => {
    expect(hosts('db:&web')).to.deep.equal(['c03', 'c01']);
  });

  it('excludes with !', () => {
    expect(hosts('db:!web')).to.deep.equal(['c02', 'c04']);
    expect(hosts('all:!c01')).to.deep.equal(['solo', 'lonely', 'c03', 'c02', 'c04']);
  });

  it('starts from all when there are only exclusions', () => {
    expect(hosts('!db')).to.deep.equal(['solo', 'lonely']);
  });

  it('applies unions, then intersections, then exclusions, whatever the written order', () => {
    expect(hosts('!c01:&db:web')).to.deep.equal(['c03']);
    expect(hosts('web:&db:!c01')).to.deep.equal(['c03']);
  });

  it('selects one host by subscript, from either end', () => {
    expect(hosts('db[0]')).to.deep.equal(['c02']);
    expect(hosts('db[-1]')).to.deep.equal(['c01']);
  });

  it('selects slices with an inclusive end', () => {
    expect(hosts('db[1:2]')).to.deep.equal(['c04', 'c03']);
    expect(hosts('db[0:0]')).to.deep.equal(['c02']);
  });

  it('selects open-ended slices', () => {
    expect(hosts('db[1:]')).to.deep.equal(['c04', 'c03', 'c01']);
    // A slice without its start is a glob in ansible-core 2.14, and matches no host here.
    expect(hosts('db[:2]')).to.deep.equal([]);
  });

  it('keeps a subscripted term whole when splitting at colons', () => {
    expect(hosts('db[0:1]:solo')).to.deep.equal(['c02', 'c04', 'solo']);
  });

  it('applies a subscript to a glob', () => {
    expect(hosts('c0*[0]')).to.deep.equal(['c03']);
  });

  it('reads a slice without start or end as a glob', () => {
    expect(selectHosts(inventory(), 'db[:]')).to.deep.equal({ hosts: [], unmatched: ['db[:]'] });
  });

  it('lists terms that match nothing', () => {
    const selection = selectHosts(inventory(), 'web:nosuch:!other');
    expect(selection.hosts).to.deep.equal(['c03', 'c01']);
    expect(selection.unmatched).to.deep.equal(['nosuch', '!other']);
  });

  it('lists a subscript past the end as unmatched', () => {
    const selection = selectHosts(inventory(), 'web[5]');
    expect(selection.hosts).to.deep.equal([]);
    expect(selection.unmatched).to.deep.equal(['web[5]']);
  });

  it('does not list an empty group as unmatched', () => {
    const inv = inventory();
    inv.groups.set('empty', { name: 'empty', vars: {}, hosts: [], children: [] });
    expect(selectHosts(inv, 'empty')).to.deep.equal({ hosts: [], unmatched: [] });
  });

  it('selects nothing for an empty pattern', () => {
    expect(selectHosts(inventory(), '  ')).to.deep.equal({ hosts: [], unmatched: [] });
  });

  it('prefers a host over a group of the same name', () => {
    const inv = inventory();
    inv.groups.set('c01', { name: 'c01', vars: {}, hosts: ['c02'], children: [] });
    expect(selectHosts(inv, 'c01').hosts).to.deep.equal(['c01']);
  });
});
