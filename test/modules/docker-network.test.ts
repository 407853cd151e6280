import { expect } from 'chai';
import type { Connection } from '../../src/connection/connection.js';
import dockerNetwork from '../../src/modules/docker-network.js';
import { connectLabHost } from '../support/lab.js';
import { dockerOnHost, inspectOne, runId, runModule } from './docker/lab-helpers.js';

// Subnets outside the lab engines' address pools, picked per run.
const third = Number.parseInt(runId.slice(-2), 16) % 200;
const SUBNET = `10.213.${third}.0/24`;
const OTHER_SUBNET = `10.214.${third}.0/24`;

describe('docker_network on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const name = `skp-net-${runId}`;
  const member = `skp-net-member-${runId}`;
  const task = { name, ipam_config: [{ subnet: SUBNET }], labels: { suite: 'docker-network' } };

  before(async () => {
    conn = await connectLabHost('c02');
  });

  after(async () => {
    await dockerOnHost(conn, 'rm', '--force', member);
    await dockerOnHost(conn, 'network', 'rm', name);
  });

  it('check mode creates nothing', async () => {
    const result = await runModule(dockerNetwork, conn, task, { check: true });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(`would create network ${name} with driver bridge`);
    expect(await inspectOne(conn, 'network', name)).to.equal(undefined);
  });

  it('creates the network with its subnet', async () => {
    const result = await runModule(dockerNetwork, conn, task);
    expect(result.changed).to.equal(true);
    expect((await inspectOne(conn, 'network', name))?.IPAM.Config[0].Subnet).to.equal(SUBNET);
  });

  it('second run reports no change', async () => {
    const result = await runModule(dockerNetwork, conn, task);
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(`network ${name} exists with the same settings`);
  });

  it('check mode keeps a changed network', async () => {
    const before = await inspectOne(conn, 'network', name);
    const result = await runModule(
      dockerNetwork,
      conn,
      { ...task, ipam_config: [{ subnet: OTHER_SUBNET }] },
      { check: true },
    );
    expect(result.changed).to.equal(true);
    expect(result.msg).to.contain(
      `ipam_config[0].subnet (expected "${OTHER_SUBNET}", actual "${SUBNET}")`,
    );
    expect((await inspectOne(conn, 'network', name))?.Id).to.equal(before?.Id);
  });

  it('new subnet recreates and reconnects', async () => {
    const started = await dockerOnHost(
      conn,
      'run',
      '--detach',
      '--name',
      member,
      '--network',
      name,
      'busybox:latest',
      'sleep',
      '600',
    );
    expect(started.exitCode, started.stderr).to.equal(0);
    const before = await inspectOne(conn, 'network', name);

    const result = await runModule(dockerNetwork, conn, {
      ...task,
      ipam_config: [{ subnet: OTHER_SUBNET }],
    });
    expect(result.changed).to.equal(true);
    const after = await inspectOne(conn, 'network', name);
    expect(after?.Id).not.to.equal(before?.Id);
    expect(after?.IPAM.Config[0].Subnet).to.equal(OTHER_SUBNET);
    const names = Object.values(after?.Containers ?? {}).map((c) => (c as { Name: string }).Name);
    expect(names).to.deep.equal([member]);
  });

  it('removing a network in use fails', async () => {
    const result = await runModule(dockerNetwork, conn, { name, state: 'absent' }, { diff: true });
    expect(result.failed).to.equal(true);
    expect(result.diff, 'a change that failed has no after to show').to.equal(undefined);
    expect(result.msg).to.contain(`could not remove network ${name}`);
    expect(result.msg).to.contain('active endpoints');
    expect(await inspectOne(conn, 'network', name)).not.to.equal(undefined);
  });

  it('force disconnects, then removes', async () => {
    const result = await runModule(dockerNetwork, conn, { name, state: 'absent', force: true });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(
      `disconnected container ${member} from network ${name}, then removed network ${name}`,
    );
    expect(await inspectOne(conn, 'network', name)).to.equal(undefined);
    expect((await inspectOne(conn, 'container', member))?.State.Running).to.equal(true);
  });

  it('reports a removed network as absent', async () => {
    const result = await runModule(dockerNetwork, conn, { name, state: 'absent' });
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(`network ${name} does not exist`);
  });
});
