import { expect } from 'chai';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, InputErrors } from '../../src/errors.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { MAX_ALIAS_VALUES } from '../../src/yaml/build.js';
import { loadYamlFile, parseYaml } from '../../src/yaml/load.js';
import { MAX_INPUT_BYTES, firstInvalidUtf8 } from '../../src/yaml/text-file.js';

/** YAML whose anchors a0..a(levels-1) each hold ten aliases of the one before. */
function aliasBomb(levels: number): string {
  const lines = ['vars:', `  a0: &a0 [${Array(10).fill('"x"').join(',')}]`];
  for (let level = 1; level < levels; level++) {
    lines.push(`  a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function errorOf(work: () => unknown): InputError {
  try {
    work();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was raised');
}

async function loadError(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but nothing was raised');
}

describe('yaml aliases limit', () => {
  it('rejects nested aliases past the limit at the alias', () => {
    const text = aliasBomb(10);
    expect(text.length).to.be.below(700);
    const error = errorOf(() => parseYaml(text, 'bomb.yml'));
    expect(error.position).to.deep.equal({ file: 'bomb.yml', line: 7, column: 40 });
    expect(error.message).to.equal(
      `bomb.yml:7:40: alias *a4 makes the aliases of this file expand to more than ${MAX_ALIAS_VALUES} values, ` +
        'the limit: each alias repeats the whole value of its anchor, so nested aliases multiply; use fewer of them',
    );
  });

  it('reports the limit once', () => {
    let thrown: unknown;
    try {
      parseYaml(aliasBomb(10), 'bomb.yml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(InputError);
    expect(thrown).to.not.be.instanceOf(InputErrors);
  });

  it('counts aliases inside merge keys', () => {
    // Each merge of *base repeats its 11,112 values, so the 88th (k87, line 95) passes the limit.
    const merges = Array.from({ length: 100 }, (_, i) => `    k${i}: {<<: *base}`);
    const text = `${aliasBomb(4)}  base: &base {big: *a3}\n  merged:\n${merges.join('\n')}\n`;
    const error = errorOf(() => parseYaml(text, 'merge.yml'));
    expect(error).to.not.be.instanceOf(InputErrors);
    expect(error.message).to.match(/^merge\.yml:95:15: alias \*base makes the aliases/);
  });

  it('accepts five levels of ten aliases', () => {
    const { value } = parseYaml(aliasBomb(5), 'ok.yml');
    const vars = (value as { vars: Record<string, unknown[]> }).vars;
    expect(vars.a4).to.have.length(10);
    expect(vars.a4[9]).to.equal(vars.a3);
  });
});

describe('yaml input files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-yaml-input-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, bytes: Buffer | string): string {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  }

  it('skips a byte order mark', async () => {
    const file = write('bom.yml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('- hosts: all\n')]));
    const { value, positions } = await loadYamlFile(file);
    expect(value).to.deep.equal([{ hosts: 'all' }]);
    expect(positions.positionOf([0, 'hosts'])).to.deep.include({ line: 1, column: 10 });
  });

  it('skips a byte order mark in parsed text', () => {
    expect(parseYaml('\uFEFFa: 1\n', 'bom.yml').value).to.deep.equal({ a: 1 });
  });

  it('rejects invalid UTF-8 at its line and column', async () => {
    const file = write('latin1.yml', Buffer.from('a: 1\nname: "caf\xe9"\n', 'latin1'));
    const error = await loadError(() => loadYamlFile(file));
    expect(error).to.be.instanceOf(InputError);
    expect(error.message).to.equal(
      `${file}:2:11: invalid UTF-8: byte 0xe9 does not form a UTF-8 character; save the file as UTF-8`,
    );
  });

  it('counts columns after a byte order mark and wide characters', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('k: "é'), Buffer.from([0xff])]);
    const error = await loadError(() => loadYamlFile(write('mixed.yml', bytes)));
    expect((error as InputError).position).to.deep.include({ line: 1, column: 6 });
  });

  it('rejects invalid UTF-8 in a JSON inventory', async () => {
    const file = write('hosts.json', Buffer.from('{"c01": {"ipv4": "127.0.0.1",\n "x": "\xff"}}', 'latin1'));
    const error = await loadError(() => loadInventory([file]));
    const messages = error instanceof InputErrors ? error.errors.map((e) => e.message) : [error.message];
    expect(messages).to.deep.equal([
      `${file}:2:8: invalid UTF-8: byte 0xff does not form a UTF-8 character; save the file as UTF-8`,
    ]);
  });

  it('rejects a file past the size limit before reading it', async () => {
    const file = write('huge.yml', '');
    truncateSync(file, MAX_INPUT_BYTES + 1);
    const error = await loadError(() => loadYamlFile(file));
    expect(error).to.be.instanceOf(InputError);
    expect(error.message).to.equal(
      `${file}: the file is 10.0 MiB, more than the limit of 10.0 MiB for a playbook, inventory ` +
        'or variable file; split it into smaller files',
    );
  });

  it('reads a file of exactly the size limit', async () => {
    const file = write('limit.yml', `a: ${'x'.repeat(MAX_INPUT_BYTES - 4)}\n`);
    expect(((await loadYamlFile(file)).value as { a: string }).a).to.have.length(MAX_INPUT_BYTES - 4);
  });
});

describe('firstInvalidUtf8', () => {
  // prettier-ignore
  const cases: [string, number[], number][] = [
    ['valid ASCII and 2, 3 and 4 byte characters', [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong 2-byte form', [0xc0, 0x80], 0],
    ['an overlong 3-byte form', [0xe0, 0x80, 0x80], 0],
    ['a surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a bad third byte', [0xe2, 0x82, 0x41], 0],
    ['a Latin-1 byte', [0x63, 0x61, 0x66, 0xe9], 3],
  ];
  for (const [name, bytes, offset] of cases) {
    it(`finds ${name}`, () => {
      expect(firstInvalidUtf8(Uint8Array.from(bytes))).to.equal(offset);
    });
  }
});
