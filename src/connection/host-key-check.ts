/**
 * Checks the key a server presents against known_hosts files during the
 * handshake, and with accept-new records the key of a host that no file
 * lists. A changed key is always rejected, naming the file and line that
 * disagree.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { entryMatchesHost, knownHostsName, parseKnownHosts, verifyHostKey, type HostKeyVerdict, type KnownHostEntry } from './known-hosts.js';
import type { SshEndpoint } from './ssh-target.js';

/** ssh2's host key algorithms, in OpenSSH's order of preference. */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

export interface HostKeyCheck {
  /** ssh2's hostVerifier in its callback form. */
  verify: (key: Buffer, done: (accepted: boolean) => void) => void;
  /** Returns the reason the server's key was rejected, once it was. */
  problem: () => string | undefined;
  /**
   * Host key algorithms with the recorded types first, so that a server
   * with several keys presents one that known_hosts lists, as OpenSSH does.
   */
  algorithms: string[];
}

/** Reads the key type from an SSH wire-format public key blob. */
export function keyTypeOf(blob: Buffer): string {
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('ascii');
}

/** Returns the fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** `ED25519`, `ECDSA`, `RSA`: the key family as OpenSSH names it in prompts. */
export function keyFamily(keyType: string): string {
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  return keyType.replace(/^ssh-/, '').replace(/@.*$/, '').toUpperCase();
}

async function loadKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    entries.push(...parseKnownHosts(text, file));
  }
  return entries;
}

function preferredAlgorithms(entries: KnownHostEntry[], name: string): string[] {
  const recorded = entries.filter((e) => !e.revoked && entryMatchesHost(e.hostPatterns, name)).map((e) => e.keyType);
  const expanded = recorded.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
  const first = HOST_KEY_ALGORITHMS.filter((algorithm) => expanded.includes(algorithm));
  return [...first, ...HOST_KEY_ALGORITHMS.filter((algorithm) => !first.includes(algorithm))];
}

export async function prepareHostKeyCheck(endpoint: SshEndpoint): Promise<HostKeyCheck> {
  const name = knownHostsName(endpoint.address, endpoint.port);
  if (!endpoint.hostKeyChecking) {
    return { verify: (_key, done) => done(true), problem: () => undefined, algorithms: HOST_KEY_ALGORITHMS };
  }
  const entries = await loadKnownHosts(endpoint.knownHostsFiles);
  let problem: string | undefined;

  const verify = (blob: Buffer, done: (accepted: boolean) => void) => {
    const keyType = keyTypeOf(blob);
    const verdict = verifyHostKey(entries, name, keyType, blob.toString('base64'));
    if (verdict.kind === 'match') return done(true);
    if (verdict.kind === 'unknown' && endpoint.acceptNewHostKeys) {
      recordHostKey(endpoint, name, blob).then(
        () => done(true),
        (error: Error) => {
          problem = `cannot record the host key of ${name}: ${error.message}`;
          done(false);
        },
      );
      return;
    }
    problem = describeRejection(verdict, endpoint, name, blob);
    done(false);
  };
  return { verify, problem: () => problem, algorithms: preferredAlgorithms(entries, name) };
}

/** Returns the file that accept-new appends to. */
export function recordFileOf(endpoint: SshEndpoint): string | undefined {
  return endpoint.knownHostsRecordFile ?? endpoint.knownHostsFiles[0];
}

// Keys recorded by this process, so that two connections to one host (a
// jump host shared by several targets) do not append it twice.
const recorded = new Set<string>();

async function recordHostKey(endpoint: SshEndpoint, name: string, blob: Buffer): Promise<void> {
  const file = recordFileOf(endpoint);
  if (!file) throw new Error('no known_hosts file is configured');
  const line = `${endpoint.hashKnownHosts ? hashedName(name) : name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
  const id = `${file}\0${name}\0${blob.toString('base64')}`;
  if (recorded.has(id)) return;
  recorded.add(id);
  // OpenSSH keeps ~/.ssh private; a new folder gets the same mode.
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, line, { mode: 0o600 });
}

/** `|1|salt|hash`, the form OpenSSH writes with HashKnownHosts yes. */
export function hashedName(name: string): string {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

function describeRejection(verdict: HostKeyVerdict, endpoint: SshEndpoint, name: string, blob: Buffer): string {
  const keyType = keyTypeOf(blob);
  const fingerprint = `${keyFamily(keyType)} key fingerprint is ${fingerprintOf(blob)}`;
  if (verdict.kind === 'changed') {
    return (
      `WARNING: the host key of ${name} has CHANGED: the server sent another ${keyType} key than ` +
      `${verdict.entry.file}:${verdict.entry.line} records (${fingerprint}). Someone may be ` +
      'intercepting the connection, or the host was reinstalled: check with its administrator, ' +
      `then remove line ${verdict.entry.line} of ${verdict.entry.file}. The key is rejected, ` +
      'even with --accept-new-host-keys'
    );
  }
  if (verdict.kind === 'revoked') {
    return `the host key of ${name} is marked @revoked in ${verdict.entry.file}:${verdict.entry.line} (${fingerprint})`;
  }
  const files = endpoint.knownHostsFiles.length > 0 ? endpoint.knownHostsFiles.join(', ') : 'no known_hosts file';
  const target = recordFileOf(endpoint) ?? '~/.ssh/known_hosts';
  return (
    `the host key of ${name} is not known: it is in none of ${files}. ${fingerprint}. ` +
    `Check the fingerprint with the host's administrator, then run again with --accept-new-host-keys ` +
    `to record it in ${target}`
  );
}
