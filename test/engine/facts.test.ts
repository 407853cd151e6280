import { expect } from 'chai';
import { parseFacts } from '../../src/engine/facts.js';

const DEBIAN_OUTPUT = [
  'hostname=c01',
  'fqdn=c01.lab',
  'nodename=c01',
  'kernel=6.1.0-18-amd64',
  'architecture=x86_64',
  'system=Linux',
  'user_id=root',
  'epoch=1796392800',
  'tz=UTC',
  'default_interface=eth0',
  'default_address=10.0.0.5',
  'os_PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'os_NAME="Debian GNU/Linux"',
  'os_VERSION_ID="12"',
  'os_VERSION_CODENAME=bookworm',
  'os_ID=debian',
  'env_HOME=/root',
  'env_PATH=/usr/bin:/bin',
].join('\n');

describe('parseFacts', () => {
  it('reads the host and system facts', () => {
    const facts = parseFacts(DEBIAN_OUTPUT);
    expect(facts).to.include({
      ansible_hostname: 'c01',
      ansible_fqdn: 'c01.lab',
      ansible_kernel: '6.1.0-18-amd64',
      ansible_architecture: 'x86_64',
      ansible_user_id: 'root',
    });
  });

  it('maps os-release to distribution and family', () => {
    const facts = parseFacts(DEBIAN_OUTPUT);
    expect(facts).to.include({
      ansible_distribution: 'Debian',
      ansible_os_family: 'Debian',
      ansible_distribution_version: '12',
      ansible_distribution_major_version: '12',
      ansible_distribution_release: 'bookworm',
    });
  });

  it('finds the family through ID_LIKE', () => {
    const facts = parseFacts('os_ID=pop\nos_ID_LIKE="ubuntu debian"\n');
    expect(facts.ansible_os_family).to.equal('Debian');
  });

  it('reads the default address, environment and date', () => {
    const facts = parseFacts(DEBIAN_OUTPUT);
    expect(facts.ansible_default_ipv4).to.deep.equal({ address: '10.0.0.5', interface: 'eth0' });
    expect(facts.ansible_env).to.deep.equal({ HOME: '/root', PATH: '/usr/bin:/bin' });
    expect(facts.ansible_date_time).to.include({ epoch: '1796392800', date: '2026-12-04', tz: 'UTC' });
  });

  it('leaves out the default address where there is no default route', () => {
    expect(parseFacts('hostname=c01\n')).to.not.have.property('ansible_default_ipv4');
  });
});
