import { expect } from 'chai';
import { parse } from 'yaml';
import { parseLdd } from '../../src/lab/image-recipes.js';
import { inventoryText, knownHostsText } from '../../src/lab/lab-files.js';
import { isInSubnet } from '../../src/lab/machine-cleanup.js';
import type { LabState } from '../../src/lab/index.js';

const state: LabState = {
  stateDir: '/srv/lab',
  hosts: [
    { name: 'c01', address: '127.0.0.51', port: 22, skewSeconds: 0 },
    { name: 'c02', address: '127.0.0.52', port: 22, skewSeconds: 600 },
  ],
  inventoryFile: '/srv/lab/inventory.yml',
  privateKeyFile: '/srv/lab/id_ed25519',
  knownHostsFile: '/srv/lab/known_hosts',
  sharedDir: '/srv/lab/shared',
  docker: false,
};

describe('lab files', () => {
  it('writes known_hosts entries without a port for port 22', () => {
    const text = knownHostsText([
      { address: '127.0.0.51', port: 22, publicKey: 'ssh-ed25519 AAAA1' },
      { address: '127.0.0.52', port: 2222, publicKey: 'ssh-ed25519 AAAA2' },
    ]);
    expect(text).to.equal('127.0.0.51 ssh-ed25519 AAAA1\n[127.0.0.52]:2222 ssh-ed25519 AAAA2\n');
  });

  it('writes an inventory with the registry and master groups', () => {
    const inventory = parse(inventoryText(state));
    expect(inventory).to.deep.equal({
      all: {
        vars: {
          ansible_user: 'root',
          ansible_ssh_private_key_file: '/srv/lab/id_ed25519',
          ansible_ssh_common_args: '-o UserKnownHostsFile=/srv/lab/known_hosts',
          skprun_known_hosts_file: '/srv/lab/known_hosts',
          lab_shared_dir: '/srv/lab/shared',
        },
        hosts: {
          c01: { ansible_host: '127.0.0.51', ansible_port: 22 },
          c02: { ansible_host: '127.0.0.52', ansible_port: 22 },
        },
        children: { registry: { hosts: { c01: {}, c02: {} } }, master: { hosts: { c01: {} } } },
      },
    });
  });
});

describe('lab image recipes', () => {
  it('reads library paths from ldd output', () => {
    const output = [
      '\tlinux-vdso.so.1 (0x00007ffd)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f18)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f19)',
    ].join('\n');
    expect(parseLdd(output)).to.deep.equal([
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('reads nothing from a static binary', () => {
    expect(parseLdd('\tnot a dynamic executable')).to.deep.equal([]);
  });
});

describe('lab subnets', () => {
  it('tells addresses inside and outside a subnet', () => {
    expect(isInSubnet('10.2.101.1', '10.2.101.0/24')).to.equal(true);
    expect(isInSubnet('10.2.102.1', '10.2.101.0/24')).to.equal(false);
    expect(isInSubnet('10.2.200.7', '10.2.0.0/16')).to.equal(true);
    expect(isInSubnet('10.3.0.1', '10.2.0.0/16')).to.equal(false);
  });
});
