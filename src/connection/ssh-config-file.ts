/**
 * The settings ~/.ssh/config gives one host, read with the ssh-config
 * package (OpenSSH's rules: the first value obtained wins, Host patterns
 * with `*`, `?` and `!`, Match blocks). skprun uses HostName, User, Port,
 * IdentityFile, IdentitiesOnly, IdentityAgent, ProxyJump, ProxyCommand (the
 * `ssh -W` form), ServerAliveInterval, ServerAliveCountMax, ConnectTimeout,
 * UserKnownHostsFile, StrictHostKeyChecking and HashKnownHosts.
 *
 * NOTE: Include lines are not followed (ssh-config 5.3 does not read the
 * included files), so settings kept in included files are not used.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

export interface SshConfigSettings {
  hostName?: string;
  user?: string;
  port?: string;
  identityFiles: string[];
  identitiesOnly?: string;
  identityAgent?: string;
  proxyJump?: string;
  proxyCommand?: string;
  serverAliveInterval?: string;
  serverAliveCountMax?: string;
  connectTimeout?: string;
  userKnownHostsFiles: string[];
  strictHostKeyChecking?: string;
  hashKnownHosts?: string;
}

export function defaultSshConfigFile(): string {
  return join(homedir(), '.ssh', 'config');
}

const parsed = new Map<string, { mtimeMs: number; config: SSHConfig | undefined }>();

/** Parses the file once per change; a missing file is no config. */
function loadConfig(file: string): SSHConfig | undefined {
  const mtimeMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtimeMs === undefined) return undefined;
  const cached = parsed.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.config;
  const config = SSHConfig.parse(readFileSync(file, 'utf8'));
  parsed.set(file, { mtimeMs, config });
  return config;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Looks `host` (the name given to ssh: ansible_host, or the inventory name)
 * up in `file`. Tokens (%h, %p, %r, %u, %d, %%) and a leading `~` are
 * expanded where OpenSSH expands them.
 */
export function sshConfigFor(file: string, host: string): SshConfigSettings {
  const config = loadConfig(file);
  // Match exec is not evaluated: a config is data here, and running its commands is not skprun's to do.
  const computed = config ? config.compute(host, { ignoreCase: true, matchExec: false }) : {};
  const user = first(computed.user);
  const port = first(computed.port);
  const tokens = { host, user, port };
  const hostName = first(computed.hostname);
  return {
    hostName: hostName === undefined ? undefined : expandTokens(hostName, tokens),
    user,
    port,
    identityFiles: all(computed.identityfile).map((f) => expandPath(expandTokens(f, tokens))),
    identitiesOnly: first(computed.identitiesonly),
    identityAgent: mapDefined(first(computed.identityagent), (a) => (a.toLowerCase() === 'none' ? a : expandPath(expandTokens(a, tokens)))),
    proxyJump: first(computed.proxyjump),
    proxyCommand: first(computed.proxycommand),
    serverAliveInterval: first(computed.serveraliveinterval),
    serverAliveCountMax: first(computed.serveralivecountmax),
    connectTimeout: first(computed.connecttimeout),
    userKnownHostsFiles: all(computed.userknownhostsfile).flatMap((f) => f.split(/\s+/)).map((f) => expandPath(expandTokens(f, tokens))),
    strictHostKeyChecking: first(computed.stricthostkeychecking),
    hashKnownHosts: first(computed.hashknownhosts),
  };
}

function mapDefined<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value);
}

function expandTokens(text: string, tokens: { host: string; user?: string; port?: string }): string {
  return text.replace(/%([%hprud])/g, (_, token: string) => {
    if (token === '%') return '%';
    if (token === 'h') return tokens.host;
    if (token === 'p') return tokens.port ?? '22';
    if (token === 'r') return tokens.user ?? userInfo().username;
    if (token === 'u') return userInfo().username;
    return homedir();
  });
}

/** Expands a leading `~`; other paths stay as written (relative ones start in the current folder). */
function expandPath(path: string): string {
  if (path === '~') return homedir();
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}
