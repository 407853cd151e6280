import { expect } from 'chai';
import { connectLabHost } from '../support/lab.js';

describe('lab network rule @lab', function () {
  this.timeout(60_000);

  it('names no outside name server', async () => {
    const conn = await connectLabHost('c01');
    const resolv = await conn.exec('grep "^nameserver" /etc/resolv.conf');
    expect(resolv.stdout.trim()).to.equal('nameserver 127.0.0.1');
  });

  it('fails an image pull at once', async () => {
    const conn = await connectLabHost('c01');
    const pull = await conn.exec('docker pull skprun-no-such-image-anywhere:1');
    expect(pull.exitCode).to.not.equal(0);
    expect(pull.stderr, 'the pull goes to the dead loopback proxy, not to Docker Hub').to.include('proxyconnect tcp: dial tcp 127.0.0.1:9');
  });
});
