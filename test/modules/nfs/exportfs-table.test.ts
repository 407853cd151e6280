import { expect } from 'chai';
import { parseExports } from '../../../src/modules/nfs/exports-file.js';
import {
  liveTableMatchesFile,
  missingPaths,
  parseExportfsVerbose,
} from '../../../src/modules/nfs/exportfs-table.js';

const OPTIONS = 'sync,wdelay,hide,no_subtree_check,sec=sys,rw,insecure,no_root_squash,no_all_squash';

// Captured from nfs-utils 2.6 exportfs -v: long paths put the client on
// the next line, short ones share the line.
const VERBOSE = [
  '/srv/registry',
  `\t\t127.0.0.0/24(${OPTIONS})`,
  '/srv/registry',
  '\t\t<world>(sync,wdelay,hide,no_subtree_check,sec=sys,ro,secure,root_squash,no_all_squash)',
  '/srv/my share',
  `\t\t127.0.0.1(${OPTIONS})`,
  `/x            127.0.0.2(${OPTIONS})`,
  '',
].join('\n');

function entries(content: string) {
  return parseExports(content).flatMap((r) => (r.kind === 'entry' ? [r.entry] : []));
}

describe('parseExportfsVerbose', () => {
  it('groups the clients of each path', () => {
    const table = parseExportfsVerbose(VERBOSE);
    expect(table.map((e) => e.path)).to.deep.equal(['/srv/registry', '/srv/my share', '/x']);
    expect(table[0].clients.map((c) => c.host)).to.deep.equal(['127.0.0.0/24', '<world>']);
    expect(table[0].clients[0].options).to.include('no_root_squash');
  });

  it('reads a path and client on one line', () => {
    const [entry] = parseExportfsVerbose(`/x  127.0.0.2(${OPTIONS})\n`);
    expect(entry).to.deep.equal({ path: '/x', clients: [{ host: '127.0.0.2', options: OPTIONS.split(',') }] });
  });

  it('decodes an escaped path', () => {
    const [entry] = parseExportfsVerbose('/a\\040b\t127.0.0.1(rw)\n');
    expect(entry.path).to.equal('/a b');
  });

  it('returns an empty table for empty output', () => {
    expect(parseExportfsVerbose('')).to.deep.equal([]);
  });
});

describe('liveTableMatchesFile', () => {
  const file = [
    '/srv/registry 127.0.0.0/24(rw,insecure,no_root_squash) *(ro)',
    '"/srv/my share" 127.0.0.1(rw,insecure,no_root_squash)',
    '/x -rw 127.0.0.2(no_root_squash,insecure)',
  ].join('\n');

  it('accepts a table that grants what the file asks', () => {
    expect(liveTableMatchesFile(entries(file), parseExportfsVerbose(VERBOSE))).to.equal(true);
  });

  it('notices a changed option', () => {
    const changed = file.replace('*(ro)', '*(rw)');
    expect(liveTableMatchesFile(entries(changed), parseExportfsVerbose(VERBOSE))).to.equal(false);
  });

  it('notices an export missing from the table', () => {
    const more = `${file}\n/new 127.0.0.3(rw)\n`;
    expect(liveTableMatchesFile(entries(more), parseExportfsVerbose(VERBOSE))).to.equal(false);
  });

  it('notices an export the file no longer has', () => {
    const fewer = file.split('\n').slice(0, 2).join('\n');
    expect(liveTableMatchesFile(entries(fewer), parseExportfsVerbose(VERBOSE))).to.equal(false);
  });
});

describe('missingPaths', () => {
  it('lists wanted paths that are not exported', () => {
    const table = parseExportfsVerbose(VERBOSE);
    expect(missingPaths(['/srv/registry/', '/nope', '/x'], table)).to.deep.equal(['/nope']);
  });
});
