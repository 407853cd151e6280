import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globMatcher, lookupItems } from '../../src/engine/loops.js';
import { sequenceItems } from '../../src/engine/sequence.js';
import type { RunEvent } from '../../src/engine/events.js';
import { debugMessages, runPlaybook } from './run-playbook.js';

describe('lookupItems', () => {
  it('flattens with_items one level only', () => {
    expect(lookupItems('items', [1, [2, [3]], 'a'])).to.deep.equal([1, 2, [3], 'a']);
  });

  it('keeps with_list as written', () => {
    expect(lookupItems('list', [1, [2, 3]])).to.deep.equal([1, [2, 3]]);
  });

  it('flattens with_flattened at every depth', () => {
    expect(lookupItems('flattened', [1, [2, [3, [4]]]])).to.deep.equal([1, 2, 3, 4]);
  });

  it('turns with_dict into key and value items', () => {
    expect(lookupItems('dict', [{ a: 1, b: 2 }])).to.deep.equal([{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
  });

  it('pairs with_together item by item, None where a list is short', () => {
    expect(lookupItems('together', [[1, 2, 3], ['a', 'b']])).to.deep.equal([[1, 'a'], [2, 'b'], [3, null]]);
  });

  it('combines with_nested lists, the first varying slowest', () => {
    expect(lookupItems('nested', [['a', 'b'], [1, 2]])).to.deep.equal([['a', 1], ['a', 2], ['b', 1], ['b', 2]]);
  });

  it('numbers with_indexed_items', () => {
    expect(lookupItems('indexed_items', [['a', 'b']])).to.deep.equal([[0, 'a'], [1, 'b']]);
  });

  it('pairs with_subelements parents with each sub-item', () => {
    const users = [{ name: 'ann', keys: ['k1', 'k2'] }, { name: 'bob', keys: ['k3'] }];
    expect(lookupItems('subelements', [users, 'keys'])).to.deep.equal([
      [users[0], 'k1'], [users[0], 'k2'], [users[1], 'k3'],
    ]);
  });

  it('skips with_subelements parents without the key when asked', () => {
    const users = [{ name: 'ann', keys: ['k1'] }, { name: 'bob' }];
    expect(lookupItems('subelements', [users, 'keys', { skip_missing: true }])).to.deep.equal([[users[0], 'k1']]);
    expect(() => lookupItems('subelements', [users, 'keys'])).to.throw('should hold a list');
  });

  it('lists with_fileglob files of the first folder that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skprun-fileglob-'));
    mkdirSync(join(dir, 'files', 'conf.d'), { recursive: true });
    for (const name of ['b.conf', 'a.conf', 'notes.txt']) writeFileSync(join(dir, 'files', 'conf.d', name), '');
    mkdirSync(join(dir, 'files', 'conf.d', 'sub.conf'));
    expect(lookupItems('fileglob', ['conf.d/*.conf'], [join(dir, 'files'), dir])).to.deep.equal([
      join(dir, 'files', 'conf.d', 'a.conf'),
      join(dir, 'files', 'conf.d', 'b.conf'),
    ]);
    expect(lookupItems('fileglob', ['missing/*'], [dir])).to.deep.equal([]);
  });
});

describe('sequenceItems', () => {
  // prettier-ignore
  const CASES: [unknown, string[]][] = [
    ['start=1 end=3', ['1', '2', '3']],
    ['count=3', ['1', '2', '3']],
    ['start=0 end=10 stride=5', ['0', '5', '10']],
    ['start=5 end=1 stride=-2', ['5', '3', '1']],
    ['start=1 end=2 format=web%02d', ['web01', 'web02']],
    ['4', ['1', '2', '3', '4']],
    ['2-4/2', ['2', '4']],
    ['1-2:host%d', ['host1', 'host2']],
    ['start=0x0a end=0x0b', ['10', '11']],
    [{ start: 3, end: 4 }, ['3', '4']],
    ['count=0', []],
  ];
  for (const [term, items] of CASES) {
    it(`reads ${JSON.stringify(term)}`, () => {
      expect(sequenceItems(term)).to.deep.equal(items);
    });
  }

  it('rejects both count and end', () => {
    expect(() => sequenceItems('count=2 end=3')).to.throw('count or end, not both');
  });
});

describe('globMatcher', () => {
  it('reads *, ? and classes as fnmatch does', () => {
    expect(globMatcher('*.c?nf').test('a.conf')).to.equal(true);
    expect(globMatcher('[ab]*').test('cat')).to.equal(false);
    expect(globMatcher('[!ab]*').test('cat')).to.equal(true);
    expect(globMatcher('a.b').test('axb')).to.equal(false);
  });
});

type ItemEvent = Extract<RunEvent, { kind: 'item_result' }>;

describe('loops in a run', () => {
  it('sets loop_var, index_var, extended info and labels', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: loop
      debug:
        msg: "{{ idx }}:{{ fruit.name }}:{{ ansible_loop.index }}/{{ ansible_loop.length }}:{{ ansible_loop.first }}:{{ ansible_loop.revindex0 }}"
      loop: [{ name: apple, secret: 1 }, { name: pear, secret: 2 }]
      loop_control:
        loop_var: fruit
        index_var: idx
        extended: true
        label: "{{ fruit.name }}"
      register: out
    - name: registered
      debug: { msg: "{{ out.results | map(attribute='msg') | list }} {{ out.results[1].fruit.name }} {{ out.results[0].idx }}" }
`,
      },
    });
    const items = run.events.filter((event): event is ItemEvent => event.kind === 'item_result');
    expect(items.map((item) => item.label)).to.deep.equal(['apple', 'pear']);
    expect(items.map((item) => item.result.msg)).to.deep.equal(['0:apple:1/2:True:1', '1:pear:2/2:False:0']);
    expect(debugMessages(run, 'registered').h1).to.equal("['0:apple:1/2:True:1', '1:pear:2/2:False:0'] pear 0");
  });

  it('evaluates when per item and reports skipped items', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: odd only
      debug: { msg: "{{ item }}" }
      with_items: [[1, 2], 3]
      when: item % 2 == 1
      register: out
    - name: summary
      debug: { msg: "{{ out.results | map(attribute='skipped', default=False) | join(',') }}" }
`,
      },
    });
    const items = run.events.filter((event): event is ItemEvent => event.kind === 'item_result');
    expect(items.map((item) => `${item.label}:${item.status}`)).to.deep.equal(['1:ok', '2:skipped', '3:ok']);
    expect(debugMessages(run, 'summary').h1).to.equal('False,True,False');
  });

  it('pauses between items', async () => {
    const started = Date.now();
    await runPlaybook({
      hosts: ['h1'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: "{{ item }}" }\n      loop: [1, 2, 3]\n      loop_control: { pause: 0.2 }\n' },
    });
    expect(Date.now() - started).to.be.at.least(400);
  });

  it('fails the whole loop when one item fails, and ignore_errors covers it', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: some fail
      command: "{{ item }}"
      loop: ["true", "false", "true"]
      ignore_errors: true
      register: out
    - name: see
      debug: { msg: "{{ out.failed }} {{ out.results | map(attribute='rc') | list }}" }
`,
      },
    });
    expect(run.recap.h1).to.include({ ignored: 1, failed: 0 });
    expect(debugMessages(run, 'see').h1).to.equal('True [0, 1, 0]');
  });

  it('runs with_dict and with_sequence from templated terms', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  vars:
    users: { ann: 1, bob: 2 }
    last: 3
  tasks:
    - name: dict
      debug: { msg: "{{ item.key }}={{ item.value }}" }
      with_dict: "{{ users }}"
    - name: sequence
      debug: { msg: "{{ item }}" }
      with_sequence: start=2 end={{ last }}
`,
      },
    });
    const labels = (task: string) =>
      run.events.filter((event): event is ItemEvent => event.kind === 'item_result' && event.task === task).map((item) => item.result.msg);
    expect(labels('dict')).to.deep.equal(['ann=1', 'bob=2']);
    expect(labels('sequence')).to.deep.equal(['2', '3']);
  });
});
