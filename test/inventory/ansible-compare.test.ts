/**
 * Runs ansible-inventory and `ansible --list-hosts` (ansible-core 2.14,
 * from scripts/install-deps) and skprun on the same inventories, and
 * compares what they print.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectDir, runSkprun } from '../support/run-skprun.js';

const run = promisify(execFile);
const fixtures = path.join(projectDir, 'test/inventory/fixtures/compare');
const oldFixtures = path.join(projectDir, 'test/fixtures/inventory');

const sources: Record<string, string> = {
  yaml: path.join(fixtures, 'yaml/inventory.yml'),
  ini: path.join(fixtures, 'ini/hosts.ini'),
  folder: path.join(fixtures, 'folder'),
  cluster: path.join(oldFixtures, 'cluster.yml'),
  priority: path.join(oldFixtures, 'priority.yml'),
  precedence: path.join(oldFixtures, 'precedence/hosts.yml'),
};

async function ansible(tool: string, args: string[]): Promise<string> {
  const { stdout } = await run(tool, args, {
    cwd: projectDir,
    env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

async function skprun(args: string[]): Promise<string> {
  const result = await runSkprun(args);
  expect(result.status, `skprun ${args.join(' ')} failed: ${result.stderr}`).to.equal(0);
  return result.stdout;
}

describe('skprun inventory against ansible-inventory', function () {
  this.timeout(120_000);

  for (const [name, source] of Object.entries(sources)) {
    it(`--list matches for ${name}`, async () => {
      const expected = JSON.parse(await ansible('ansible-inventory', ['-i', source, '--list']));
      const actual = JSON.parse(await skprun(['inventory', '-i', source, '--list']));
      expect(actual).to.deep.equal(expected);
    });

    it(`--graph and --graph --vars match for ${name}`, async () => {
      expect(await skprun(['inventory', '-i', source, '--graph'])).to.equal(await ansible('ansible-inventory', ['-i', source, '--graph']));
      const withVars = await skprun(['inventory', '-i', source, '--graph', '--vars']);
      expect(withVars).to.equal(await ansible('ansible-inventory', ['-i', source, '--graph', '--vars']));
    });
  }

  it('--host gives the merged variables of every host', async () => {
    for (const source of [sources.yaml, sources.ini, sources.folder]) {
      const list = JSON.parse(await ansible('ansible-inventory', ['-i', source, '--list']));
      for (const host of Object.keys(list._meta.hostvars)) {
        const expected = JSON.parse(await ansible('ansible-inventory', ['-i', source, '--host', host]));
        const actual = JSON.parse(await skprun(['inventory', '-i', source, '--host', host]));
        expect(actual, `${source} --host ${host}`).to.deep.equal(expected);
      }
    }
  });

  it('--list --export keeps group variables in groups', async () => {
    const expected = JSON.parse(await ansible('ansible-inventory', ['-i', sources.yaml, '--list', '--export']));
    const actual = JSON.parse(await skprun(['inventory', '-i', sources.yaml, '--list', '--export']));
    expect(actual).to.deep.equal(expected);
  });

  it('--graph of one group matches', async () => {
    const expected = await ansible('ansible-inventory', ['-i', sources.yaml, '--graph', 'web']);
    expect(await skprun(['inventory', '-i', sources.yaml, '--graph', 'web'])).to.equal(expected);
  });

  it('reads an SKP hosts file as its YAML equivalent', async () => {
    const expected = JSON.parse(await ansible('ansible-inventory', ['-i', path.join(fixtures, 'skp/equivalent.yml'), '--list']));
    const actual = JSON.parse(await skprun(['inventory', '-i', path.join(fixtures, 'skp/hosts.json'), '--list']));
    expect(actual).to.deep.equal(expected);
  });

  it('merges several -i sources as Ansible does', async () => {
    const args = ['-i', sources.yaml, '-i', sources.ini, '--list'];
    const expected = JSON.parse(await ansible('ansible-inventory', args));
    const actual = JSON.parse(await skprun(['inventory', ...args]));
    // NOTE: ansible-core lists hosts that an INI file puts before any section
    // ahead of the YAML file's ungrouped hosts; skprun keeps inventory order.
    expected.ungrouped.hosts.sort();
    actual.ungrouped.hosts.sort();
    expect(actual).to.deep.equal(expected);
  });

  it('--limit keeps the hosts that ansible --list-hosts selects', async () => {
    const limit = 'web_edge[0:1]:db01';
    const hosts = (await ansible('ansible', ['all', '-i', sources.yaml, '--limit', limit, '--list-hosts']))
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean);
    const list = JSON.parse(await skprun(['inventory', '-i', sources.yaml, '--list', '--limit', limit]));
    expect(Object.keys(list._meta.hostvars).sort()).to.deep.equal([...hosts].sort());
    expect(list.web_edge.hosts).to.deep.equal(['web01', 'edge1']);
    expect(list.db.hosts).to.deep.equal(['db01']);
  });
});

const patterns = [
  'all', '*', 'web', 'web*', 'web0?', 'w-[xy]', '~web0[12]', '~(db|edge)', 'web:db', 'web,db', 'web:&web_edge',
  'web:!web_edge', 'app:!db:&web', '!web', '&web', 'web[0]', 'web[-1]', 'web[1:3]', 'web[2:]', 'web[:1]',
  'web[1-2]', 'db01:solo', 'ungrouped', 'nosuch', 'web:nosuch', 'servers', 'front:!edge', 'edge*:db[0]',
];

describe('host patterns against ansible --list-hosts', function () {
  this.timeout(300_000);

  for (const source of [sources.yaml, sources.ini, sources.folder]) {
    it(`selects the same hosts in ${path.relative(projectDir, source)}`, async () => {
      for (const pattern of patterns) {
        const expected = await ansible('ansible', [pattern, '-i', source, '--list-hosts']);
        const actual = await skprun(['adhoc', pattern, '-i', source, '--list-hosts']);
        expect(actual, `pattern ${pattern}`).to.equal(expected);
      }
    });
  }

  it('applies --limit as ansible does', async () => {
    const expected = await ansible('ansible', ['web', '-i', sources.yaml, '--limit', 'web_edge:webb', '--list-hosts']);
    const actual = await skprun(['adhoc', 'web', '-i', sources.yaml, '--limit', 'web_edge:webb', '--list-hosts']);
    expect(actual).to.equal(expected);
  });
});
