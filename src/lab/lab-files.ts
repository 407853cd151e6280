/**
 * The files users point tools at: an OpenSSH known_hosts file with every
 * host's key, and an Ansible YAML inventory that logs in with the lab key.
 */
import { stringify } from 'yaml';
import { knownHostsName } from '../connection/known-hosts.js';
import type { LabHost, LabState } from './types.js';

export interface HostKey {
  address: string;
  port: number;
  /** `ssh-ed25519 AAAA...` */
  publicKey: string;
}

export function knownHostsText(keys: HostKey[]): string {
  return keys.map((k) => `${knownHostsName(k.address, k.port)} ${k.publicKey}\n`).join('');
}

/** Returns a host's inventory variables; a far host is reached through its jump host, as root with the lab key. */
function hostVars(state: LabState, host: LabHost): Record<string, unknown> {
  const vars: Record<string, unknown> = { ansible_host: host.address, ansible_port: host.port };
  const jump = state.hosts.find((h) => h.name === host.jumpHost);
  if (jump) {
    const proxy = `-o ProxyJump=root@${jump.address}:${jump.port}`;
    vars.ansible_ssh_common_args = `-o UserKnownHostsFile=${state.knownHostsFile} ${proxy}`;
  }
  return vars;
}

/**
 * Renders the lab's inventory as YAML. Every host carries the label
 * registry=enable, so the group `registry` contains every host. c01 is the
 * master.
 */
export function inventoryText(state: LabState): string {
  const hosts = Object.fromEntries(state.hosts.map((h) => [h.name, hostVars(state, h)]));
  const emptyHosts = (names: string[]) => Object.fromEntries(names.map((name) => [name, {}]));
  const inventory = {
    all: {
      vars: {
        ansible_user: 'root',
        ansible_ssh_private_key_file: state.privateKeyFile,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${state.knownHostsFile}`,
        skprun_known_hosts_file: state.knownHostsFile,
        lab_shared_dir: state.sharedDir,
      },
      hosts,
      children: {
        registry: { hosts: emptyHosts(state.hosts.map((h) => h.name)) },
        master: { hosts: emptyHosts(state.hosts.slice(0, 1).map((h) => h.name)) },
      },
    },
  };
  const header = `# Inventory of the skprun lab in ${state.stateDir}; \`skprun lab down\` deletes it.\n`;
  return header + stringify(inventory);
}
