import { expect } from 'chai';
import { homedir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSshArgs } from '../../src/connection/ssh-args.js';
import { resolveEndpoints, type EndpointRequest } from '../../src/connection/ssh-resolve.js';

const configFile = fileURLToPath(new URL('../../../test/connection/fixtures/ssh_config', import.meta.url));

function request(destination: string, extra: Partial<EndpointRequest> = {}): EndpointRequest {
  return {
    hostName: destination,
    destination,
    keyFiles: [],
    args: parseSshArgs(''),
    configFile,
    knownHostsFiles: [],
    userKnownHostsFile: '/home/u/.ssh/known_hosts',
    globalKnownHostsFiles: ['/etc/ssh/ssh_known_hosts'],
    acceptNewHostKeys: false,
    defaultConnectTimeoutMs: 10_000,
    ...extra,
  };
}

describe('resolveEndpoints with ~/.ssh/config', () => {
  it('takes HostName, User, Port and IdentityFile from the first matching Host', () => {
    const { target } = resolveEndpoints(request('bastion'));
    expect(target).to.include({ address: '127.0.0.30', user: 'jumper', port: 2201 });
    expect(target.identityFiles).to.deep.equal([path.join(homedir(), '.ssh/bastion_key')]);
  });

  it('expands %h in HostName and keeps the first value of each setting', () => {
    const { target } = resolveEndpoints(request('web1'));
    expect(target).to.include({ address: 'web1.internal', user: 'deploy', keepaliveIntervalMs: 15_000, keepaliveCountMax: 4 });
    // Port comes from the Host *.internal block only when ssh is asked for *.internal itself.
    expect(target.port).to.equal(22);
  });

  it('honours negated Host patterns', () => {
    expect(resolveEndpoints(request('web1')).target.connectTimeoutMs).to.equal(10_000);
    expect(resolveEndpoints(request('web2')).target.connectTimeoutMs).to.equal(7_000);
  });

  it('puts the inventory and the command line before the config', () => {
    const args = parseSshArgs('-o ConnectTimeout=3 -o ServerAliveInterval=5 -i /keys/extra');
    const { target } = resolveEndpoints(request('web1', { user: 'root', port: 2222, keyFiles: ['/keys/inventory'], args }));
    expect(target).to.include({ user: 'root', port: 2222, connectTimeoutMs: 3_000, keepaliveIntervalMs: 5_000 });
    expect(target.privateKeyFile).to.equal('/keys/inventory');
    expect(target.identityFiles).to.deep.equal(['/keys/extra', '/keys/web']);
  });

  it('resolves ProxyJump hops through their own config, first hop first', () => {
    const { jumpHosts } = resolveEndpoints(request('web1'));
    expect(jumpHosts.map((hop) => [hop.hostName, hop.address, hop.port, hop.user])).to.deep.equal([
      ['bastion', '127.0.0.30', 2201, 'jumper'],
      ['inner', '127.0.0.31', 22, 'fallback'],
    ]);
  });

  it("reaches a hop with its own ProxyJump through that hop's jump first", () => {
    const { jumpHosts } = resolveEndpoints(request('127.0.0.40', { args: parseSshArgs('-J inner') }));
    expect(jumpHosts.map((hop) => hop.hostName)).to.deep.equal(['bastion', 'inner']);
  });

  it('lets -o ProxyJump=none turn off a configured jump', () => {
    const { jumpHosts } = resolveEndpoints(request('web1', { args: parseSshArgs('-o ProxyJump=none') }));
    expect(jumpHosts).to.deep.equal([]);
  });

  it('reads user@host:port hops and a ssh -W ProxyCommand', () => {
    const jump = resolveEndpoints(request('127.0.0.40', { args: parseSshArgs('-o ProxyJump=ops@127.0.0.41:2022') })).jumpHosts;
    expect(jump.map((hop) => [hop.address, hop.port, hop.user])).to.deep.equal([['127.0.0.41', 2022, 'ops']]);
    const command = parseSshArgs(`-o ProxyCommand="ssh -W %h:%p -q -p 2023 ops@127.0.0.42"`);
    const proxied = resolveEndpoints(request('127.0.0.40', { args: command })).jumpHosts;
    expect(proxied.map((hop) => [hop.address, hop.port, hop.user])).to.deep.equal([['127.0.0.42', 2023, 'ops']]);
  });

  it('checks named known_hosts files first and records new keys there', () => {
    const args = parseSshArgs('-o UserKnownHostsFile=/lab/known_hosts');
    const { target } = resolveEndpoints(request('127.0.0.40', { args }));
    expect(target.knownHostsFiles).to.deep.equal(['/lab/known_hosts', '/tmp/ssh-resolve-known_hosts', '/etc/ssh/ssh_known_hosts']);
    expect(target.knownHostsRecordFile).to.equal('/lab/known_hosts');
    expect(target.hashKnownHosts).to.equal(true);
  });

  it('uses the local user and ~/.ssh/known_hosts without a config', () => {
    const { target } = resolveEndpoints(request('127.0.0.40', { configFile: null }));
    expect(target.user).to.equal(userInfo().username);
    expect(target.knownHostsFiles).to.deep.equal(['/home/u/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts']);
    expect(target.knownHostsRecordFile).to.equal('/home/u/.ssh/known_hosts');
  });

  it('turns StrictHostKeyChecking into checking and accept-new', () => {
    const off = resolveEndpoints(request('x', { args: parseSshArgs('-o StrictHostKeyChecking=no') })).target;
    const acceptNew = resolveEndpoints(request('x', { args: parseSshArgs('-o StrictHostKeyChecking=accept-new') })).target;
    expect(off.hostKeyChecking).to.equal(false);
    expect(acceptNew).to.include({ hostKeyChecking: true, acceptNewHostKeys: true });
  });
});
