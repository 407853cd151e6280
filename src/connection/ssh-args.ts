/**
 * Reads the OpenSSH command-line arguments that inventories carry in
 * ansible_ssh_common_args and ansible_ssh_extra_args (`-o Key=Value`, `-J`,
 * `-i`, `-p`, `-l`, `-F`). Options that skprun cannot honour are rejected
 * by name rather than ignored, because each changes how ssh would connect.
 */
import { splitShellWords } from '../inventory/shell-words.js';

export interface SshArgs {
  /** `-o` options by lower-case name; a repeated option keeps every value. */
  options: Map<string, string[]>;
  identityFiles: string[];
  port?: string;
  user?: string;
  /** `-J` jump hosts, as written. */
  jump?: string;
  /** `-F` config file. */
  configFile?: string;
}

/** Options skprun acts on (see connection-options.ts). */
export const HONOURED_OPTIONS = [
  'connecttimeout', 'hashknownhosts', 'hostname', 'identitiesonly', 'identityagent', 'identityfile',
  'port', 'proxycommand', 'proxyjump', 'serveralivecountmax', 'serveraliveinterval',
  'stricthostkeychecking', 'user', 'userknownhostsfile', 'globalknownhostsfile',
];

/**
 * Options with nothing to do here: connection sharing (skprun keeps one
 * connection per host anyway), logging, and settings that match its behaviour.
 */
const HARMLESS_OPTIONS = [
  'controlmaster', 'controlpath', 'controlpersist', 'loglevel', 'compression', 'tcpkeepalive',
  'batchmode', 'forwardx11', 'forwardx11trusted', 'preferredauthentications', 'pubkeyauthentication',
  'passwordauthentication', 'kbdinteractiveauthentication', 'gssapiauthentication', 'checkhostip',
  'addkeystoagent', 'requesttty', 'visualhostkey', 'updatehostkeys', 'connectionattempts',
];

/** Flags without a value that change nothing for skprun: quiet, verbose, compression, no tty, IPv4. */
const HARMLESS_FLAGS = new Set(['-q', '-v', '-vv', '-vvv', '-C', '-T', '-4', '-n', '-x']);

export class SshArgsError extends Error {}

export function parseSshArgs(text: string): SshArgs {
  const words = splitShellWords(text).map((word) => word.text);
  const parsed: SshArgs = { options: new Map(), identityFiles: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const flag = /^-[oiplJF]/.test(word) ? word.slice(0, 2) : undefined;
    if (!flag) {
      if (HARMLESS_FLAGS.has(word)) continue;
      throw new SshArgsError(`ssh argument ${word} is not supported (supported: -o, -i, -p, -l, -J, -F, -q, -v, -C)`);
    }
    const value = word.length > 2 ? word.slice(2) : words[++i];
    if (value === undefined) throw new SshArgsError(`ssh argument ${flag} needs a value`);
    applyFlag(parsed, flag, value);
  }
  return parsed;
}

function applyFlag(parsed: SshArgs, flag: string, value: string): void {
  if (flag === '-o') return addOption(parsed, value);
  if (flag === '-i') parsed.identityFiles.push(value);
  else if (flag === '-p') parsed.port = value;
  else if (flag === '-l') parsed.user = value;
  else if (flag === '-J') parsed.jump = value;
  else parsed.configFile = value;
}

function addOption(parsed: SshArgs, pair: string): void {
  const match = /^([A-Za-z0-9]+)(?:\s*=\s*|\s+)(.*)$/s.exec(pair.trim());
  if (!match) throw new SshArgsError(`ssh option "${pair}" should read Name=value`);
  const name = match[1].toLowerCase();
  if (HARMLESS_OPTIONS.includes(name)) return;
  if (!HONOURED_OPTIONS.includes(name)) {
    throw new SshArgsError(`ssh option ${match[1]} is not supported; skprun honours ${HONOURED_OPTIONS.join(', ')}`);
  }
  parsed.options.set(name, [...(parsed.options.get(name) ?? []), match[2]]);
}

/** Returns the first value of an option, which is the one OpenSSH uses. */
export function firstOption(args: SshArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/**
 * Reads a ProxyCommand of the form `ssh [-p PORT] [-l USER] [-i KEY] -W %h:%p
 * [USER@]HOST`, the way Ansible documentation writes jump hosts, into a
 * ProxyJump spec (`USER@HOST:PORT`). Any other proxy command is rejected.
 */
export function proxyCommandToJump(command: string): { jump: string; identityFiles: string[] } {
  const words = splitShellWords(command).map((word) => word.text);
  const reject = () =>
    new SshArgsError(`ProxyCommand "${command}" is not supported: only "ssh -W %h:%p [USER@]HOST" is; use ProxyJump`);
  if (words[0] !== 'ssh' && !words[0]?.endsWith('/ssh')) throw reject();

  let forward: string | undefined;
  const positional: string[] = [];
  const inner: SshArgs = { options: new Map(), identityFiles: [] };
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '-W') forward = words[++i];
    else if (/^-[oiplJF]/.test(word)) applyFlag(inner, word.slice(0, 2), word.length > 2 ? word.slice(2) : words[++i]);
    else if (word.startsWith('-')) continue;
    else positional.push(word);
  }
  if (forward !== '%h:%p' || positional.length !== 1) throw reject();
  const user = inner.user ? `${inner.user}@` : '';
  const port = inner.port ? `:${inner.port}` : '';
  const host = positional[0].includes('@') && user ? positional[0].split('@')[1] : positional[0];
  return { jump: `${user}${host}${port}`, identityFiles: inner.identityFiles };
}
