import { expect } from 'chai';
import { isSelected, parseTagOption } from '../../src/engine/tags.js';
import { runPlaybook, startedTasks } from './run-playbook.js';

// Cases worked out from ansible-core's Taggable.evaluate_tags.
// prettier-ignore
const CASES: [string[], string[], string[], boolean][] = [
  // task tags, --tags, --skip-tags, runs
  [[], [], [], true],
  [['a'], [], [], true],
  [['never'], [], [], false],
  [['never', 'debug'], ['debug'], [], true],
  [['always'], ['other'], [], true],
  [['a'], ['b'], [], false],
  [['a', 'b'], ['b'], [], true],
  [[], ['untagged'], [], true],
  [['a'], ['untagged'], [], false],
  [['a'], ['tagged'], [], true],
  [[], ['tagged'], [], false],
  [['never'], ['tagged'], [], false],
  [['a'], [], ['a'], false],
  [['a', 'b'], [], ['b'], false],
  [['always'], [], ['always'], false],
  [['always'], [], ['all'], true],
  [['a'], [], ['all'], false],
  [[], [], ['untagged'], false],
  [['a'], [], ['tagged'], false],
  [[], [], ['tagged'], true],
  [['always'], ['x'], ['always'], false],
];

describe('isSelected', () => {
  for (const [tags, only, skip, runs] of CASES) {
    it(`tags [${tags}] with -t [${only}] --skip-tags [${skip}] ${runs ? 'runs' : 'skips'}`, () => {
      expect(isSelected(tags, { only, skip })).to.equal(runs);
    });
  }

  it('reads comma-separated and repeated options', () => {
    expect(parseTagOption(['a,b', ' c ', ''])).to.deep.equal(['a', 'b', 'c']);
  });
});

const TAGGED_PLAYBOOK = `
- hosts: all
  gather_facts: false
  tags: [play]
  tasks:
    - name: untagged task
      debug: { msg: x }
    - name: tagged a
      debug: { msg: x }
      tags: a
    - block:
        - name: in block b
          debug: { msg: x }
        - name: in block b and c
          debug: { msg: x }
          tags: [c]
      tags: b
    - name: always task
      debug: { msg: x }
      tags: always
    - name: never task
      debug: { msg: x }
      tags: [never, debugging]
    - import_tasks: imported.yml
      tags: imported
    - include_tasks: included.yml
      tags: included
`;

const FILES = {
  'site.yml': TAGGED_PLAYBOOK,
  'imported.yml': '- name: imported task\n  debug: { msg: x }\n',
  'included.yml': '- name: included task\n  debug: { msg: x }\n- name: included and tagged a\n  debug: { msg: x }\n  tags: a\n',
};

async function tasksRunWith(only: string[], skip: string[] = []): Promise<string[]> {
  const run = await runPlaybook({ files: FILES, hosts: ['h1'], options: { tags: { only, skip } } });
  expect(run.status).to.equal(0);
  return startedTasks(run);
}

describe('tag selection in a run', () => {
  it('runs every task but never ones by default', async () => {
    expect(await tasksRunWith([])).to.deep.equal([
      'untagged task', 'tagged a', 'in block b', 'in block b and c', 'always task',
      'imported task', 'include_tasks', 'included task', 'included and tagged a',
    ]);
  });

  it('passes block tags down to the tasks inside', async () => {
    expect(await tasksRunWith(['b'])).to.deep.equal(['in block b', 'in block b and c', 'always task']);
  });

  it('passes play tags down to every task, never ones too', async () => {
    const tasks = await tasksRunWith(['play']);
    expect(tasks).to.include('untagged task');
    expect(tasks, 'a never task matched by another of its tags runs').to.include('never task');
  });

  it('passes import tags down but keeps include tags on the include', async () => {
    expect(await tasksRunWith(['imported'])).to.deep.equal(['always task', 'imported task']);
    expect(await tasksRunWith(['included'])).to.deep.equal(['always task', 'include_tasks']);
    expect(await tasksRunWith(['included', 'a'])).to.deep.equal(['tagged a', 'always task', 'include_tasks', 'included and tagged a']);
  });

  it('runs a never task when asked for by one of its tags', async () => {
    expect(await tasksRunWith(['debugging'])).to.deep.equal(['always task', 'never task']);
  });

  it('skips by tag and keeps always unless skipped by name', async () => {
    expect(await tasksRunWith([], ['b', 'a', 'imported', 'included'])).to.deep.equal(['untagged task', 'always task']);
    expect(await tasksRunWith([], ['always', 'play'])).to.deep.equal([]);
  });
});

describe('fact gathering and tags', () => {
  const playbook = (tags: string) => `
- hosts: all
  ${tags}
  tasks:
    - name: one
      debug: { msg: x }
      tags: t
`;

  it('gathers facts under any tags when the play is untagged', async () => {
    const run = await runPlaybook({ files: { 'site.yml': playbook('') }, hosts: ['h1'], options: { tags: { only: ['t'], skip: [] } } });
    expect(startedTasks(run)).to.deep.equal(['Gathering Facts', 'one']);
  });

  it('gives fact gathering the play tags when the play has some', async () => {
    const run = await runPlaybook({ files: { 'site.yml': playbook('tags: p') }, hosts: ['h1'], options: { tags: { only: ['t'], skip: [] } } });
    expect(startedTasks(run)).to.deep.equal(['one']);
  });
});
