/**
 * Turns a host's inventory variables into SSH settings, with Ansible's
 * variable names: ansible_host, ansible_port, ansible_user,
 * ansible_ssh_private_key_file, ansible_password, ansible_ssh_common_args
 * (its -o UserKnownHostsFile=... and -o StrictHostKeyChecking=no are read),
 * ansible_host_key_checking, ansible_connection.
 */
import { homedir, userInfo } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { SshTarget } from '../connection/ssh.js';
import { InputError } from '../errors.js';

export type ConnectionPlan = { kind: 'local'; hostName: string } | { kind: 'ssh'; target: SshTarget };

export interface ConnectionDefaults {
  /** Where relative key and known_hosts paths in the inventory start. */
  baseDir: string;
  connectTimeoutMs: number;
  /** An explicit -u/--user, above the inventory's ansible_user. */
  user?: string;
  privateKeyFile?: string;
}

/** Reads `-o Key=Value` pairs out of an ansible_ssh_common_args string. */
export function parseSshOptions(commonArgs: string): Map<string, string> {
  const options = new Map<string, string>();
  const words = commonArgs.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i].replace(/["']/g, '');
    const pair = word === '-o' ? words[++i]?.replace(/["']/g, '') : word.startsWith('-o') ? word.slice(2) : undefined;
    if (!pair) continue;
    const match = /^([A-Za-z]+)\s*[= ]\s*(.*)$/.exec(pair);
    if (match) options.set(match[1].toLowerCase(), match[2]);
  }
  return options;
}

function asString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function asBoolean(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  return ['yes', 'true', 'on', '1'].includes(String(value).toLowerCase());
}

function expandPath(path: string, baseDir: string): string {
  const expanded = path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

export function planConnection(
  hostName: string,
  vars: Record<string, unknown>,
  defaults: ConnectionDefaults,
): ConnectionPlan {
  const kind = asString(vars.ansible_connection) ?? 'ssh';
  if (kind === 'local') return { kind: 'local', hostName };
  if (kind !== 'ssh' && kind !== 'paramiko' && kind !== 'smart') {
    throw new InputError(`${hostName}: ansible_connection ${kind} is not supported; use ssh or local`);
  }

  const port = Number(vars.ansible_port ?? vars.ansible_ssh_port ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`${hostName}: ansible_port should be an integer from 1 to 65535, got ${String(vars.ansible_port)}`);
  }

  const sshOptions = parseSshOptions(asString(vars.ansible_ssh_common_args) ?? '');
  const knownHostsFiles = [expandPath('~/.ssh/known_hosts', defaults.baseDir)];
  const extraKnownHosts = asString(vars.skprun_known_hosts_file) ?? sshOptions.get('userknownhostsfile');
  if (extraKnownHosts) knownHostsFiles.unshift(expandPath(extraKnownHosts, defaults.baseDir));

  const strict = sshOptions.get('stricthostkeychecking');
  const hostKeyChecking = asBoolean(vars.ansible_host_key_checking, strict !== 'no');
  const keyFile = asString(vars.ansible_ssh_private_key_file) ?? defaults.privateKeyFile;

  return {
    kind: 'ssh',
    target: {
      hostName,
      address: asString(vars.ansible_host) ?? asString(vars.ansible_ssh_host) ?? hostName,
      port,
      user: defaults.user ?? asString(vars.ansible_user) ?? asString(vars.ansible_ssh_user) ?? userInfo().username,
      privateKeyFile: keyFile ? expandPath(keyFile, defaults.baseDir) : undefined,
      password: asString(vars.ansible_password) ?? asString(vars.ansible_ssh_pass),
      knownHostsFiles,
      hostKeyChecking,
      connectTimeoutMs: Number(vars.ansible_ssh_timeout ?? vars.ansible_timeout ?? 0) * 1000 || defaults.connectTimeoutMs,
      maxChannels: Number(vars.skprun_max_channels ?? 8),
    },
  };
}
