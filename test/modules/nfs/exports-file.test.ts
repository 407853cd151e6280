import { expect } from 'chai';
import {
  decodeOctalEscapes,
  parseClient,
  parseExports,
  renderEntry,
  renderPath,
} from '../../../src/modules/nfs/exports-file.js';
import { normaliseOptions, optionKey, sameOptions } from '../../../src/modules/nfs/export-options.js';

describe('parseExports', () => {
  it('keeps the exact text of every record', () => {
    const content = '# c\n\n/a h(rw) \\\n  g(ro)\n/b  x(ro)';
    const records = parseExports(content);
    expect(records.map((r) => r.text).join('')).to.equal(content);
    expect(records.map((r) => r.kind)).to.deep.equal(['other', 'other', 'entry', 'entry']);
    expect(records.map((r) => r.line)).to.deep.equal([1, 2, 3, 5]);
  });

  it('reads default options and clients', () => {
    const [record] = parseExports('/srv -rw,sync a(no_root_squash) b *(ro)\n');
    expect(record.kind).to.equal('entry');
    if (record.kind !== 'entry') return;
    expect(record.entry.defaults).to.deep.equal(['rw', 'sync']);
    expect(record.entry.clients).to.deep.equal([
      { host: 'a', options: ['no_root_squash'] },
      { host: 'b', options: [] },
      { host: '*', options: ['ro'] },
    ]);
  });

  it('reads a trailing comment', () => {
    const [record] = parseExports('/srv a(rw) # note\n');
    expect(record.kind === 'entry' && record.entry.comment).to.equal('# note');
  });

  it('does not continue a comment line ending in a backslash', () => {
    const records = parseExports('# c \\\n/a h(rw)\n');
    expect(records.map((r) => r.kind)).to.deep.equal(['other', 'entry']);
  });

  it('marks a relative path invalid', () => {
    const [record] = parseExports('srv a(rw)\n');
    expect(record.kind).to.equal('invalid');
  });

  it('marks an unclosed parenthesis invalid', () => {
    const [record] = parseExports('/srv a(rw\n');
    expect(record.kind).to.equal('invalid');
  });
});

describe('exports paths', () => {
  it('decodes octal escapes', () => {
    expect(decodeOctalEscapes('/a\\040b\\134c')).to.equal('/a b\\c');
  });

  it('writes a plain path bare', () => {
    expect(renderPath('/srv/nfs')).to.equal('/srv/nfs');
  });

  it('quotes a path with spaces', () => {
    expect(renderPath('/srv/my share')).to.equal('"/srv/my share"');
  });

  it('escapes a path with a double quote', () => {
    expect(renderPath('/srv/a"b c')).to.equal('/srv/a\\042b\\040c');
    expect(decodeOctalEscapes(renderPath('/srv/a"b c'))).to.equal('/srv/a"b c');
  });

  it('renders an entry with defaults and a comment', () => {
    const entry = {
      path: '/a',
      pathToken: '/a',
      defaults: ['rw'],
      clients: [{ host: 'h', options: ['sync'] }, { host: 'g', options: [] }],
      comment: '# c',
    };
    expect(renderEntry(entry)).to.equal('/a -rw h(sync) g # c');
  });

  it('parses a client word', () => {
    expect(parseClient('10.0.0.0/8(rw,sync)')).to.deep.equal({ host: '10.0.0.0/8', options: ['rw', 'sync'] });
    expect(parseClient('(ro)')).to.deep.equal({ host: '', options: ['ro'] });
    expect(parseClient('a(rw)(ro)')).to.be.a('string');
  });
});

describe('export options', () => {
  it('gives opposite options one key', () => {
    expect(optionKey('ro')).to.equal(optionKey('rw'));
    expect(optionKey('no_root_squash')).to.equal(optionKey('root_squash'));
    expect(optionKey('anonuid=0')).to.equal('anonuid');
  });

  it('sorts and lets the last setting win', () => {
    expect(normaliseOptions(['sync', 'ro', 'rw', 'anonuid=1', 'anonuid=2'])).to.deep.equal([
      'anonuid=2',
      'rw',
      'sync',
    ]);
  });

  it('compares regardless of order', () => {
    expect(sameOptions(['rw', 'sync'], ['sync', 'rw'])).to.equal(true);
    expect(sameOptions(['rw', 'sync'], ['rw', 'async'])).to.equal(false);
    expect(sameOptions(['rw'], ['rw', 'sync'])).to.equal(false);
  });

  it('keeps order when several sec= flavours are given', () => {
    const options = ['sec=sys', 'ro', 'sec=krb5p', 'rw'];
    expect(normaliseOptions(options)).to.deep.equal(options);
    expect(sameOptions(options, ['sec=krb5p', 'rw', 'sec=sys', 'ro'])).to.equal(false);
  });
});
