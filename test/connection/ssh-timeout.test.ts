import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SshConnection } from '../../src/connection/ssh.js';
import { UnreachableError } from '../../src/errors.js';
import { planConnection } from '../../src/engine/connection-options.js';

/** Starts a TCP server on 127.0.0.1 that accepts connections and never sends a byte. */
function silentServer(): Promise<{ port: number; close: () => void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => (sockets.forEach((s) => s.destroy()), server.close()) });
    });
  });
}

describe('SSH connect timeout', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-timeout-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function openWithin(vars: Record<string, unknown>, sshConfigFile: string | null): Promise<{ error: Error; ms: number }> {
    const plan = planConnection('silent', vars, { baseDir: dir, connectTimeoutMs: 10_000, sshConfigFile, userKnownHostsFile: path.join(dir, 'kh') });
    if (plan.kind !== 'ssh') throw new Error('expected an ssh plan');
    const started = Date.now();
    const error = await SshConnection.open({ ...plan.target, agentSocket: null }).then(
      () => new Error('connected'),
      (failure: Error) => failure,
    );
    return { error, ms: Date.now() - started };
  }

  it('gives up after ansible_ssh_timeout when the server never greets', async () => {
    const server = await silentServer();
    try {
      const { error, ms } = await openWithin({ ansible_host: '127.0.0.1', ansible_port: server.port, ansible_ssh_timeout: 1 }, null);
      expect(error).to.be.instanceOf(UnreachableError);
      expect(error.message).to.contain('the SSH handshake timed out');
      expect(ms).to.be.within(900, 5_000);
    } finally {
      server.close();
    }
  });

  it('takes ConnectTimeout from the ssh config', async () => {
    const server = await silentServer();
    const config = path.join(dir, 'config');
    writeFileSync(config, `Host silent\n  HostName 127.0.0.1\n  Port ${server.port}\n  ConnectTimeout 1\n`);
    try {
      const { error, ms } = await openWithin({}, config);
      expect(error.message).to.contain(`127.0.0.1:${server.port}: the SSH handshake timed out`);
      expect(ms).to.be.within(900, 5_000);
    } finally {
      server.close();
    }
  });
});
