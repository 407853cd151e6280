import { expect } from 'chai';
import { serialBatches } from '../../src/engine/serial.js';

const hosts = ['c01', 'c02', 'c03', 'c04', 'c05'];

describe('serialBatches', () => {
  it('keeps every host in one batch without serial', () => {
    expect(serialBatches(hosts, undefined)).to.deep.equal([hosts]);
  });

  it('splits by a number', () => {
    expect(serialBatches(hosts, 2)).to.deep.equal([['c01', 'c02'], ['c03', 'c04'], ['c05']]);
  });

  it('splits by a percentage, at least one host a batch', () => {
    expect(serialBatches(hosts, '40%')).to.deep.equal([['c01', 'c02'], ['c03', 'c04'], ['c05']]);
    expect(serialBatches(hosts, '10%')).to.have.length(5);
  });

  it('repeats the last size of a list', () => {
    expect(serialBatches(hosts, [1, 2])).to.deep.equal([['c01'], ['c02', 'c03'], ['c04', 'c05']]);
  });

  it('rejects a size that is not a number', () => {
    expect(() => serialBatches(hosts, 'many')).to.throw('serial should be a number or a percentage, got many');
  });
});
