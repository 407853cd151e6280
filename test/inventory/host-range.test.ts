import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, InputErrors } from '../../src/errors.js';
import { HostRangeError, MAX_RANGE_HOSTS, parseHostEntry } from '../../src/inventory/host-range.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';

describe('parseHostEntry', () => {
  it('keeps a plain name', () => {
    expect(parseHostEntry('web01')).to.deep.equal({ names: ['web01'], port: undefined });
  });

  it('pads numeric ranges to the width of the begin', () => {
    expect(parseHostEntry('c[01:03]').names).to.deep.equal(['c01', 'c02', 'c03']);
    expect(parseHostEntry('c[8:10]').names).to.deep.equal(['c8', 'c9', 'c10']);
    expect(parseHostEntry('c[:2]').names).to.deep.equal(['c0', 'c1', 'c2']);
  });

  it('expands letters, steps and several ranges', () => {
    expect(parseHostEntry('node[a:c]').names).to.deep.equal(['nodea', 'nodeb', 'nodec']);
    expect(parseHostEntry('w[1:10:4]').names).to.deep.equal(['w1', 'w5', 'w9']);
    expect(parseHostEntry('r[1:2]-n[a:b].lan').names).to.deep.equal(['r1-na.lan', 'r1-nb.lan', 'r2-na.lan', 'r2-nb.lan']);
  });

  it('splits a port off names, ranges and IPv6 addresses', () => {
    expect(parseHostEntry('db:2222')).to.deep.equal({ names: ['db'], port: 2222 });
    expect(parseHostEntry('c[1:2]:2200')).to.deep.equal({ names: ['c1', 'c2'], port: 2200 });
    expect(parseHostEntry('[fe80::1]:22')).to.deep.equal({ names: ['fe80::1'], port: 22 });
    expect(parseHostEntry('fe80::1')).to.deep.equal({ names: ['fe80::1'], port: undefined });
  });

  it('rejects malformed ranges', () => {
    expect(() => parseHostEntry('c[3:1]')).to.throw(HostRangeError, 'host range in "c[3:1]" begins after it ends');
    expect(() => parseHostEntry('c[1:]')).to.throw(HostRangeError, 'invalid host range in "c[1:]": write [begin:end] or [begin:end:step]');
    expect(() => parseHostEntry('c[a:5]')).to.throw(HostRangeError, 'host range in "c[a:5]" mixes letters and digits or uses several letters');
    expect(() => parseHostEntry('c[1:5:0]')).to.throw(HostRangeError, 'host range in "c[1:5:0]" needs a step of at least 1');
  });
});

describe('parseHostEntry size limit', () => {
  it('rejects a range past the limit before expanding it', () => {
    expect(() => parseHostEntry('c[1:99999999]')).to.throw(
      HostRangeError,
      `host range in "c[1:99999999]" expands to 99999999 hosts, more than the limit of ${MAX_RANGE_HOSTS} for one entry`,
    );
  });

  it('multiplies the sizes of several ranges', () => {
    expect(() => parseHostEntry('r[1:1000]-n[1:1000]')).to.throw(HostRangeError, /expands to 1000000 hosts/);
  });

  it('counts a step and letters', () => {
    expect(() => parseHostEntry('c[0:10000000:100]')).to.throw(HostRangeError, /expands to 100001 hosts/);
    expect(parseHostEntry('c[a:Z]-[1:1000]').names).to.have.length(52_000);
  });

  it('expands a range of exactly the limit', () => {
    expect(parseHostEntry(`c[1:${MAX_RANGE_HOSTS}]`).names).to.have.length(MAX_RANGE_HOSTS);
  });
});

describe('inventory host range limit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-range-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function loadMessages(name: string, text: string): Promise<string[]> {
    const file = join(dir, name);
    writeFileSync(file, text);
    try {
      await loadInventory([file]);
    } catch (error) {
      if (error instanceof InputErrors) return error.errors.map((e) => e.message);
      if (error instanceof InputError) return [error.message];
      throw error;
    }
    throw new Error(`${file} loaded without errors`);
  }

  it('names the YAML entry and the limit', async () => {
    const messages = await loadMessages('hosts.yml', 'all:\n  hosts:\n    c[1:99999999]:\n');
    expect(messages).to.deep.equal([
      `${dir}/hosts.yml:3:5: all/hosts/c[1:99999999]: host range in "c[1:99999999]" expands to 99999999 hosts, ` +
        `more than the limit of ${MAX_RANGE_HOSTS} for one entry`,
    ]);
  });

  it('names the INI line and the limit', async () => {
    const messages = await loadMessages('hosts.ini', '[web]\nweb[1:99999999]\n');
    expect(messages).to.deep.equal([
      `${dir}/hosts.ini:2:1: web/web[1:99999999]: host range in "web[1:99999999]" expands to 99999999 hosts, ` +
        `more than the limit of ${MAX_RANGE_HOSTS} for one entry`,
    ]);
  });
});
