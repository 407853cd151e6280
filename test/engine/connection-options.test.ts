import { expect } from 'chai';
import { parseSshOptions, planConnection } from '../../src/engine/connection-options.js';

const defaults = { baseDir: '/project', connectTimeoutMs: 10000 };

describe('planConnection', () => {
  it('reads Ansible connection variables', () => {
    const plan = planConnection(
      'c01',
      {
        ansible_host: '127.0.0.51',
        ansible_port: 2222,
        ansible_user: 'deploy',
        ansible_ssh_private_key_file: '.skprun/lab/id_ed25519',
        ansible_ssh_common_args: '-o UserKnownHostsFile=.skprun/lab/known_hosts',
      },
      defaults,
    );
    expect(plan.kind).to.equal('ssh');
    if (plan.kind !== 'ssh') return;
    expect(plan.target).to.include({ address: '127.0.0.51', port: 2222, user: 'deploy', hostKeyChecking: true });
    expect(plan.target.privateKeyFile).to.equal('/project/.skprun/lab/id_ed25519');
    expect(plan.target.knownHostsFiles[0]).to.equal('/project/.skprun/lab/known_hosts');
  });

  it('turns host key checking off with StrictHostKeyChecking=no', () => {
    const plan = planConnection('c01', { ansible_ssh_common_args: '-o StrictHostKeyChecking=no' }, defaults);
    expect(plan.kind === 'ssh' && plan.target.hostKeyChecking).to.equal(false);
  });

  it('uses the inventory name as the address without ansible_host', () => {
    const plan = planConnection('127.0.0.9', {}, defaults);
    expect(plan.kind === 'ssh' && plan.target.address).to.equal('127.0.0.9');
  });

  it('runs local hosts without SSH', () => {
    expect(planConnection('localhost', { ansible_connection: 'local' }, defaults).kind).to.equal('local');
  });

  it('rejects a port that is not an integer', () => {
    expect(() => planConnection('c01', { ansible_port: '22:22' }, defaults)).to.throw(
      'c01: ansible_port should be an integer from 1 to 65535, got 22:22',
    );
  });

  it('rejects an unsupported connection type', () => {
    expect(() => planConnection('c01', { ansible_connection: 'winrm' }, defaults)).to.throw(
      'c01: ansible_connection winrm is not supported; use ssh or local',
    );
  });
});

describe('parseSshOptions', () => {
  it('reads -o pairs in both spellings', () => {
    const options = parseSshOptions('-o UserKnownHostsFile=/tmp/kh -oStrictHostKeyChecking=no -o "ProxyJump=jump"');
    expect(options.get('userknownhostsfile')).to.equal('/tmp/kh');
    expect(options.get('stricthostkeychecking')).to.equal('no');
    expect(options.get('proxyjump')).to.equal('jump');
  });
});
