import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprintOf, keyFamily, prepareHostKeyCheck, type HostKeyCheck } from '../../src/connection/host-key-check.js';
import { entryMatchesHost } from '../../src/connection/known-hosts.js';
import type { SshEndpoint } from '../../src/connection/ssh-target.js';

/** Makes a host key with ssh-keygen and returns its public key line and blob. */
function makeKey(dir: string, name: string, type = 'ed25519'): { line: string; blob: Buffer; file: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  return { line, blob: Buffer.from(line.split(' ')[1], 'base64'), file: `${file}.pub` };
}

function verify(check: HostKeyCheck, blob: Buffer): Promise<boolean> {
  return new Promise((resolve) => check.verify(blob, resolve));
}

describe('prepareHostKeyCheck', () => {
  let dir: string;
  let endpoint: SshEndpoint;
  let known: string;
  let key: ReturnType<typeof makeKey>;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-host-keys-'));
    known = path.join(dir, 'known_hosts');
    key = makeKey(dir, 'host');
    endpoint = {
      hostName: 'c01', address: '127.0.0.51', port: 2222, user: 'root',
      knownHostsFiles: [known], hostKeyChecking: true, connectTimeoutMs: 1000,
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the SHA256 fingerprint as ssh-keygen -l does', () => {
    const expected = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', key.file], { encoding: 'utf8' }).split(' ')[1];
    expect(fingerprintOf(key.blob)).to.equal(expected);
    expect(keyFamily('ssh-ed25519')).to.equal('ED25519');
    expect(keyFamily('ecdsa-sha2-nistp256')).to.equal('ECDSA');
  });

  it('accepts a key recorded under [host]:port', async () => {
    writeFileSync(known, `[127.0.0.51]:2222 ${key.line}\n`);
    expect(await verify(await prepareHostKeyCheck(endpoint), key.blob)).to.equal(true);
  });

  it('rejects an unknown host with its fingerprint and the way to accept it', async () => {
    const check = await prepareHostKeyCheck(endpoint);
    expect(await verify(check, key.blob)).to.equal(false);
    expect(check.problem()).to.contain(`ED25519 key fingerprint is ${fingerprintOf(key.blob)}`);
    expect(check.problem()).to.contain(`--accept-new-host-keys to record it in ${known}`);
  });

  it('records an unknown key with accept-new, hashed when asked', async () => {
    const check = await prepareHostKeyCheck({ ...endpoint, acceptNewHostKeys: true, hashKnownHosts: true });
    expect(await verify(check, key.blob)).to.equal(true);
    const [name, type, base64] = readFileSync(known, 'utf8').trim().split(' ');
    expect(entryMatchesHost(name, '[127.0.0.51]:2222')).to.equal(true);
    expect(`${type} ${base64}`).to.equal(key.line.split(' ').slice(0, 2).join(' '));
    expect(await verify(await prepareHostKeyCheck(endpoint), key.blob)).to.equal(true);
  });

  it('rejects a changed key even with accept-new, naming the line', async () => {
    const other = makeKey(dir, 'other');
    writeFileSync(known, `# first line\n[127.0.0.51]:2222 ${other.line}\n`);
    const check = await prepareHostKeyCheck({ ...endpoint, acceptNewHostKeys: true });
    expect(await verify(check, key.blob)).to.equal(false);
    expect(check.problem()).to.contain(`has CHANGED`);
    expect(check.problem()).to.contain(`${known}:2 records`);
    expect(readFileSync(known, 'utf8')).to.not.contain(key.line.split(' ')[1]);
  });

  it('offers recorded key types first', async () => {
    const rsa = makeKey(dir, 'rsa', 'rsa');
    writeFileSync(known, `[127.0.0.51]:2222 ${rsa.line}\n`);
    const check = await prepareHostKeyCheck(endpoint);
    expect(check.algorithms.slice(0, 3)).to.deep.equal(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });
});
