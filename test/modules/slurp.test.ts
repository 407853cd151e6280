import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from '../../src/connection/connection.js';
import slurp, { parseSlurpOutput, type SlurpArgs } from '../../src/modules/slurp.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';
import { ShellConnection, shellContext } from './files/shell-connection.js';

describe('slurp parseSlurpOutput', () => {
  it('reads content after the marker', () => {
    expect(parseSlurpOutput('content\naGVsbG8K')).to.deep.equal({ content: 'aGVsbG8K' });
  });

  it('reads an empty file from trimmed output', () => {
    expect(parseSlurpOutput('content')).to.deep.equal({ content: '' });
  });

  it('reads each problem', () => {
    for (const problem of ['absent', 'directory', 'unreadable', 'no-base64']) {
      expect(parseSlurpOutput(`${problem}\n`)).to.deep.equal({ problem });
    }
  });

  it('raises on unexpected output', () => {
    expect(() => parseSlurpOutput('bash: oops\n')).to.throw(/unexpected output/);
  });
});

describe('slurp module on local files', () => {
  const conn = new ShellConnection();
  let dir: string;
  const run = (args: SlurpArgs) => slurp.run(args, shellContext(conn));

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skprun-slurp-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('returns binary content as base64', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10, 0xc3]);
    const file = path.join(dir, 'bin');
    await writeFile(file, bytes);
    const result = await run({ src: file });
    expect(result).to.include({ changed: false, encoding: 'base64', source: file });
    expect(Buffer.from(result.content as string, 'base64').equals(bytes)).to.equal(true);
  });

  it('returns a file larger than one base64 line', async () => {
    const text = 'x'.repeat(5000) + '\n';
    const file = path.join(dir, 'big');
    await writeFile(file, text);
    const result = await run({ path: file });
    expect(Buffer.from(result.content as string, 'base64').toString('utf8')).to.equal(text);
  });

  it('returns an empty file as empty content', async () => {
    await writeFile(path.join(dir, 'empty'), '');
    expect((await run({ src: path.join(dir, 'empty') })).content).to.equal('');
  });

  it('expands a leading ~ to the home folder', async () => {
    const result = await slurp.run({ src: '~/.skprun-slurp-missing' }, shellContext(conn));
    expect(result.msg).to.equal('slurp ~/.skprun-slurp-missing: file not found');
    expect(conn.commands.at(-1)).to.include(`"$HOME"/.skprun-slurp-missing`);
  });

  it('fails on a missing file and a folder', async () => {
    const missing = await run({ src: path.join(dir, 'nope') });
    expect(missing.failed).to.equal(true);
    expect(missing.msg).to.equal(`slurp ${path.join(dir, 'nope')}: file not found`);
    await mkdir(path.join(dir, 'folder'));
    const folder = await run({ src: path.join(dir, 'folder') });
    expect(folder.msg).to.match(/source is a directory and must be a file$/);
  });
});

describe('slurp on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const file = `/etc/skprun-slurp-${runId}.conf`;

  before(async () => {
    conn = await connectLabHost('c01');
    await conn.exec(`printf 'a=1\\n' > ${file}`);
  });
  after(async () => {
    await conn.exec(`rm -f ${file}`);
  });

  it('reads a file in the lab /etc', async () => {
    const result = await runModule(slurp, conn, { src: file });
    expect(result.changed).to.equal(false);
    expect(Buffer.from(result.content as string, 'base64').toString('utf8')).to.equal('a=1\n');
  });

  it('reads the same in check mode', async () => {
    const result = await runModule(slurp, conn, { src: file }, { check: true });
    expect(result.content).to.equal(Buffer.from('a=1\n').toString('base64'));
  });

  it('fails clearly on a missing file', async () => {
    const result = await runModule(slurp, conn, { src: `${file}.missing` });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/: file not found$/);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(slurp, conn, {}).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for slurp: /);
  });
});
