import { expect } from 'chai';
import { runSkprun } from '../support/run-skprun.js';

/** Returns the hosts that `--list-hosts` prints under the play whose pattern is `pattern`. */
function hostsOfPlay(output: string, pattern: string): string[] {
  const start = output.indexOf(`pattern: ['${pattern}']`);
  if (start < 0) throw new Error(`no play with pattern ${pattern} in:\n${output}`);
  const section = output.slice(start).split(/\n\s*\n/)[0];
  return section
    .split('\n')
    .slice(2)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

// --list-hosts contacts no host, so the example's 192.168.0.x addresses stay untouched.
describe('cluster.example.json with the registry playbook', () => {
  it('lists c01 alone for the master play', async () => {
    const args = ['--list-hosts', '-i', 'inventory/cluster.example.json', 'playbooks/registry.yml'];
    const run = await runSkprun(args);
    expect(run.status, run.stderr).to.equal(0);
    expect(hostsOfPlay(run.stdout, 'master')).to.deep.equal(['c01']);
    expect(hostsOfPlay(run.stdout, 'registry')).to.deep.equal(['c01', 'c02', 'c03', 'c04', 'c05']);
  });
});
