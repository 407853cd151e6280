import { expect } from 'chai';
import http from 'node:http';
import type net from 'node:net';
import { ForwardingRefusedError, type Connection } from '../../../src/connection/connection.js';
import waitFor from '../../../src/modules/wait-for.js';
import { waitForUrlThroughHost, type UrlWait } from '../../../src/modules/wait/url-wait.js';
import { connectLabHost } from '../../support/lab.js';

/** Passes commands and sockets on to `inner`, counting the commands. */
function counted(inner: Connection, sockets = inner.sockets): Connection & { commands: number } {
  const wrapper = {
    hostName: inner.hostName,
    commands: 0,
    exec: (command: string, options?: object) => {
      wrapper.commands++;
      return inner.exec(command, options);
    },
    close: async () => undefined,
    sockets,
  };
  return wrapper;
}

function context(conn: Connection) {
  return { conn, hostName: conn.hostName, vars: {}, flags: { check: false, diff: false } };
}

describe('wait_for url polling', () => {
  const check: UrlWait = { url: 'http://10.9.9.9:5000/v2/', statusCodes: [200], validateCerts: true, present: true, timeout: 0.3, delay: 0, sleep: 0.1, connectTimeout: 1 };
  const failing = (error: Error) => ({
    openUnixSocket: () => Promise.reject(error),
    openTcp: () => Promise.reject(error),
  });

  it('polls on while the port refuses', async () => {
    const connectFailed = Object.assign(new Error('(SSH) Channel open failure: Connection refused'), { reason: 2 });
    expect(await waitForUrlThroughHost(failing(connectFailed), check)).to.deep.equal({ ready: false, lastCode: '' });
  });

  it('stops when the connection is gone', async () => {
    const closedChannel = Object.assign(new Error('(SSH) Channel open failure: server closed channel unexpectedly'), { reason: '' });
    let error: Error | undefined;
    await waitForUrlThroughHost(failing(closedChannel), { ...check, timeout: 30 }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('(SSH) Channel open failure: server closed channel unexpectedly');
  });

  it('leaves a refusal to forward to the caller', async () => {
    expect(await waitForUrlThroughHost(failing(new ForwardingRefusedError('refused')), check)).to.equal(undefined);
  });
});

describe('wait_for url through the host @lab', function () {
  this.timeout(60_000);
  let server: http.Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => (server?.listening ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** Serves `status` on a free loopback port after `afterMs`; lab hosts reach it as this machine's. */
  async function serve(status: number, afterMs = 0): Promise<string> {
    const reserve = http.createServer();
    await new Promise<void>((resolve) => reserve.listen(0, '127.0.0.1', resolve));
    const port = (reserve.address() as net.AddressInfo).port;
    await new Promise((resolve) => reserve.close(resolve));
    const created = http.createServer((_, response) => response.writeHead(status).end());
    server = created;
    await new Promise<void>((resolve) => setTimeout(() => created.listen(port, '127.0.0.1', () => resolve()), afterMs));
    return `http://127.0.0.1:${port}/v2/`;
  }

  it('requests the URL without a command', async () => {
    const conn = counted(await connectLabHost('c01'));
    const url = await serve(200);
    const result = await waitFor.run({ url, timeout: 5 }, context(conn));
    expect(result.msg).to.equal(`${url} answered after 0 s`);
    expect(conn.commands).to.equal(0);
  });

  it('polls until the server starts', async () => {
    const conn = counted(await connectLabHost('c01'));
    const reserve = http.createServer();
    await new Promise<void>((resolve) => reserve.listen(0, '127.0.0.1', resolve));
    const port = (reserve.address() as net.AddressInfo).port;
    await new Promise((resolve) => reserve.close(resolve));
    const url = `http://127.0.0.1:${port}/v2/`;
    const late = http.createServer((_, response) => response.writeHead(200).end());
    server = late;
    setTimeout(() => late.listen(port, '127.0.0.1'), 1_200);
    const result = await waitFor.run({ url, timeout: 10, sleep: 0.5 }, context(conn));
    expect(result.failed).to.equal(undefined);
    expect(result.msg).to.match(/ answered after [12] s$/);
  });

  it('reports the last status on timeout', async () => {
    const conn = counted(await connectLabHost('c01'));
    const url = await serve(401);
    const result = await waitFor.run({ url, timeout: 1, sleep: 0.2 }, context(conn));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(`Timeout when waiting for ${url} to answer 200 (last status 401) after 1 s`);
  });

  it('falls back to curl without forwarding', async () => {
    const inner = await connectLabHost('c01');
    const prohibitedSockets = {
      openUnixSocket: () => Promise.reject(new ForwardingRefusedError('refused')),
      openTcp: () => Promise.reject(new ForwardingRefusedError('refused')),
    };
    const conn = counted(inner, prohibitedSockets);
    const url = await serve(200);
    const result = await waitFor.run({ url, timeout: 5 }, context(conn));
    expect(result.msg).to.equal(`${url} answered after 0 s`);
    expect(conn.commands, 'the remote curl loop ran').to.equal(1);
  });
});
