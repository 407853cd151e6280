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

  it('check mode creates nothing', async () => {
    const result = await runModule(dockerContainer, conn, base, { check: true });
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(
      `would create and start container ${name} from image busybox:latest`,
    );
    expect(await inspectOne(conn, 'container', name)).to.equal(undefined);
  });

  it("publishes on the host's address", async () => {
    const result = await runModule(dockerContainer, conn, base);
    expect(result.changed).to.equal(true);
    const container = await inspectOne(conn, 'container', name);
    expect(container?.State.Running).to.equal(true);
    expect(container?.NetworkSettings.Ports['5000/tcp']).to.deep.equal([
      { HostIp: hostAddress, HostPort: String(PORT) },
    ]);
    expect((result.container as { Id: string }).Id).to.equal(container?.Id);
  });

  it('converges with one docker inspect', async () => {
    const timings: number[] = [];
    for (let run = 0; run < 5; run++) {
      const counting = new CountingConnection(conn);
      const started = performance.now();
      const result = await runModule(dockerContainer, counting, base);
      timings.push(performance.now() - started);
      expect(result.changed).to.equal(false);
      expect(result.msg).to.equal(`container ${name} is running with the same settings`);
      expect(counting.commands).to.deep.equal([`docker inspect ${name} busybox:latest bridge`]);
    }
    if (process.env.SKPRUN_TEST_TIMING) {
      const shown = timings.map((ms) => ms.toFixed(1)).join(', ');
      process.stderr.write(`  converged docker_container runs (ms): ${shown}\n`);
    }
  });

  it("host's address matches the default", async () => {
    const result = await runModule(dockerContainer, conn, {
      ...base,
      published_ports: [`${hostAddress}:${PORT}:5000`],
    });
    expect(result.changed, result.msg).to.equal(false);
  });

  it('port in use fails, env value hidden', async () => {
    const other = `skp-clash-${runId}`;
    const task = { ...base, name: other, volumes: [], env: { TOKEN: 's3cret-value' } };
    const result = await runModule(dockerContainer, conn, task);
    await dockerOnHost(conn, 'rm', '--force', other);
    expect(result.failed).to.equal(true);
    expect(result.msg).to.contain(`could not create and start container ${other}`);
    expect(result.msg).to.match(/address already in use|port is already allocated/);
    expect(result.msg).to.contain('TOKEN=<hidden>');
    expect(result.msg).not.to.contain('s3cret-value');
  });

  it('check mode keeps a changed container', async () => {
    const before = await inspectOne(conn, 'container', name);
    const result = await runModule(
      dockerContainer,
      conn,
      { ...base, env: { MODE: 'two' } },
      { check: true, diff: true },
    );
    expect(result.changed).to.equal(true);
    expect(result.msg).to.contain(`would stop container ${name}, then remove container ${name}`);
    expect(result.msg).to.contain('env (missing ["MODE=<hidden>"])');
    expect((result.diff as { after: string }).after).to.contain('MODE=two');
    const after = await inspectOne(conn, 'container', name);
    expect(after?.Id).to.equal(before?.Id);
    expect(after?.Config.Env).to.include('MODE=one');
  });

  it('env change recreates, volume data stays', async () => {
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

  it('restart policy updates in place', async () => {
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

  it('starts a stopped matching container', async () => {
    await dockerOnHost(conn, 'stop', '--time', '1', name);
    const task = { ...base, env: { MODE: 'two' }, restart_policy: 'unless-stopped' };
    const result = await runModule(dockerContainer, conn, task);
    expect(result.changed).to.equal(true);
    expect(result.msg).to.equal(`started container ${name}`);
    expect((await inspectOne(conn, 'container', name))?.State.Running).to.equal(true);
  });

  it('alias change reconnects in place', async () => {
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

  it('converges on a user network', async () => {
    const task = {
      name: `${member}-ports`,
      image: 'busybox:latest',
      command: ['sleep', '600'],
      networks: [{ name: network }],
      published_ports: ['5000'],
      stop_timeout: 1,
    };
    expect((await runModule(dockerContainer, conn, task)).changed).to.equal(true);
    const counting = new CountingConnection(conn);
    const again = await runModule(dockerContainer, counting, task);
    expect(again.changed, again.msg).to.equal(false);
    expect(counting.commands).to.deep.equal([
      `docker inspect ${task.name} busybox:latest ${network}`,
    ]);
    // The engine's --ip applies to its default bridge only. A user network binds to its
    // host_binding_ipv4 option, or to 0.0.0.0 without one (docker 20.10).
    const container = await inspectOne(conn, 'container', task.name);
    expect(container?.NetworkSettings.Ports['5000/tcp'][0].HostIp).to.equal('0.0.0.0');
    await dockerOnHost(conn, 'rm', '--force', task.name);
  });

  it('detach false waits and cleans up', async () => {
    const envFile = `/tmp/skp-env-${runId}`;
    const wrote = await conn.exec(`printf 'GREETING=from file\\n# comment\\n' > ${envFile}`);
    expect(wrote.exitCode, wrote.stderr).to.equal(0);
    const task = {
      name: `skp-once-${runId}`,
      image: 'busybox:latest',
      command: ['sh', '-c', 'echo "$GREETING"; exit 3'],
      env_file: envFile,
      detach: false,
      cleanup: true,
    };
    const result = await runModule(dockerContainer, conn, task);
    await conn.exec(`rm -f ${envFile}`);
    expect(result.failed).to.equal(true);
    expect(result.status).to.equal(3);
    expect(String(result.output).trimEnd()).to.equal('from file');
    expect(result.msg).to.contain('exited with status 3');
    expect(await inspectOne(conn, 'container', task.name)).to.equal(undefined);
  });

  it('rejects a number in env', async () => {
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

  it("unpullable image fails with docker's message", async () => {
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

  it('state absent removes the container', async () => {
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
