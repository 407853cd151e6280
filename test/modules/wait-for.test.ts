import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import waitFor, { planWait, type WaitForArgs } from '../../src/modules/wait-for.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';
import { connectLabHost, sharedLab } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';

describe('planWait', () => {
  const rejects: [string, WaitForArgs, string][] = [
    ['port with path', { port: 1, path: '/x' }, 'port and path are mutually exclusive'],
    ['url with port', { port: 1, url: 'http://127.0.0.1/' }, 'port and url are mutually exclusive'],
    ['search_regex with port', { port: 1, search_regex: 'x' }, 'search_regex is supported with path only (skprun does not read from ports)'],
    ['status_code without url', { port: 1, status_code: 200 }, 'status_code needs url'],
  ];
  for (const [name, args, message] of rejects) {
    it(`rejects ${name}`, () => {
      expect(planWait(args)).to.equal(message);
    });
  }

  it('defaults as Ansible does', () => {
    expect(planWait({ port: 22 })).to.deep.equal({
      target: { kind: 'port', host: '127.0.0.1', port: 22 },
      present: true,
      timeout: 300,
      delay: 0,
      sleep: 1,
      connectTimeout: 5,
    });
  });

  it('reads stopped and absent as waiting for it to go', () => {
    expect((planWait({ port: 22, state: 'stopped' }) as { present: boolean }).present).to.equal(false);
    expect((planWait({ path: '/x', state: 'absent' }) as { present: boolean }).present).to.equal(false);
  });

  it('turns one status code into a list', () => {
    const plan = planWait({ url: 'http://127.0.0.1:5000/v2/', status_code: 401 });
    expect(plan).to.have.nested.property('target.statusCodes').that.deep.equals([401]);
  });
});

describe('wait_for on this machine, against 127.0.0.1', () => {
  const conn = new ShellConnection();
  const ctx = shellContext(conn);
  let dir: string;
  let server: net.Server | http.Server | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-wait-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  async function listen(s: net.Server | http.Server): Promise<number> {
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return (s.address() as net.AddressInfo).port;
  }

  it('sees an open port', async () => {
    const port = await listen(net.createServer((socket) => socket.end()));
    const result = await waitFor.run({ port, timeout: 5 }, ctx);
    expect(result.failed).to.equal(undefined);
    expect(result.msg).to.equal(`127.0.0.1:${port} is open after 0 s`);
    expect(conn.commands.at(-1)).to.not.include('\n\n');
  });

  it('times out on a closed port with the message', async () => {
    const port = await listen(net.createServer());
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const result = await waitFor.run({ port, timeout: 1, sleep: 0.2 }, ctx);
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(`Timeout when waiting for 127.0.0.1:${port} after 1 s`);
  });

  it('waits for a closed port with stopped', async () => {
    const port = await listen(net.createServer());
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const result = await waitFor.run({ port, state: 'stopped', timeout: 2 }, ctx);
    expect(result.msg).to.equal(`127.0.0.1:${port} is closed after 0 s`);
  });

  it('waits for a file that appears later', async () => {
    const path = join(dir, 'ready');
    setTimeout(() => writeFileSync(path, 'status: up\n'), 300);
    const result = await waitFor.run({ path, search_regex: 'status: (up|ok)', timeout: 5, sleep: 0.1 }, ctx);
    expect(result.failed).to.equal(undefined);
    expect(result.msg).to.match(/^status: \(up\|ok\) in .* is present after 0 s$/);
  });

  it('uses the custom failure message', async () => {
    const result = await waitFor.run({ path: join(dir, 'never'), timeout: 0, msg: 'no flag file' }, ctx);
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('no flag file');
  });

  it('waits for an HTTP status', async () => {
    const port = await listen(http.createServer((_, res) => res.writeHead(401).end()));
    const url = `http://127.0.0.1:${port}/v2/`;
    const ok = await waitFor.run({ url, status_code: [200, 401], timeout: 5 }, ctx);
    expect(ok.msg).to.equal(`${url} answered after 0 s`);
    const wrong = await waitFor.run({ url, timeout: 1, sleep: 0.2 }, ctx);
    expect(wrong.msg).to.equal(`Timeout when waiting for ${url} to answer 200 (last status 401) after 1 s`);
  });

  it('skips in check mode, running nothing', async () => {
    const checkCtx = shellContext(conn, { check: true, diff: false });
    const before = conn.commands.length;
    const started = Date.now();
    const result = await waitFor.run({ path: join(dir, 'never'), timeout: 3 }, checkCtx);
    expect(result.skipped).to.equal(true);
    expect(result.failed).to.equal(undefined);
    expect(result.msg).to.equal('remote module (wait_for) does not support check mode');
    expect(conn.commands.length - before).to.equal(0);
    expect(Date.now() - started).to.be.below(1000);
  });

  it('skips a plain sleep in check mode', async () => {
    const checkCtx = shellContext(conn, { check: true, diff: false });
    const started = Date.now();
    const result = await waitFor.run({ timeout: 3 }, checkCtx);
    expect(result.skipped).to.equal(true);
    expect(Date.now() - started).to.be.below(1000);
  });

  it('runs the whole wait in one command', async () => {
    const before = conn.commands.length;
    await waitFor.run({ path: dir, timeout: 5 }, ctx);
    expect(conn.commands.length - before).to.equal(1);
  });
});

describe('wait_for on a lab host @lab', function () {
  this.timeout(180_000);

  it('sees the lab sshd port open and a free port closed', async () => {
    const lab = await sharedLab();
    const host = lab.hosts.find((h) => h.name === 'c03')!;
    const conn = await connectLabHost('c03');
    const open = await runModule(waitFor, conn, { host: host.address, port: host.port, timeout: 10 });
    expect(open.msg).to.equal(`${host.address}:${host.port} is open after 0 s`);
    const closed = await runModule(waitFor, conn, { host: host.address, port: 1, state: 'stopped', timeout: 10 });
    expect(closed.msg).to.equal(`${host.address}:1 is closed after 0 s`);
  });

  it('waits for a file written later on the host', async () => {
    const conn = await connectLabHost('c03');
    const path = `/tmp/skprun-wait-${runId}`;
    await conn.exec(`rm -f ${path}; (sleep 1; echo ready > ${path}) >/dev/null 2>&1 &`);
    const result = await runModule(waitFor, conn, { path, search_regex: '^ready$', timeout: 20, sleep: 0.2 });
    expect(result.failed).to.equal(undefined);
    await conn.exec(`rm -f ${path}`);
  });

  it('times out with a message', async () => {
    const conn = await connectLabHost('c03');
    const result = await runModule(waitFor, conn, { host: '127.0.0.1', port: 1, timeout: 1 });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('Timeout when waiting for 127.0.0.1:1 after 1 s');
  });

  it('rejects bad arguments before running', async () => {
    const conn = await connectLabHost('c03');
    let error: Error | undefined;
    await runModule(waitFor, conn, { port: 70000 }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for wait_for: port: must be <= 65535/);
  });
});
