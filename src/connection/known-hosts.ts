/**
 * Host key checking against OpenSSH known_hosts files: plain and hashed
 * (`|1|salt|hash`) host entries, `[host]:port` entries, and `@revoked`
 * markers. Pure: the caller reads the files.
 */
import { createHmac } from 'node:crypto';

export interface KnownHostEntry {
  file: string;
  line: number;
  hostPatterns: string;
  keyType: string;
  keyBase64: string;
  revoked: boolean;
}

export type HostKeyVerdict =
  | { kind: 'match'; entry: KnownHostEntry }
  | { kind: 'unknown' }
  | { kind: 'changed'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry };

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0].startsWith('@')) {
      revoked = fields[0] === '@revoked';
      fields.shift();
    }
    if (fields.length < 3) return;
    entries.push({
      file,
      line: index + 1,
      hostPatterns: fields[0],
      keyType: fields[1],
      keyBase64: fields[2],
      revoked,
    });
  });
  return entries;
}

/** The name OpenSSH looks up: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function matchesHashed(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether an entry's host field names this host (negations honoured). */
export function entryMatchesHost(hostPatterns: string, name: string): boolean {
  if (hostPatterns.startsWith('|1|')) return matchesHashed(hostPatterns, name);
  let matched = false;
  for (const pattern of hostPatterns.split(',')) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (!globToRegExp(glob).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/**
 * Decides whether the key a server presented is the one on record. A key of
 * another type than any recorded one is "unknown", as in OpenSSH; a key of a
 * recorded type with other bytes is "changed".
 */
export function verifyHostKey(
  entries: KnownHostEntry[],
  name: string,
  keyType: string,
  keyBase64: string,
): HostKeyVerdict {
  const forHost = entries.filter((e) => entryMatchesHost(e.hostPatterns, name));
  const revoked = forHost.find((e) => e.revoked && e.keyBase64 === keyBase64);
  if (revoked) return { kind: 'revoked', entry: revoked };

  const valid = forHost.filter((e) => !e.revoked);
  const match = valid.find((e) => e.keyBase64 === keyBase64);
  if (match) return { kind: 'match', entry: match };

  const sameType = valid.find((e) => e.keyType === keyType);
  if (sameType) return { kind: 'changed', entry: sameType };
  return { kind: 'unknown' };
}
