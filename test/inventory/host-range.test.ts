import { expect } from 'chai';
import { HostRangeError, parseHostEntry } from '../../src/inventory/host-range.js';

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
