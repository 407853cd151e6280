import { expect } from 'chai';
import type { Connection } from '../../src/connection/connection.js';
import dockerVolume from '../../src/modules/docker-volume.js';
import { connectLabHost } from '../support/lab.js';
import { dockerOnHost, inspectOne, runId, runModule } from './docker/lab-helpers.js';

// A tmpfs volume: the lab's kernel has no NFS, and docker mounts the volume only when a container uses it.
const OPTIONS = { type: 'tmpfs', device: 'tmpfs', o: 'size=8m' };

describe('docker_volume on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const name = `skp-vol-${runId}`;
  const user = `skp-vol-user-${runId}`;
  const task = { name, driver_options: OPTIONS, labels: { suite: 'docker-volume' } };

  before(async () => {
    conn = await connectLabHost('c01');
  });

  after(async () => {
    await dockerOnHost(conn, 'rm', '--force', user);
    await dockerOnHost(conn, 'volume', 'rm', '--force', name);
  });

  it('check mode creates nothing', async () => {
    const result = await runModule(dockerVolume, conn, task, { check: true });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(`would create volume ${name} with driver local`);
    expect(await inspectOne(conn, 'volume', name)).to.equal(undefined);
  });

  it('creates the volume with its options', async () => {
    const result = await runModule(dockerVolume, conn, task);
    expect(result.changed).to.equal(true);
    const volume = await inspectOne(conn, 'volume', name);
    expect(volume?.Options).to.deep.equal(OPTIONS);
    expect((result.volume as { Name: string }).Name).to.equal(name);
  });

  it('second run reports no change', async () => {
    const result = await runModule(dockerVolume, conn, task);
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(`volume ${name} exists with the same options`);
  });

  it('reaches the daemon through docker_host', async () => {
    const result = await runModule(dockerVolume, conn, {
      ...task,
      docker_host: 'unix:///var/run/docker.sock',
    });
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(`volume ${name} exists with the same options`);
  });

  it('recreate never names differing options', async () => {
    const before = await inspectOne(conn, 'volume', name);
    const result = await runModule(dockerVolume, conn, {
      ...task,
      driver_options: { ...OPTIONS, o: 'size=16m' },
    });
    expect(result.changed).to.equal(false);
    expect(result.msg).to.contain('driver_options.o (expected "size=16m", actual "size=8m")');
    expect((await inspectOne(conn, 'volume', name))?.CreatedAt).to.equal(before?.CreatedAt);
  });

  it('check mode keeps a changed volume', async () => {
    const changed = {
      ...task,
      driver_options: { ...OPTIONS, o: 'size=16m' },
      recreate: 'options-changed',
    };
    const result = await runModule(dockerVolume, conn, changed, { check: true, diff: true });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.match(/^would remove volume .*, then create volume/);
    expect((result.diff as { after: string }).after).to.contain('driver_options.o: size=16m');
    expect((await inspectOne(conn, 'volume', name))?.Options.o).to.equal('size=8m');
  });

  it('recreating a volume in use fails', async () => {
    const created = await dockerOnHost(
      conn,
      'create',
      '--name',
      user,
      '--volume',
      `${name}:/data`,
      'busybox:latest',
      'true',
    );
    expect(created.exitCode, created.stderr).to.equal(0);
    const changed = {
      ...task,
      driver_options: { ...OPTIONS, o: 'size=16m' },
      recreate: 'options-changed',
    };
    const result = await runModule(dockerVolume, conn, changed);
    expect(result.failed).to.equal(true);
    expect(result.msg).to.contain(`could not remove volume ${name}`);
    expect(result.msg).to.contain('volume is in use');
    await dockerOnHost(conn, 'rm', user);
  });

  it('recreates the volume with options-changed', async () => {
    const changed = {
      ...task,
      driver_options: { ...OPTIONS, o: 'size=16m' },
      recreate: 'options-changed',
    };
    const result = await runModule(dockerVolume, conn, changed);
    expect(result.changed).to.equal(true);
    expect((await inspectOne(conn, 'volume', name))?.Options.o).to.equal('size=16m');
  });

  it('state absent removes the volume', async () => {
    const removed = await runModule(dockerVolume, conn, { name, state: 'absent' });
    expect(removed.changed).to.equal(true);
    expect(await inspectOne(conn, 'volume', name)).to.equal(undefined);
    const again = await runModule(dockerVolume, conn, { name, state: 'absent' });
    expect(again.changed).to.equal(false);
    expect(again.msg).to.equal(`volume ${name} does not exist`);
  });
});
