import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { readTextFile, wideEncoding } from '../../src/yaml/text-file.js';

const PLAY = '- hosts: c01\n  tasks: []\n';

describe('readTextFile encodings', () => {
  let dir: string;

  before(() => (dir = mkdtempSync(join(tmpdir(), 'skprun-text-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function failure(name: string, bytes: Buffer): Promise<InputError> {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const error = await readTextFile(path).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof InputError)) throw new Error(`expected an InputError for ${name}`);
    return error;
  }

  it('names UTF-16 with a BOM at 1:1', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PLAY, 'utf16le')]);
    const error = await failure('le.yml', bytes);
    expect(error.message).to.equal(`${join(dir, 'le.yml')}:1:1: the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8`);
  });

  it('names UTF-16 without a BOM', async () => {
    const error = await failure('nobom.yml', Buffer.from(PLAY, 'utf16le'));
    expect(error.detail).to.equal('the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8');
    expect(error.position).to.deep.include({ line: 1, column: 1 });
  });

  it('places an invalid first byte at 1:1', async () => {
    const error = await failure('bad.yml', Buffer.concat([Buffer.from([0xc0]), Buffer.from(`x\n${PLAY}`)]));
    expect(error.position).to.deep.include({ line: 1, column: 1 });
    expect(error.detail).to.contain('invalid UTF-8: byte 0xc0');
  });

  it('still reads UTF-8 with a BOM', async () => {
    const path = join(dir, 'bom.yml');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAY)]));
    expect(await readTextFile(path)).to.equal(PLAY);
  });
});

describe('wideEncoding', () => {
  it('tells the encodings apart', () => {
    expect(wideEncoding(Buffer.from([0xfe, 0xff, 0, 0x2d]))).to.equal('UTF-16 (big-endian)');
    expect(wideEncoding(Buffer.from([0, 0x2d, 0, 0x20]))).to.equal('UTF-16 (big-endian)');
    expect(wideEncoding(Buffer.from([0xff, 0xfe, 0, 0]))).to.equal('UTF-32 (little-endian)');
    expect(wideEncoding(Buffer.from([0, 0, 0xfe, 0xff]))).to.equal('UTF-32 (big-endian)');
    expect(wideEncoding(Buffer.from([0x2d, 0, 0, 0]))).to.equal('UTF-32 (little-endian)');
    expect(wideEncoding(Buffer.from('- hosts'))).to.equal(undefined);
    expect(wideEncoding(Buffer.from(''))).to.equal(undefined);
  });
});
