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
  'clock=1796392800 123456789 2026 12 04 14 00 00 +0000 5 48 Friday UTC',
  'tz_january=+0000 UTC',
  'tz_july=+0000 UTC',
  'debian_version=12.11',
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
      ansible_distribution_version: '12.11',
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

  it('keeps VERSION_ID when debian_version is a codename', () => {
    const facts = parseFacts('os_ID=debian\nos_VERSION_ID="13"\ndebian_version=trixie/sid\n');
    expect(facts.ansible_distribution_version).to.equal('13');
  });

  it('gives every ansible_date_time key', () => {
    const facts = parseFacts(DEBIAN_OUTPUT);
    expect(facts.ansible_date_time).to.deep.equal({
      year: '2026',
      month: '12',
      weekday: 'Friday',
      weekday_number: '5',
      weeknumber: '48',
      day: '04',
      hour: '14',
      minute: '00',
      second: '00',
      epoch: '1796392800',
      epoch_int: '1796392800',
      date: '2026-12-04',
      time: '14:00:00',
      iso8601_micro: '2026-12-04T14:00:00.123456Z',
      iso8601: '2026-12-04T14:00:00Z',
      iso8601_basic: '20261204T140000123456',
      iso8601_basic_short: '20261204T140000',
      tz: 'UTC',
      tz_dst: 'UTC',
      tz_offset: '+0000',
    });
  });

  it('keeps local fields and a UTC iso8601', () => {
    const output = [
      'clock=1796392800 %N 2026 12 04 15 00 00 +0100 5 48 Friday CET',
      'tz_january=+0100 CET',
      'tz_july=+0200 CEST',
    ].join('\n');
    const dateTime = parseFacts(output).ansible_date_time as Record<string, string>;
    expect(dateTime.time).to.equal('15:00:00');
    expect(dateTime.iso8601).to.equal('2026-12-04T14:00:00Z');
    expect(dateTime.iso8601_micro).to.equal('2026-12-04T14:00:00.000000Z');
    expect(dateTime.tz_dst).to.equal('CEST');
  });

  it('leaves out the default address where there is no default route', () => {
    expect(parseFacts('hostname=c01\n')).to.not.have.property('ansible_default_ipv4');
  });
});
