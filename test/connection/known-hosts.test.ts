import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { entryMatchesHost, knownHostsName, parseKnownHosts, verifyHostKey } from '../../src/connection/known-hosts.js';

const KEY_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIKeyA';
const KEY_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIKeyB';

function hashedName(name: string): string {
  const salt = Buffer.from('0123456789abcdefghij');
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

describe('known_hosts', () => {
  it('names hosts off port 22 in brackets', () => {
    expect(knownHostsName('127.0.0.51', 22)).to.equal('127.0.0.51');
    expect(knownHostsName('127.0.0.51', 2222)).to.equal('[127.0.0.51]:2222');
  });

  it('parses entries with their line numbers', () => {
    const entries = parseKnownHosts(`# comment\n\n127.0.0.51 ssh-ed25519 ${KEY_A}\n@revoked * ssh-ed25519 ${KEY_B}\n`, 'kh');
    expect(entries).to.have.length(2);
    expect(entries[0]).to.include({ line: 3, hostPatterns: '127.0.0.51', keyType: 'ssh-ed25519', revoked: false });
    expect(entries[1]).to.include({ line: 4, revoked: true });
  });

  it('matches plain, glob, negated and hashed host fields', () => {
    expect(entryMatchesHost('c01,127.0.0.51', '127.0.0.51')).to.equal(true);
    expect(entryMatchesHost('127.0.0.*', '127.0.0.52')).to.equal(true);
    expect(entryMatchesHost('127.0.0.*,!127.0.0.52', '127.0.0.52')).to.equal(false);
    expect(entryMatchesHost(hashedName('[127.0.0.51]:2222'), '[127.0.0.51]:2222')).to.equal(true);
    expect(entryMatchesHost(hashedName('127.0.0.51'), '127.0.0.52')).to.equal(false);
  });

  it('accepts the recorded key', () => {
    const entries = parseKnownHosts(`127.0.0.51 ssh-ed25519 ${KEY_A}`, 'kh');
    expect(verifyHostKey(entries, '127.0.0.51', 'ssh-ed25519', KEY_A).kind).to.equal('match');
  });

  it('reports another key of a recorded type as changed, with its line', () => {
    const entries = parseKnownHosts(`\n127.0.0.51 ssh-ed25519 ${KEY_A}`, 'kh');
    const verdict = verifyHostKey(entries, '127.0.0.51', 'ssh-ed25519', KEY_B);
    expect(verdict.kind).to.equal('changed');
    expect(verdict.kind === 'changed' && verdict.entry.line).to.equal(2);
  });

  it('reports a host with no entry as unknown', () => {
    const entries = parseKnownHosts(`127.0.0.51 ssh-ed25519 ${KEY_A}`, 'kh');
    expect(verifyHostKey(entries, '127.0.0.52', 'ssh-ed25519', KEY_A).kind).to.equal('unknown');
  });

  it('rejects a revoked key even when another entry lists it', () => {
    const entries = parseKnownHosts(`127.0.0.51 ssh-ed25519 ${KEY_A}\n@revoked 127.0.0.51 ssh-ed25519 ${KEY_A}`, 'kh');
    expect(verifyHostKey(entries, '127.0.0.51', 'ssh-ed25519', KEY_A).kind).to.equal('revoked');
  });
});
