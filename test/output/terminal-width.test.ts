import { expect } from 'chai';
import { ensureColumns, usableColumns } from '../../src/output/terminal-width.js';

describe('usableColumns', () => {
  it('keeps a real width', () => {
    expect(usableColumns(132)).to.equal(132);
  });

  it('takes 80 for a width of 0 or none', () => {
    expect(usableColumns(0)).to.equal(80);
    expect(usableColumns(undefined)).to.equal(80);
    expect(usableColumns(Number.NaN)).to.equal(80);
  });

  it('sets 80 on a stream reporting 0', () => {
    const stream = { columns: 0 };
    ensureColumns(stream);
    expect(stream.columns).to.equal(80);
  });
});
