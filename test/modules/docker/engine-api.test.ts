import { expect } from 'chai';
import type { Connection } from '../../../src/connection/connection.js';
import { dockerCliFromArgs, type DockerCli } from '../../../src/modules/docker/cli.js';
import { engineApiFor, inspectThroughApi, usesDefaultEndpoint, type ApiResponse, type EngineApi } from '../../../src/modules/docker/engine-api.js';
import { inspectObjects } from '../../../src/modules/docker/inspect.js';
import { connectLabHost, openLabConnection, sharedLab } from '../../support/lab.js';
import { dockerOnHost, runId } from './lab-helpers.js';

/** Builds an API whose daemon has the given objects, keyed by request path, and which records every path requested. */
function recordedApi(objects: Record<string, unknown>, failures: Record<string, ApiResponse> = {}): EngineApi & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    get: async (path) => {
      paths.push(path);
      if (failures[path]) return failures[path];
      return path in objects ? { status: 200, body: JSON.stringify(objects[path]) } : { status: 404, body: '{"message":"not found"}' };
    },
  };
}

describe('docker engine API endpoint check', () => {
  it('accepts an unset environment', () => {
    expect(usesDefaultEndpoint('\n\n', '/var/run/docker.sock')).to.equal(true);
  });

  it('accepts the default socket named', () => {
    expect(usesDefaultEndpoint('unix:///var/run/docker.sock\ndefault\ndefault', '/var/run/docker.sock')).to.equal(true);
  });

  it('rejects another DOCKER_HOST', () => {
    expect(usesDefaultEndpoint('tcp://10.0.0.1:2376\n\n', '/var/run/docker.sock')).to.equal(false);
  });

  it('rejects a chosen context', () => {
    expect(usesDefaultEndpoint('\nremote\n', '/var/run/docker.sock')).to.equal(false);
    expect(usesDefaultEndpoint('\n\nremote', '/var/run/docker.sock')).to.equal(false);
  });

  it('reads the socket from docker_host', () => {
    expect(dockerCliFromArgs({}).socketPath).to.equal('/var/run/docker.sock');
    expect(dockerCliFromArgs({ docker_host: 'unix:///run/user/1000/docker.sock' })).to.include({ socketPath: '/run/user/1000/docker.sock', defaultEndpoint: false });
    expect(dockerCliFromArgs({ docker_host: 'tcp://127.0.0.1:2375' }).socketPath).to.equal(undefined);
    expect(dockerCliFromArgs({ tls: true }).socketPath).to.equal(undefined);
    expect(dockerCliFromArgs({ api_version: '1.41' }).socketPath).to.equal(undefined);
  });
});

describe('docker inspect through the engine API', () => {
  it('keeps the first kind in CLI order', async () => {
    const api = recordedApi({ '/networks/web': { Name: 'web', Driver: 'bridge' }, '/volumes/web': { Name: 'web', Driver: 'local' } });
    expect(await inspectThroughApi(api, ['inspect', 'web'])).to.deep.equal([{ Name: 'web', Driver: 'bridge' }]);
    expect(api.paths).to.deep.equal(['/containers/web/json', '/images/web/json', '/networks/web', '/volumes/web']);
  });

  it('asks one kind when typed', async () => {
    const api = recordedApi({});
    expect(await inspectThroughApi(api, ['volume', 'inspect', 'data'])).to.deep.equal([]);
    expect(api.paths).to.deep.equal(['/volumes/data']);
  });

  it('keeps slashes and colons of image names', async () => {
    const api = recordedApi({ '/images/registry.local:5000/team/app:1.2/json': { Id: 'sha256:1' } });
    expect(await inspectThroughApi(api, ['image', 'inspect', 'registry.local:5000/team/app:1.2'])).to.deep.equal([{ Id: 'sha256:1' }]);
  });

  it('leaves flags and odd names to the CLI', async () => {
    const api = recordedApi({});
    expect(await inspectThroughApi(api, ['inspect', '--size', 'web'])).to.equal(undefined);
    expect(await inspectThroughApi(api, ['container', 'inspect', 'we?b'])).to.equal(undefined);
    expect(await inspectThroughApi(api, ['container', 'inspect', 'bad name/!'])).to.equal(undefined);
    expect(await inspectThroughApi(api, ['container', 'inspect', 'zz/../t9'])).to.equal(undefined);
    expect(await inspectThroughApi(api, ['ps', '-a'])).to.equal(undefined);
    expect(api.paths).to.deep.equal([]);
  });

  it('raises the daemon message on errors', async () => {
    const api = recordedApi({}, { '/volumes/data': { status: 500, body: '{"message":"disk on fire"}' } });
    let error: Error | undefined;
    await inspectThroughApi(api, ['volume', 'inspect', 'data']).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('docker API GET /volumes/data returned 500: disk on fire');
  });
});

describe('docker engine API on lab hosts @lab', function () {
  this.timeout(120_000);
  const network = `skp-api-net-${runId}`;
  const volume = `skp-api-vol-${runId}`;
  const container = `skp-api-ctr-${runId}`;
  const cli: DockerCli = dockerCliFromArgs({});
  let conn: Connection;

  /** The same connection without sockets, so that every read runs the docker CLI. */
  const cliOnly = (): Connection => ({ hostName: conn.hostName, exec: (command, options) => conn.exec(command, options), close: async () => {} });

  before(async () => {
    conn = await connectLabHost('c01');
    await dockerOnHost(conn, 'network', 'create', network);
    await dockerOnHost(conn, 'volume', 'create', '--label', 'purpose=test', volume);
    await dockerOnHost(conn, 'run', '-d', '--name', container, '--network', network, '-v', `${volume}:/data`, 'busybox:latest', 'sleep', '600');
  });

  after(async () => {
    await dockerOnHost(conn, 'rm', '-f', container);
    await dockerOnHost(conn, 'volume', 'rm', volume);
    await dockerOnHost(conn, 'network', 'rm', network);
  });

  it('reads through the forwarded socket', async () => {
    expect(conn.sockets, 'SSH connections open unix sockets').to.not.equal(undefined);
    expect(await engineApiFor(conn, cli)).to.not.equal(undefined);
  });

  for (const words of [
    ['container', 'inspect', container],
    ['network', 'inspect', network],
    ['volume', 'inspect', volume],
    ['image', 'inspect', 'busybox:latest'],
    ['inspect', container, 'busybox:latest', network, `skp-api-missing-${runId}`],
  ]) {
    it(`reads what the CLI prints: ${words.slice(0, 2).join(' ')}`, async () => {
      const throughApi = await inspectObjects(conn, cli, words);
      const throughCli = await inspectObjects(cliOnly(), cli, words);
      expect(throughApi.length).to.be.greaterThan(0);
      expect(throughApi).to.deep.equal(throughCli);
    });
  }

  it('honours a DOCKER_HOST of the login shell', async () => {
    // A connection of its own, because the check's result is kept per connection.
    const fresh = await openLabConnection(await sharedLab(), 'c02');
    // A shell that exports DOCKER_HOST, as a user's profile could, with the same sockets.
    const elsewhere: Connection = {
      hostName: fresh.hostName,
      exec: (command, options) => fresh.exec(`export DOCKER_HOST=unix:///nonexistent/docker.sock; ${command}`, options),
      close: async () => {},
      sockets: fresh.sockets,
    };
    expect(await engineApiFor(elsewhere, cli)).to.equal(undefined);
    let error: Error | undefined;
    await inspectObjects(elsewhere, cli, ['volume', 'inspect', volume]).catch((e: Error) => (error = e));
    expect(error?.message, 'the CLI, pointed elsewhere, fails as it would without skprun').to.match(/nonexistent\/docker\.sock/);
    await fresh.close();
  });
});
