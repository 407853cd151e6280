import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ssh2';
import { openChain } from '../../../src/connection/ssh-chain.js';
import type { Connection } from '../../../src/connection/connection.js';
import {
  WriteFailedError,
  buildAtomicWriteScript,
  expectedContent,
  writeFileAtomic,
} from '../../../src/modules/files/atomic-write.js';
import { connectLabHost, sharedLab } from '../../support/lab.js';
import { ShellConnection } from './shell-connection.js';

/** Bytes that are not valid UTF-8, with a NUL and every byte value. */
const BINARY = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xe9]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

describe('writeFileAtomic in a temp folder', () => {
  const conn = new ShellConnection();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the old file when the input ends early', async () => {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'old\n');
    const full = Buffer.alloc(100_000, 'x');
    const script = buildAtomicWriteScript(dest, {}, 'test', expectedContent(full));

    const result = await conn.exec(script, { stdin: full.subarray(0, 40_000) });

    expect(result.exitCode).to.equal(95);
    expect(result.stderr).to.match(/received 40000 of 100000 bytes/);
    expect(readFileSync(dest, 'utf8')).to.equal('old\n');
    expect(readdirSync(dir)).to.deep.equal(['conf']);
  });

  it('keeps the old file when the checksum differs', async () => {
    const dest = join(dir, 'conf');
    writeFileSync(dest, 'old\n');
    const script = buildAtomicWriteScript(dest, {}, 'test', expectedContent('new\n'));

    const result = await conn.exec(script, { stdin: 'wen\n' });

    expect(result.exitCode).to.equal(96);
    expect(readFileSync(dest, 'utf8')).to.equal('old\n');
    expect(readdirSync(dir)).to.deep.equal(['conf']);
  });

  it('names the incomplete write in its error', async () => {
    const dest = join(dir, 'conf');
    const truncating: Connection = {
      hostName: 'local',
      exec: (command, options) => conn.exec(command, { ...options, stdin: 'ne' }),
      close: async () => undefined,
    };
    let error: unknown;
    await writeFileAtomic(truncating, dest, 'new\n').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(WriteFailedError);
    expect((error as Error).message).to.equal(
      `writing ${dest} failed: the content did not arrive whole, so the old file was kept: ` +
        'received 2 of 4 bytes: the input ended early',
    );
  });

  it('writes bytes that are not UTF-8 exactly', async () => {
    const dest = join(dir, 'blob');
    await writeFileAtomic(conn, dest, BINARY);
    expect(readFileSync(dest).equals(BINARY)).to.equal(true);
  });
});

/** Resolves once `check` returns true, polling every 20 ms for up to `ms`. */
async function waitUntil(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts the write script on its own SSH connection and writes only `part` of the content. */
async function startPartialWrite(script: string, part: Buffer): Promise<Client> {
  const lab = await sharedLab();
  const host = lab.hosts.find((h) => h.name === 'c02')!;
  const { client } = await openChain({
    hostName: host.name,
    address: host.address,
    port: host.port,
    user: 'root',
    privateKeyFile: lab.privateKeyFile,
    knownHostsFiles: [lab.knownHostsFile],
    hostKeyChecking: true,
    connectTimeoutMs: 10_000,
    maxChannels: 1,
  });
  await new Promise<void>((resolve, reject) =>
    client.exec(script, (error, channel) => {
      if (error) return reject(error);
      channel.on('data', () => undefined);
      channel.write(part, () => resolve());
    }),
  );
  return client;
}

describe('writeFileAtomic with a dropped connection @lab', function () {
  this.timeout(120_000);
  let conn: Connection;
  const dest = `/srv/skprun-atomic-${process.pid}.bin`;
  const suffix = 'dropped';
  const temp = `${dest}.skprun-${suffix}`;

  before(async () => {
    conn = await connectLabHost('c02');
  });
  after(async () => {
    await conn.exec(`rm -f ${dest} ${temp}`);
  });

  it('keeps the old file when the connection drops mid-write', async () => {
    await writeFileAtomic(conn, dest, 'old\n');
    const full = randomBytes(8 * 1024 * 1024);
    const half = full.subarray(0, full.length / 2);
    const script = buildAtomicWriteScript(dest, {}, suffix, expectedContent(full));

    const client = await startPartialWrite(script, half);
    const tempSize = async () => Number((await conn.exec(`wc -c < ${temp} 2>/dev/null || echo -1`)).stdout);
    await waitUntil(async () => (await tempSize()) === half.length, 30_000, `${temp} holds half the content`);
    // Drops the TCP connection, as a controller killed by Ctrl-C does.
    client.destroy();
    await waitUntil(async () => (await tempSize()) === -1, 30_000, `${temp} is gone`);

    expect((await conn.exec(`cat ${dest}`)).stdout).to.equal('old\n');
  });

  it('writes binary content byte for byte', async () => {
    await writeFileAtomic(conn, dest, BINARY);
    const result = await conn.exec(`od -An -tx1 -v ${dest} | tr -d ' \\n'`);
    expect(result.stdout).to.equal(BINARY.toString('hex'));
  });
});
