import { expect } from 'chai';
import { bridgeCommands, dockerdArgs } from '../../src/lab/docker-engine.js';
import { withLabHosts, withRootHome } from '../../src/lab/host-files.js';
import { hostSetupCommands } from '../../src/lab/namespace.js';
import { planLab } from '../../src/lab/plan.js';
import { privateFolderCommands } from '../../src/lab/private-folders.js';
import { sshdConfig } from '../../src/lab/sshd.js';

const plan = planLab({
  stateDir: '/srv/lab',
  hosts: 2,
  docker: true,
  skew: { c02: 600 },
  addressPrefix: '127.0.2',
});
const [c01, c02] = plan.hosts;
const faketime = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

describe('lab host files', () => {
  it('points only root at its own home in passwd', () => {
    const passwd =
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    expect(withRootHome(passwd, '/srv/lab/hosts/c01/root')).to.equal(
      'root:x:0:0:root:/srv/lab/hosts/c01/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    );
  });

  it('adds every lab host to /etc/hosts', () => {
    const hosts = withLabHosts('127.0.0.1\tlocalhost', plan.hosts);
    expect(hosts).to.equal(
      '127.0.0.1\tlocalhost\n# skprun lab hosts\n127.0.2.51\tc01\n127.0.2.52\tc02\n',
    );
  });
});

describe('lab sshd config', () => {
  it('listens on the host address with its own key and no passwords', () => {
    const config = sshdConfig(c01, faketime).split('\n');
    expect(config).to.include.members([
      'ListenAddress 127.0.2.51:22',
      'HostKey /srv/lab/hosts/c01/ssh_host_ed25519_key',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'StrictModes no',
    ]);
    expect(config.some((l) => l.startsWith('MaxSessions'))).to.equal(false);
    expect(config.some((l) => l.startsWith('SetEnv'))).to.equal(false);
  });

  it('preloads libfaketime on a skewed host', () => {
    expect(sshdConfig(c02, faketime)).to.include(
      `SetEnv LD_PRELOAD=${faketime} FAKETIME=+600 FAKETIME_DONT_FAKE_MONOTONIC=1\n`,
    );
  });

  it('writes a negative skew with its sign', () => {
    const behind = { ...c02, skewSeconds: -90 };
    expect(sshdConfig(behind, faketime)).to.include(' FAKETIME=-90 ');
  });
});

describe('lab namespace setup', () => {
  it('mounts an /etc overlay and private folders, then sets the hostname', () => {
    expect(hostSetupCommands(c01)).to.deep.equal([
      [
        'mount',
        '-t',
        'overlay',
        'overlay',
        '-o',
        'lowerdir=/etc,upperdir=/srv/lab/hosts/c01/etc/upper,workdir=/srv/lab/hosts/c01/etc/work',
        '/etc',
      ],
      ['mount', '--bind', '/srv/lab/hosts/c01/run', '/run'],
      ['mount', '--bind', '/srv/lab/hosts/c01/var-lib-nfs', '/var/lib/nfs'],
      ['mount', '--bind', '/srv/lab/hosts/c01/var-lib-docker', '/var/lib/docker'],
      ['mount', '--bind', '/srv/lab/hosts/c01/root', '/root'],
      ['mount', '--bind', '/srv/lab/hosts/c01/home', '/home'],
      ['mount', '--bind', '/srv/lab', '/srv/lab/hosts/c01/srv/lab'],
      ['mount', '--rbind', '/srv/lab/hosts/c01/srv', '/srv'],
      ['mount', '--bind', '/srv/lab/hosts/c01/opt', '/opt'],
      ['mount', '--bind', '/srv/lab/hosts/c01/tmp', '/tmp'],
      ['hostname', 'c01'],
    ]);
  });

  it('keeps /tmp shared when the state folder is under it', () => {
    const [host] = planLab({ stateDir: '/tmp/lab', hosts: 1, docker: false, skew: {}, addressPrefix: '127.0.2' }).hosts;
    const targets = privateFolderCommands(host.paths).map((command) => command.at(-1));
    expect(targets).to.deep.equal(['/root', '/home', '/srv', '/opt']);
  });

  it('mounts a state folder under /root back at its path', () => {
    const [host] = planLab({ stateDir: '/root/work/lab', hosts: 1, docker: false, skew: {}, addressPrefix: '127.0.2' }).hosts;
    expect(privateFolderCommands(host.paths).slice(0, 2)).to.deep.equal([
      ['mount', '--bind', '/root/work/lab', '/root/work/lab/hosts/c01/root/work/lab'],
      ['mount', '--rbind', '/root/work/lab/hosts/c01/root', '/root'],
    ]);
  });

  it('rejects a private folder itself as the state folder', () => {
    for (const stateDir of ['/root', '/srv', '/tmp', '/']) {
      expect(() => planLab({ stateDir, hosts: 1, docker: false, skew: {}, addressPrefix: '127.0.2' }), stateDir).to.throw(
        /must be a folder of its own, .*: lab down deletes it/,
      );
    }
  });
});

describe('lab docker engine', () => {
  it('makes a bridge with the host subnet', () => {
    expect(bridgeCommands(c02)).to.deep.equal([
      ['ip', 'link', 'add', 'skp-0-2-c02', 'type', 'bridge'],
      ['ip', 'addr', 'add', '10.2.2.1/24', 'dev', 'skp-0-2-c02'],
      ['ip', 'link', 'set', 'skp-0-2-c02', 'up'],
    ]);
  });

  it('starts dockerd on that bridge, publishing on the host address', () => {
    const args = dockerdArgs(c02).join(' ');
    expect(args).to.include('--bridge skp-0-2-c02 --ip 127.0.2.52');
    expect(args).to.include('--storage-driver vfs --iptables=false --ip6tables=false');
    expect(args).to.include('--default-address-pool base=10.2.102.0/24,size=27');
    expect(args).to.include('--host unix:///run/docker.sock');
    expect(args).to.include('--cgroup-parent /skprun-lab-0-2-c02');
  });
});
