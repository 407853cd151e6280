import { expect } from 'chai';
import { ConnectionPlanner } from '../../src/engine/connection-planner.js';
import type { ConnectionPlan } from '../../src/engine/connection-options.js';

const defaults = { baseDir: '/tmp', connectTimeoutMs: 1000, sshConfigFile: null, globalKnownHostsFiles: [] };
const inventory = { ansible_host: '127.0.0.1', ansible_port: 2222, ansible_user: 'deploy' };

function sshTarget(plan: ConnectionPlan) {
  if (plan.kind !== 'ssh') throw new Error(`expected an ssh plan, got ${plan.kind}`);
  return plan.target;
}

describe('ConnectionPlanner', () => {
  it('returns the cached plan for the same values', () => {
    const planner = new ConnectionPlanner(defaults);
    const first = planner.plan('c01', { ...inventory, unrelated: 1 });
    const second = planner.plan('c01', { ...inventory, unrelated: 2 });
    expect(second).to.equal(first);
  });

  it('plans from values above the inventory', () => {
    const planner = new ConnectionPlanner(defaults);
    const target = sshTarget(planner.plan('c01', { ...inventory, ansible_user: 'bob', ansible_host: '127.0.0.2' }));
    expect(target.user).to.equal('bob');
    expect(target.address).to.equal('127.0.0.2');
    expect(target.port).to.equal(2222);
  });

  it('shares one plan between scopes with equal values', () => {
    const planner = new ConnectionPlanner(defaults);
    const bob = planner.plan('c01', { ...inventory, ansible_user: 'bob' });
    planner.plan('c01', inventory);
    const bobAgain = planner.plan('c01', { ...inventory, ansible_user: 'bob' });
    expect(bobAgain).to.equal(bob);
  });

  it('renders templated values on every call', () => {
    const planner = new ConnectionPlanner(defaults);
    const templated = { ...inventory, ansible_user: '{{ login }}' };
    expect(sshTarget(planner.plan('c01', { ...templated, login: 'alice' })).user).to.equal('alice');
    expect(sshTarget(planner.plan('c01', { ...templated, login: 'carol' })).user).to.equal('carol');
  });

  it('keeps the become password in the plan', () => {
    const planner = new ConnectionPlanner(defaults);
    const target = sshTarget(planner.plan('c01', { ...inventory, ansible_become_password: '{{ secret }}', secret: 's3' }));
    expect(target.becomePassword).to.equal('s3');
  });

  it('plans a local connection when asked', () => {
    const planner = new ConnectionPlanner(defaults);
    expect(planner.plan('c01', inventory, { local: true }).kind).to.equal('local');
    expect(planner.plan('c01', inventory).kind).to.equal('ssh');
  });

  it('lets ansible_user win over remote_user', () => {
    const planner = new ConnectionPlanner(defaults);
    expect(sshTarget(planner.plan('c01', inventory, { remoteUser: 'carol' })).user).to.equal('deploy');
    const { ansible_user: _, ...withoutUser } = inventory;
    expect(sshTarget(planner.plan('c01', withoutUser, { remoteUser: 'carol' })).user).to.equal('carol');
  });

  it('raises on an invalid port from any source', () => {
    const planner = new ConnectionPlanner(defaults);
    expect(() => planner.plan('c01', { ...inventory, ansible_port: 'ssh' })).to.throw(/c01: ansible_port should be an integer/);
  });

  it('plans 4000 unchanged tasks quickly', () => {
    const planner = new ConnectionPlanner(defaults);
    const scopes = Array.from({ length: 200 }, (_, i) => ({ ...inventory, ansible_host: `127.0.1.${i % 250}` }));
    planner.plan('warm', scopes[0]);
    const started = performance.now();
    for (let task = 0; task < 20; task++) {
      scopes.forEach((scope, i) => planner.plan(`h${i}`, { ...scope, item: task }));
    }
    const elapsedMs = performance.now() - started;
    // A loose bound, because test machines are often shared. Every call
    // after a host's first compares 26 values and plans nothing.
    expect(elapsedMs).to.be.below(500);
  });
});
