import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalConnection } from '../../src/connection/local.js';
import { Limiter } from '../../src/connection/limiter.js';
import { planConnection } from '../../src/engine/connection-options.js';
import { ConnectionPool } from '../../src/engine/connection-pool.js';
import { runSkprun } from '../support/run-skprun.js';

describe('connection: local', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-local-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs commands on the controller', async () => {
    const plan = planConnection('here', { ansible_connection: 'local' }, { baseDir: dir, connectTimeoutMs: 1000 });
    const pool = new ConnectionPool();
    const connection = await pool.get(plan);
    expect(connection).to.be.instanceOf(LocalConnection);
    const result = await connection.exec(`echo "$$" > ${path.join(dir, 'pid')}; cat`, { stdin: 'in' });
    expect(result).to.deep.equal({ stdout: 'in', stderr: '', exitCode: 0 });
    expect(Number(readFileSync(path.join(dir, 'pid'), 'utf8'))).to.be.greaterThan(0);
    await pool.closeAll();
  });

  it('runs as another user through sudo', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const connection = new LocalConnection('here');
    const result = await connection.exec('id -un', { become: { user: 'nobody' } });
    expect(result).to.deep.equal({ stdout: 'nobody\n', stderr: '', exitCode: 0 });
  });

  it('runs an adhoc command into a temp folder', async () => {
    const inventory = path.join(dir, 'hosts.ini');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(inventory, 'controller ansible_connection=local\n');
    const file = path.join(dir, 'made-by-adhoc');
    const run = await runSkprun(['adhoc', 'controller', '-i', inventory, '-m', 'shell', '-a', `echo made > ${file}; cat ${file}`]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('controller | CHANGED | rc=0 >>\nmade\n');
    expect(readFileSync(file, 'utf8')).to.equal('made\n');
  });
});

describe('Limiter.lowerTo', () => {
  it('holds new work until the running work is under the lower limit', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    const first = [limiter.run(work), limiter.run(work), limiter.run(work)];
    limiter.lowerTo(1);
    // Only work started after the change counts: none starts while any other runs.
    peak = 0;
    await Promise.all([...first, ...Array.from({ length: 5 }, () => limiter.run(work))]);
    expect(limiter.limit).to.equal(1);
    expect(peak).to.equal(1);
    limiter.lowerTo(0);
    expect(limiter.limit).to.equal(1);
  });
});
