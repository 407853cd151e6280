/**
 * Turns a host's inventory variables into connection settings, with
 * Ansible's variable names: ansible_connection, ansible_host, ansible_port,
 * ansible_user, ansible_ssh_private_key_file, ansible_password,
 * ansible_ssh_common_args and ansible_ssh_extra_args (OpenSSH arguments,
 * see connection/ssh-args.ts), ansible_host_key_checking,
 * ansible_ssh_timeout, ansible_become_password. ~/.ssh/config fills in what
 * these leave open, as OpenSSH would (connection/ssh-resolve.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { homedir } from 'node:os';
import { parseSshArgs, SshArgsError, type SshArgs } from '../connection/ssh-args.js';
import { defaultSshConfigFile } from '../connection/ssh-config-file.js';
import { defaultUserKnownHostsFile, resolveEndpoints, type EndpointRequest } from '../connection/ssh-resolve.js';
import type { SshTarget } from '../connection/ssh-target.js';
import { ShellWordsError } from '../inventory/shell-words.js';
import { InputError } from '../errors.js';

export type ConnectionPlan =
  | { kind: 'local'; hostName: string; becomePassword?: string }
  | { kind: 'ssh'; target: SshTarget };

export interface ConnectionDefaults {
  /** Folder that relative key and known_hosts paths in the inventory start from. */
  baseDir: string;
  connectTimeoutMs: number;
  /** An explicit -u/--user, above the inventory's ansible_user. */
  user?: string;
  privateKeyFile?: string;
  /** The login password asked for with -k/--ask-pass; ansible_password is above it. */
  password?: string;
  /** The sudo password asked for with -K/--ask-become-pass; ansible_become_password is above it. */
  becomePassword?: string;
  /** Record the keys of unknown hosts (--accept-new-host-keys). */
  acceptNewHostKeys?: boolean;
  /** The ssh config file; default ~/.ssh/config, null for none. */
  sshConfigFile?: string | null;
  /** The user's known_hosts file; default ~/.ssh/known_hosts. */
  userKnownHostsFile?: string;
  /** Read-only known_hosts files checked last; default /etc/ssh/ssh_known_hosts. */
  globalKnownHostsFiles?: string[];
}

/**
 * Every variable planConnection reads. A task's connection is planned from
 * these names in its variable scope, so a value from any source (inventory,
 * play, task, set_fact, -e) takes effect by the usual precedence.
 */
export const CONNECTION_VARIABLES: readonly string[] = [
  'ansible_connection',
  'ansible_host',
  'ansible_ssh_host',
  'ansible_port',
  'ansible_ssh_port',
  'ansible_user',
  'ansible_ssh_user',
  'ansible_remote_user',
  'ansible_ssh_private_key_file',
  'ansible_private_key_file',
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_ssh_password',
  'ansible_ssh_private_key_passphrase',
  'ansible_private_key_passphrase',
  'ansible_ssh_common_args',
  'ansible_ssh_extra_args',
  'ansible_host_key_checking',
  'ansible_ssh_host_key_checking',
  'ansible_ssh_timeout',
  'ansible_timeout',
  'ansible_become_password',
  'ansible_become_pass',
  'ansible_sudo_pass',
  'skprun_known_hosts_file',
  'skprun_max_channels',
];

/** Exec channels per connection unless skprun_max_channels sets another number: under OpenSSH's default MaxSessions of 10. */
const DEFAULT_MAX_CHANNELS = 8;

/** Reads `-o Key=Value` pairs out of an ansible_ssh_common_args string, by lower-case key. */
export function parseSshOptions(commonArgs: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const [name, values] of parseSshArgs(commonArgs).options) options.set(name, values[0]);
  return options;
}

function asString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function asBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  return ['yes', 'true', 'on', '1', 'y'].includes(String(value).toLowerCase());
}

function expandPath(path: string, baseDir: string): string {
  const expanded = path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

function firstString(vars: Record<string, unknown>, names: string[]): string | undefined {
  for (const name of names) {
    const value = asString(vars[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Plans a host's connection from its rendered connection variables (see
 * CONNECTION_VARIABLES); other names in `vars` are ignored. remoteUser is the `remote_user` keyword of the task (or of its block,
 * role or play), which ranks between ansible_user and -u.
 */
export function planConnection(
  hostName: string,
  vars: Record<string, unknown>,
  defaults: ConnectionDefaults,
  remoteUser?: string,
): ConnectionPlan {
  const becomePassword = firstString(vars, ['ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass']) ?? defaults.becomePassword;
  const kind = asString(vars.ansible_connection) ?? 'ssh';
  if (kind === 'local') return { kind: 'local', hostName, becomePassword };
  if (kind !== 'ssh' && kind !== 'paramiko' && kind !== 'smart') {
    throw new InputError(`${hostName}: ansible_connection ${kind} is not supported; use ssh or local`);
  }
  try {
    const { target, jumpHosts } = resolveEndpoints(endpointRequest(hostName, vars, defaults, remoteUser));
    const maxChannels = Number(vars.skprun_max_channels ?? DEFAULT_MAX_CHANNELS);
    if (!Number.isInteger(maxChannels) || maxChannels < 1) {
      throw new InputError(`${hostName}: skprun_max_channels should be a positive integer, got ${String(vars.skprun_max_channels)}`);
    }
    return { kind: 'ssh', target: { ...target, maxChannels, jumpHosts, becomePassword } };
  } catch (error) {
    if (error instanceof SshArgsError || error instanceof ShellWordsError) throw new InputError(`${hostName}: ${error.message}`);
    throw error;
  }
}

function endpointRequest(
  hostName: string,
  vars: Record<string, unknown>,
  defaults: ConnectionDefaults,
  remoteUser: string | undefined,
): EndpointRequest {
  const keyFile = firstString(vars, ['ansible_ssh_private_key_file', 'ansible_private_key_file']) ?? defaults.privateKeyFile;
  const timeoutSeconds = Number(vars.ansible_ssh_timeout ?? vars.ansible_timeout ?? 0);
  const knownHostsFile = asString(vars.skprun_known_hosts_file);
  const args = sshArgsOf(vars, defaults.baseDir);
  const configFile = args.configFile ? expandPath(args.configFile, defaults.baseDir) : defaults.sshConfigFile;
  return {
    hostName,
    destination: firstString(vars, ['ansible_host', 'ansible_ssh_host']) ?? hostName,
    port: portOf(hostName, vars),
    // As in Ansible, a connection variable (ansible_user) beats the
    // remote_user keyword, which beats -u. ~/.ssh/config and the local
    // user name come after all three.
    user: firstString(vars, ['ansible_user', 'ansible_ssh_user', 'ansible_remote_user']) ?? remoteUser ?? defaults.user,
    keyFiles: keyFile ? [expandPath(keyFile, defaults.baseDir)] : [],
    password: firstString(vars, ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']) ?? defaults.password,
    passphrase: firstString(vars, ['ansible_ssh_private_key_passphrase', 'ansible_private_key_passphrase']),
    args,
    configFile: configFile === undefined ? defaultSshConfigFile() : configFile,
    knownHostsFiles: knownHostsFile ? [expandPath(knownHostsFile, defaults.baseDir)] : [],
    userKnownHostsFile: defaults.userKnownHostsFile ?? defaultUserKnownHostsFile(),
    globalKnownHostsFiles: defaults.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts'],
    hostKeyChecking: asBoolean(vars.ansible_host_key_checking ?? vars.ansible_ssh_host_key_checking),
    acceptNewHostKeys: defaults.acceptNewHostKeys ?? false,
    connectTimeoutMs: timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    defaultConnectTimeoutMs: defaults.connectTimeoutMs,
  };
}

function portOf(hostName: string, vars: Record<string, unknown>): number | undefined {
  const value = vars.ansible_port ?? vars.ansible_ssh_port;
  if (value === undefined || value === null) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`${hostName}: ansible_port should be an integer from 1 to 65535, got ${String(value)}`);
  }
  return port;
}

/** ansible_ssh_common_args then ansible_ssh_extra_args, with relative files made absolute. */
function sshArgsOf(vars: Record<string, unknown>, baseDir: string): SshArgs {
  const text = [asString(vars.ansible_ssh_common_args), asString(vars.ansible_ssh_extra_args)].filter(Boolean).join(' ');
  const args = parseSshArgs(text);
  const absolute = (files: string[] | undefined) => files?.map((f) => f.split(/\s+/).map((p) => (p.toLowerCase() === 'none' ? p : expandPath(p, baseDir))).join(' '));
  args.identityFiles = args.identityFiles.map((f) => expandPath(f, baseDir));
  for (const name of ['identityfile', 'userknownhostsfile', 'globalknownhostsfile']) {
    const files = absolute(args.options.get(name));
    if (files) args.options.set(name, files);
  }
  return args;
}

/** The connection options of the command line (playbook runs and adhoc). */
export interface CommandLineConnection {
  become?: boolean;
  becomeUser?: string;
  askPass?: boolean;
  askBecomePass?: boolean;
  acceptNewHostKeys?: boolean;
}

export interface CommandLineSettings {
  /** Fields to add to ConnectionDefaults. */
  defaults: Pick<ConnectionDefaults, 'password' | 'becomePassword' | 'acceptNewHostKeys'>;
  /**
   * -b and --become-user as variables below every inventory variable: as in
   * Ansible, an inventory's ansible_become and a play's or task's `become`
   * keyword override the command line.
   */
  becomeVars: Record<string, unknown>;
}

/** Reads -b, --become-user, -k, -K and --accept-new-host-keys, asking for the passwords once, before any host is contacted. */
export async function commandLineConnection(options: CommandLineConnection): Promise<CommandLineSettings> {
  const { askRunSecrets } = await import('../connection/prompts.js');
  const secrets = await askRunSecrets(options);
  const becomeVars: Record<string, unknown> = {};
  if (options.become) becomeVars.ansible_become = true;
  if (options.becomeUser) becomeVars.ansible_become_user = options.becomeUser;
  return { defaults: { ...secrets, acceptNewHostKeys: options.acceptNewHostKeys }, becomeVars };
}
