import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import type { Connection } from '../../src/connection/connection.js';
import dockerContainer from '../../src/modules/docker-container.js';
import { connectLabHost, sharedLab } from '../support/lab.js';
import {
  CountingConnection,
  dockerOnHost,
  inspectOne,
  runId,
  runModule,
} from './docker/lab-helpers.js';

// A host port per run, so that runs side by side do not collide.
const PORT = 20000 + (Number.parseInt(runId.slice(-3), 16) % 10000);

describe('docker_container on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  let hostAddress: string;
  const name = `skp-web-${runId}`;
  const member = `skp-member-${runId}`;
  const volume = `skp-web-data-${runId}`;
  const network = `skp-web-net-${runId}`;
  const base = {
    name,
    image: 'busybox:latest',
    command: 'sleep 600',
    published_ports: [`${PORT}:5000`],
    volumes: [`${volume}:/data`],
    env: { MODE: 'one' },
    restart_policy: 'always',
    // busybox's sleep ignores SIGTERM as PID 1; a short stop timeout keeps recreates quick.
    stop_timeout: 1,
  };

  before(async () => {
    conn = await connectLabHost('c03');
    hostAddress = (await sharedLab()).hosts.find((h) => h.name === 'c03')!.address;
    const made = await dockerOnHost(conn, 'network', 'create', network);
    expect(made.exitCode, made.stderr).to.equal(0);
  });

  after(async () => {
    await dockerOnHost(conn, 'rm', '--force', name, member);
    await dockerOnHost(conn, 'volume', 'rm', '--force', volume);
    await dockerOnHost(conn, 'network', 'rm', network);
  });

  it('reports what it would create in check mode and creates nothing', async () => {
    const result = await runModule(dockerContainer, conn, base, { check: true });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(
      `would create and start container ${name} from image busybox:latest`,
    );
    expect(await inspectOne(conn, 'container', name)).to.equal(undefined);
  });

  it("creates and starts the container, its port on the host's address", async () => {
    const result = await runModule(dockerContainer, conn, base);
    expect(result.changed).to.equal(true);
    const container = await inspectOne(conn, 'container', name);
    expect(container?.State.Running).to.equal(true);
    expect(container?.NetworkSettings.Ports['5000/tcp']).to.deep.equal([
      { HostIp: hostAddress, HostPort: String(PORT) },
    ]);
    expect((result.container as { Id: string }).Id).to.equal(container?.Id);
  });

  it('converges with one docker inspect and a reason', async () => {
    const counting = new CountingConnection(conn);
    const started = performance.now();
    const result = await runModule(dockerContainer, counting, base);
    const elapsed = performance.now() - started;
    if (process.env.SKPRUN_TEST_TIMING)
      process.stderr.write(`  converged docker_container run: ${elapsed.toFixed(1)} ms\n`);
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(`container ${name} is running with the same settings`);
    expect(counting.commands).to.deep.equal([`docker inspect ${name} busybox:latest bridge`]);
  });

  it("takes the host's own address as the default one", async () => {
    const result = await runModule(dockerContainer, conn, {
      ...base,
      published_ports: [`${hostAddress}:${PORT}:5000`],
    });
    expect(result.changed, result.msg).to.equal(false);
  });

  it('shows a recreate in check mode and leaves the container', async () => {
    const before = await inspectOne(conn, 'container', name);
    const result = await runModule(
      dockerContainer,
      conn,
      { ...base, env: { MODE: 'two' } },
      { check: true, diff: true },
    );
    expect(result.changed).to.equal(true);
    expect(result.msg).to.contain(`would stop container ${name}, then remove container ${name}`);
    expect(result.msg).to.contain('env (missing ["MODE=two"])');
    expect((result.diff as { after: string }).after).to.contain('MODE=two');
    const after = await inspectOne(conn, 'container', name);
    expect(after?.Id).to.equal(before?.Id);
    expect(after?.Config.Env).to.include('MODE=one');
  });

  it("recreates on a changed env and keeps the volume's data", async () => {
    const wrote = await dockerOnHost(conn, 'exec', name, 'sh', '-c', 'echo kept > /data/marker');
    expect(wrote.exitCode, wrote.stderr).to.equal(0);
    const before = await inspectOne(conn, 'container', name);
    const volumeBefore = await inspectOne(conn, 'volume', volume);

    const result = await runModule(dockerContainer, conn, { ...base, env: { MODE: 'two' } });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.contain('differences: env');
    const after = await inspectOne(conn, 'container', name);
    expect(after?.Id).not.to.equal(before?.Id);
    expect(after?.Config.Env).to.include('MODE=two');
    expect((await inspectOne(conn, 'volume', volume))?.CreatedAt).to.equal(volumeBefore?.CreatedAt);
    const read = await dockerOnHost(conn, 'exec', name, 'cat', '/data/marker');
    expect(read.stdout.trim()).to.equal('kept');
  });

  it('updates a changed restart policy without recreating', async () => {
    const before = await inspectOne(conn, 'container', name);
    const result = await runModule(dockerContainer, conn, {
      ...base,
      env: { MODE: 'two' },
      restart_policy: 'unless-stopped',
    });
    expect(result.changed).to.equal(true);
    const after = await inspectOne(conn, 'container', name);
    expect(after?.Id).to.equal(before?.Id);
    expect(after?.HostConfig.RestartPolicy.Name).to.equal('unless-stopped');
  });

  it('starts a matching container that was stopped', async () => {
    await dockerOnHost(conn, 'stop', '--time', '1', name);
    const task = { ...base, env: { MODE: 'two' }, restart_policy: 'unless-stopped' };
    const result = await runModule(dockerContainer, conn, task);
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(`started container ${name}`);
    expect((await inspectOne(conn, 'container', name))?.State.Running).to.equal(true);
  });

  it('reconnects a changed network alias and leaves the network', async () => {
    const task = {
      name: member,
      image: 'busybox:latest',
      command: ['sleep', '600'],
      networks: [{ name: network, aliases: ['first'] }],
      stop_timeout: 1,
    };
    expect((await runModule(dockerContainer, conn, task)).changed).to.equal(true);
    const networkBefore = await inspectOne(conn, 'network', network);
    const containerBefore = await inspectOne(conn, 'container', member);

    const result = await runModule(dockerContainer, conn, {
      ...task,
      networks: [{ name: network, aliases: ['second'] }],
    });
    expect(result.changed).to.equal(true);
    const container = await inspectOne(conn, 'container', member);
    expect(container?.Id).to.equal(containerBefore?.Id);
    expect(container?.NetworkSettings.Networks[network].Aliases).to.include('second');
    expect((await inspectOne(conn, 'network', network))?.Id).to.equal(networkBefore?.Id);
  });

  it('rejects a number in env before running anything', async () => {
    const other = `skp-bad-${runId}`;
    const result = await runModule(dockerContainer, conn, {
      ...base,
      name: other,
      env: { PORT: 5000 },
    });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(
      'env.PORT: 5000 is not a string; quote it in the task (PORT: "5000")',
    );
    expect(await inspectOne(conn, 'container', other)).to.equal(undefined);
  });

  it("fails with docker's message when the image cannot be pulled", async () => {
    const other = `skp-nopull-${runId}`;
    // A registry address on loopback where nothing listens, so the pull fails without leaving the machine.
    const result = await runModule(dockerContainer, conn, {
      name: other,
      image: '127.0.0.1:9/skprun/missing:1',
    });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.contain('could not pull image 127.0.0.1:9/skprun/missing:1');
    expect(result.msg).to.match(/connection refused/i);
    expect(await inspectOne(conn, 'container', other)).to.equal(undefined);
  });

  it('removes the container for state absent, then reports it absent', async () => {
    const removed = await runModule(dockerContainer, conn, {
      name,
      state: 'absent',
      stop_timeout: 1,
    });
    expect(removed.changed).to.equal(true);
    expect(await inspectOne(conn, 'container', name)).to.equal(undefined);
    expect(await inspectOne(conn, 'volume', volume)).not.to.equal(undefined);
    const again = await runModule(dockerContainer, conn, { name, state: 'absent' });
    expect(again.changed).to.equal(false);
    expect(again.msg).to.equal(`container ${name} does not exist`);
  });
});
