import { expect } from 'chai';
import { editExports, type WantedExport } from '../../../src/modules/nfs/exports-edit.js';

const REGISTRY = '/home/vagrant/mnt/volume-registry-skp';
const SEED_OPTIONS = ['rw', 'insecure', 'no_root_squash', 'no_subtree_check', 'sync'];
const SEED_LINE = `${REGISTRY} 192.168.0.0/24(rw,insecure,no_root_squash,no_subtree_check,sync)`;

function present(path: string, ...clients: [string, string[]][]): WantedExport {
  return { state: 'present', path, clients: clients.map(([host, options]) => ({ host, options })) };
}

const seedExport = present(REGISTRY, ['192.168.0.0/24', SEED_OPTIONS]);
const HEADER = '# /etc/exports: exported folders\n#\n';

interface Case {
  name: string;
  before: string;
  wanted: WantedExport;
  after: string;
  changed: boolean;
}

// prettier-ignore
const CASES: Case[] = [
  { name: 'adds a line to a missing file', before: '', wanted: seedExport,
    after: `${SEED_LINE}\n`, changed: true },
  { name: 'appends after comments', before: HEADER, wanted: seedExport,
    after: `${HEADER}${SEED_LINE}\n`, changed: true },
  { name: 'keeps a missing final newline when appending', before: '/a h(ro)', wanted: seedExport,
    after: `/a h(ro)\n${SEED_LINE}`, changed: true },
  { name: 'leaves the same line alone', before: `${HEADER}${SEED_LINE}\n`, wanted: seedExport,
    after: `${HEADER}${SEED_LINE}\n`, changed: false },
  { name: 'ignores option order and spacing', wanted: seedExport,
    before: `${REGISTRY}\t  192.168.0.0/24(sync,no_subtree_check,no_root_squash,insecure,rw)   \n`,
    after: `${REGISTRY}\t  192.168.0.0/24(sync,no_subtree_check,no_root_squash,insecure,rw)   \n`, changed: false },
  { name: 'ignores a trailing slash on the path', wanted: seedExport,
    before: `${REGISTRY}/ 192.168.0.0/24(rw,insecure,no_root_squash,no_subtree_check,sync)\n`,
    after: `${REGISTRY}/ 192.168.0.0/24(rw,insecure,no_root_squash,no_subtree_check,sync)\n`, changed: false },
  { name: 'folds default options into each client', wanted: seedExport,
    before: `${REGISTRY} -rw,sync,insecure 192.168.0.0/24(no_root_squash,no_subtree_check)\n`,
    after: `${REGISTRY} -rw,sync,insecure 192.168.0.0/24(no_root_squash,no_subtree_check)\n`, changed: false },
  { name: 'lets a later option override an earlier one', wanted: present('/a', ['h', ['rw']]),
    before: '/a h(ro,rw)\n', after: '/a h(ro,rw)\n', changed: false },
  { name: 'rewrites a line whose options differ, in place', wanted: seedExport,
    before: `${HEADER}/other h(ro)\n${REGISTRY} 192.168.0.0/24(ro,sync)\n/last h(rw)\n`,
    after: `${HEADER}/other h(ro)\n${SEED_LINE}\n/last h(rw)\n`, changed: true },
  { name: 'rewrites a line whose clients differ', wanted: present('/a', ['h1', ['rw']], ['h2', ['ro']]),
    before: '/a h1(rw)\n', after: '/a h1(rw) h2(ro)\n', changed: true },
  { name: 'treats client order as a difference', wanted: present('/a', ['h2', ['ro']], ['h1', ['rw']]),
    before: '/a h1(rw) h2(ro)\n', after: '/a h2(ro) h1(rw)\n', changed: true },
  { name: 'keeps a trailing comment on a rewritten line', wanted: present('/a', ['h', ['rw']]),
    before: '/a h(ro)   # shared scratch\n', after: '/a h(rw) # shared scratch\n', changed: true },
  { name: 'keeps a missing final newline on a rewritten last line', wanted: present('/a', ['h', ['rw']]),
    before: '/z h(ro)\n/a h(ro)', after: '/z h(ro)\n/a h(rw)', changed: true },
  { name: 'joins continuation lines into one rewritten line', wanted: present('/a', ['h1', ['rw']]),
    before: '/x y(ro)\n/a h1(ro) \\\n   h2(ro)\n# end\n', after: '/x y(ro)\n/a h1(rw)\n# end\n', changed: true },
  { name: 'reads continuation lines as one export', wanted: present('/a', ['h1', ['ro']], ['h2', ['ro']]),
    before: '/a h1(ro) \\\n   h2(ro)\n', after: '/a h1(ro) \\\n   h2(ro)\n', changed: false },
  { name: 'merges duplicate lines of one path', wanted: present('/a', ['h1', ['rw']]),
    before: '/a h1(ro)\n/b h(ro)\n/a h2(ro)\n', after: '/a h1(rw)\n/b h(ro)\n', changed: true },
  { name: 'matches a quoted path with a space', wanted: present('/srv/my share', ['h', ['ro']]),
    before: '"/srv/my share" h(ro)\n', after: '"/srv/my share" h(ro)\n', changed: false },
  { name: 'matches an octal-escaped path', wanted: present('/srv/my share', ['h', ['rw']]),
    before: '/srv/my\\040share h(ro)\n', after: '/srv/my\\040share h(rw)\n', changed: true },
  { name: 'quotes a new path with a space', wanted: present('/srv/my share', ['h', ['rw']]),
    before: '', after: '"/srv/my share" h(rw)\n', changed: true },
  { name: 'writes a client without options bare', wanted: present('/a', ['h', []]),
    before: '', after: '/a h\n', changed: true },
  { name: 'leaves an unparsable line as it is', wanted: present('/a', ['h', ['rw']]),
    before: '/b "unclosed h(ro)\n', after: '/b "unclosed h(ro)\n/a h(rw)\n', changed: true },
  { name: 'keeps CRLF line ends of other lines', wanted: present('/a', ['h', ['rw']]),
    before: '/b h(ro)\r\n/a h(ro)\r\n', after: '/b h(ro)\r\n/a h(rw)\r\n', changed: true },
  { name: 'removes the line of an absent path', wanted: { state: 'absent', path: '/a' },
    before: `${HEADER}/a h(ro)\n/b h(rw)\n`, after: `${HEADER}/b h(rw)\n`, changed: true },
  { name: 'removes every line of an absent path', wanted: { state: 'absent', path: '/a' },
    before: '/a h(ro)\n/b h(rw)\n/a \\\n  g(rw)\n', after: '/b h(rw)\n', changed: true },
  { name: 'keeps a missing final newline when removing the last line',
    wanted: { state: 'absent', path: '/a' }, before: '/b h(rw)\n/a h(ro)', after: '/b h(rw)', changed: true },
  { name: 'leaves a file without the path alone', wanted: { state: 'absent', path: '/a' },
    before: `${HEADER}/b h(rw)`, after: `${HEADER}/b h(rw)`, changed: false },
  { name: 'does not take a commented-out line for an export', wanted: { state: 'absent', path: '/a' },
    before: '# /a h(ro)\n', after: '# /a h(ro)\n', changed: false },
];

describe('editExports', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const edit = editExports(c.before, c.wanted);
      expect(edit.content).to.equal(c.after);
      expect(edit.changed).to.equal(c.changed);
      expect(edit.reason).to.be.a('string').and.not.equal('');
    });
  }

  it('keeps multiple sec= flavours in order', () => {
    const wanted = present('/a', ['h', ['sec=krb5p', 'rw', 'sec=sys', 'ro']]);
    const edit = editExports('/a h(sec=sys,ro,sec=krb5p,rw)\n', wanted);
    expect(edit.changed).to.equal(true);
  });

  it('reports unparsable lines', () => {
    const edit = editExports('/ok h(rw)\n/b "unclosed h(ro)\n', present('/ok', ['h', ['rw']]));
    expect(edit.invalid).to.have.length(1);
    expect(edit.invalid[0].line).to.equal(2);
    expect(edit.invalid[0].problem).to.match(/unclosed double quote/);
  });

  it('names the rewritten line in its reason', () => {
    const edit = editExports('/z h(ro)\n/a h(ro)\n', present('/a', ['h', ['rw']]));
    expect(edit.reason).to.equal('updated the export of /a (line 2)');
  });
});
