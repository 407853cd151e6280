/**
 * Works out how to reach one host from what Ansible hands OpenSSH (the
 * destination, `-o User=`, `-o Port=`, the key, the common args) and what
 * ~/.ssh/config sets, with OpenSSH's rule that the command line comes
 * before the config file. Jump hosts are resolved the same way, each
 * through its own config entry. Pure apart from reading the config file.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { firstOption, proxyCommandToJump, SshArgsError, type SshArgs } from './ssh-args.js';
import { sshConfigFor, type SshConfigSettings } from './ssh-config-file.js';
import type { SshEndpoint } from './ssh-target.js';

export interface EndpointRequest {
  /** The inventory name, for messages. */
  hostName: string;
  /** Destination given to ssh: ansible_host, or the inventory name. */
  destination: string;
  /** From the inventory or the command line: these come before ssh_args and the config. */
  port?: number;
  user?: string;
  keyFiles: string[];
  password?: string;
  passphrase?: string;
  args: SshArgs;
  /** The ssh config file to read; null reads none. */
  configFile: string | null;
  /** known_hosts files the inventory names, checked first. */
  knownHostsFiles: string[];
  /** The user's own known_hosts file, when the config names none. */
  userKnownHostsFile: string;
  globalKnownHostsFiles: string[];
  /** ansible_host_key_checking, above StrictHostKeyChecking. */
  hostKeyChecking?: boolean;
  acceptNewHostKeys: boolean;
  /** ansible_ssh_timeout, above ConnectTimeout. */
  connectTimeoutMs?: number;
  defaultConnectTimeoutMs: number;
}

export interface ResolvedEndpoints {
  target: SshEndpoint;
  jumpHosts: SshEndpoint[];
}

const MAX_JUMP_DEPTH = 8;

export function defaultUserKnownHostsFile(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

export function resolveEndpoints(request: EndpointRequest): ResolvedEndpoints {
  const config = request.configFile ? sshConfigFor(request.configFile, request.destination) : emptySettings();
  const target = targetEndpoint(request, config);
  const jumpSpec = jumpSpecOf(request.args, config);
  const jumpHosts = jumpSpec ? resolveJumps(jumpSpec.jump, request, target, jumpSpec.identityFiles, 0) : [];
  return { target, jumpHosts };
}

function emptySettings(): SshConfigSettings {
  return { identityFiles: [], userKnownHostsFiles: [] };
}

function targetEndpoint(request: EndpointRequest, config: SshConfigSettings): SshEndpoint {
  const { args } = request;
  const known = knownHostsOf(request, config);
  const strict = firstOption(args, 'stricthostkeychecking') ?? config.strictHostKeyChecking;
  return {
    hostName: request.hostName,
    address: firstOption(args, 'hostname') ?? config.hostName ?? request.destination,
    port: request.port ?? portOf(args.port ?? firstOption(args, 'port') ?? config.port, request.hostName),
    user: request.user ?? args.user ?? firstOption(args, 'user') ?? config.user ?? userInfo().username,
    privateKeyFile: request.keyFiles[0],
    identityFiles: unique([...request.keyFiles.slice(1), ...args.identityFiles, ...(args.options.get('identityfile') ?? []), ...config.identityFiles]),
    identitiesOnly: isYes(firstOption(args, 'identitiesonly') ?? config.identitiesOnly),
    password: request.password,
    privateKeyPassphrase: request.passphrase,
    agentSocket: agentOf(firstOption(args, 'identityagent') ?? config.identityAgent),
    knownHostsFiles: known.files,
    knownHostsRecordFile: known.recordFile,
    hostKeyChecking: request.hostKeyChecking ?? !['no', 'off'].includes(strict?.toLowerCase() ?? ''),
    acceptNewHostKeys: request.acceptNewHostKeys || strict?.toLowerCase() === 'accept-new',
    hashKnownHosts: isYes(firstOption(args, 'hashknownhosts') ?? config.hashKnownHosts),
    connectTimeoutMs: request.connectTimeoutMs ?? secondsOf(firstOption(args, 'connecttimeout') ?? config.connectTimeout) ?? request.defaultConnectTimeoutMs,
    keepaliveIntervalMs: secondsOf(firstOption(args, 'serveraliveinterval') ?? config.serverAliveInterval) ?? 0,
    keepaliveCountMax: Number(firstOption(args, 'serveralivecountmax') ?? config.serverAliveCountMax ?? 3),
  };
}

/**
 * Lists the files to check: those the inventory names, then the user's (from the
 * config, else ~/.ssh/known_hosts), then the global ones. New keys go to the
 * first file the inventory names, else to the user's.
 */
function knownHostsOf(request: EndpointRequest, config: SshConfigSettings): { files: string[]; recordFile: string } {
  const named = [...request.knownHostsFiles, ...(request.args.options.get('userknownhostsfile') ?? []).flatMap((f) => f.split(/\s+/))];
  const user = config.userKnownHostsFiles.length > 0 ? config.userKnownHostsFiles : [request.userKnownHostsFile];
  const global = request.args.options.get('globalknownhostsfile')?.flatMap((f) => f.split(/\s+/)) ?? request.globalKnownHostsFiles;
  const files = unique([...named, ...user, ...global]).filter((file) => file.toLowerCase() !== 'none');
  return { files, recordFile: named[0] ?? user[0] };
}

function jumpSpecOf(args: SshArgs, config: SshConfigSettings): { jump: string; identityFiles: string[] } | undefined {
  const jump = args.jump ?? firstOption(args, 'proxyjump');
  const command = firstOption(args, 'proxycommand');
  if (jump !== undefined) return isNone(jump) ? undefined : { jump, identityFiles: [] };
  if (command !== undefined) return isNone(command) ? undefined : proxyCommandToJump(command);
  if (config.proxyJump !== undefined) return isNone(config.proxyJump) ? undefined : { jump: config.proxyJump, identityFiles: [] };
  if (config.proxyCommand !== undefined) return isNone(config.proxyCommand) ? undefined : proxyCommandToJump(config.proxyCommand);
  return undefined;
}

/**
 * Resolves `a,b,c` (each `[user@]host[:port]` or `ssh://user@host:port`)
 * into endpoints, first hop first. A hop with its own ProxyJump in the
 * config is reached through those hops first.
 */
function resolveJumps(spec: string, request: EndpointRequest, target: SshEndpoint, keys: string[], depth: number): SshEndpoint[] {
  if (depth > MAX_JUMP_DEPTH) throw new SshArgsError(`${request.hostName}: ProxyJump chains more than ${MAX_JUMP_DEPTH} levels deep (a loop?)`);
  const hops: SshEndpoint[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const hop = parseJumpSpec(part, request.hostName);
    const config = request.configFile ? sshConfigFor(request.configFile, hop.host) : emptySettings();
    if (config.proxyJump && !isNone(config.proxyJump) && hops.length === 0) {
      hops.push(...resolveJumps(config.proxyJump, request, target, [], depth + 1));
    }
    hops.push(jumpEndpoint(hop, config, target, keys));
  }
  return hops;
}

function jumpEndpoint(hop: { user?: string; host: string; port?: string }, config: SshConfigSettings, target: SshEndpoint, keys: string[]): SshEndpoint {
  // The target's own key is a fallback: bastions often take the same key. Its password is not sent.
  const targetKeys = [target.privateKeyFile, ...(target.identityFiles ?? [])].filter((f): f is string => Boolean(f));
  return {
    hostName: hop.host,
    address: config.hostName ?? hop.host,
    port: portOf(hop.port ?? config.port, hop.host),
    user: hop.user ?? config.user ?? userInfo().username,
    identityFiles: unique([...keys, ...config.identityFiles, ...targetKeys]),
    identitiesOnly: isYes(config.identitiesOnly) || target.identitiesOnly,
    privateKeyPassphrase: target.privateKeyPassphrase,
    agentSocket: config.identityAgent !== undefined ? agentOf(config.identityAgent) : target.agentSocket,
    knownHostsFiles: target.knownHostsFiles,
    knownHostsRecordFile: target.knownHostsRecordFile,
    hostKeyChecking: target.hostKeyChecking,
    acceptNewHostKeys: target.acceptNewHostKeys,
    hashKnownHosts: target.hashKnownHosts,
    connectTimeoutMs: secondsOf(config.connectTimeout) ?? target.connectTimeoutMs,
    keepaliveIntervalMs: secondsOf(config.serverAliveInterval) ?? target.keepaliveIntervalMs,
    keepaliveCountMax: target.keepaliveCountMax,
  };
}

export function parseJumpSpec(spec: string, hostName: string): { user?: string; host: string; port?: string } {
  const text = spec.replace(/^ssh:\/\//, '');
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@]+)(?::(\d+))?$/.exec(text);
  if (!match) throw new SshArgsError(`${hostName}: jump host "${spec}" should read [user@]host[:port]`);
  return { user: match[1], host: match[2].replace(/^\[|\]$/g, ''), port: match[3] };
}

function portOf(value: string | undefined, hostName: string): number {
  if (value === undefined) return 22;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SshArgsError(`${hostName}: ssh port should be an integer from 1 to 65535, got ${value}`);
  }
  return port;
}

function secondsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function agentOf(value: string | undefined): string | null | undefined {
  if (value === undefined || value === 'SSH_AUTH_SOCK') return undefined;
  return isNone(value) ? null : value;
}

function isYes(value: string | undefined): boolean {
  return value?.toLowerCase() === 'yes';
}

function isNone(value: string): boolean {
  return value.trim().toLowerCase() === 'none';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
