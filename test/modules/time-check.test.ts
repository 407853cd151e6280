import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bestOffset,
  findProblems,
  offsetDecided,
  parseRemoteTime,
  parseStatus,
  sampleOffset,
  statusCommand,
  type HostStatus,
} from '../../src/modules/time-check.js';
import timeCheck from '../../src/modules/time-check.js';
import { connectLabHost, startSkewedLab } from '../support/lab.js';
import { runModule } from './docker/lab-helpers.js';

function status(overrides: Partial<HostStatus> = {}): HostStatus {
  return {
    syncSource: 'timedatectl',
    synchronized: true,
    syncDetail: 'NTPSynchronized=yes',
    resolved: {},
    unresolved: [],
    getentMissing: false,
    ...overrides,
  };
}

const NANO = 1e-9;

describe('time_check offset arithmetic', () => {
  it('takes the offset from the midpoint of the round trip', () => {
    const measured = sampleOffset({ before: 1000, after: 1000.009, remote: { seconds: 1600.005, resolution: NANO } });
    expect(measured.rtt).to.be.closeTo(0.01, 1e-9);
    expect(measured.offset).to.be.closeTo(600, 1e-6);
    expect(measured.uncertainty).to.be.closeTo(0.005, 1e-6);
  });

  it('widens the doubt for whole-second readings', () => {
    const measured = sampleOffset({ before: 1000.2, after: 1000.299, remote: { seconds: 1000, resolution: 1 } });
    expect(measured.offset).to.be.closeTo(0.25, 1e-6);
    expect(measured.uncertainty).to.be.closeTo(0.55, 1e-6);
  });

  it('keeps the sample with the shortest round trip', () => {
    const slow = { before: 0, after: 0.199, remote: { seconds: 5, resolution: NANO } };
    const fast = { before: 1, after: 1.001, remote: { seconds: 2.0015, resolution: NANO } };
    const measured = bestOffset([slow, fast, slow]);
    expect(measured.rtt).to.be.closeTo(0.002, 1e-9);
    expect(measured.offset).to.be.closeTo(1.0005, 1e-6);
  });

  it('reads a negative offset', () => {
    const measured = sampleOffset({ before: 100, after: 100.001, remote: { seconds: 40.001, resolution: NANO } });
    expect(measured.offset).to.be.closeTo(-60, 1e-6);
  });
});

describe('time_check early stop', () => {
  it('stops when wholly within', () => {
    expect(offsetDecided({ offset: 0.01, uncertainty: 0.005, rtt: 0.01 }, 1)).to.equal(true);
  });

  it('stops when wholly beyond', () => {
    expect(offsetDecided({ offset: -600, uncertainty: 0.005, rtt: 0.01 }, 1)).to.equal(true);
  });

  it('samples again across the limit', () => {
    expect(offsetDecided({ offset: 0.998, uncertainty: 0.005, rtt: 0.01 }, 1)).to.equal(false);
    expect(offsetDecided({ offset: -1.003, uncertainty: 0.005, rtt: 0.01 }, 1)).to.equal(false);
  });
});

describe('time_check parsing', () => {
  it('reads sub-second and whole-second times', () => {
    expect(parseRemoteTime('1700000000.123456789')).to.deep.equal({ seconds: 1700000000.123456789, resolution: NANO });
    expect(parseRemoteTime('1700000000')).to.deep.equal({ seconds: 1700000000, resolution: 1 });
    expect(parseRemoteTime('1700000000.N')).to.equal(undefined);
  });

  it('reads each sync source', () => {
    expect(parseStatus('sync\ttimedatectl\tno\n').synchronized).to.equal(false);
    expect(parseStatus('sync\tchronyc\tNormal\n').synchronized).to.equal(true);
    expect(parseStatus('sync\tchronyc\tNot synchronised\n').synchronized).to.equal(false);
    expect(parseStatus('sync\tntpq\tyes\n').synchronized).to.equal(true);
    const unknown = parseStatus('sync\tunknown\t\n');
    expect(unknown.syncSource).to.equal('unknown');
    expect(unknown.synchronized).to.equal(undefined);
  });

  it('reads resolved and unresolved names', () => {
    const parsed = parseStatus('resolve\tlocalhost\tok\t127.0.0.1 ::1 \nresolve\tnope.invalid\tfail\t\n');
    expect(parsed.resolved).to.deep.equal({ localhost: ['127.0.0.1', '::1'] });
    expect(parsed.unresolved).to.deep.equal(['nope.invalid']);
  });
});

describe('time_check problems', () => {
  const small = { offset: 0.01, uncertainty: 0.002, rtt: 0.004 };
  const skewed = { offset: 600.0031, uncertainty: 0.0021, rtt: 0.0042 };

  it('passes a small offset', () => {
    expect(findProblems({}, small, status())).to.deep.equal([]);
  });

  it('states the measured offset when it is too large', () => {
    expect(findProblems({}, skewed, status())).to.deep.equal([
      'clock offset +600.003 s (±0.002 s) against the controller exceeds max_offset 1 s',
    ]);
  });

  it('uses max_offset', () => {
    expect(findProblems({ max_offset: 0.005 }, { ...small, offset: -0.01 }, status())[0]).to.equal(
      'clock offset -0.010 s (±0.002 s) against the controller exceeds max_offset 0.005 s',
    );
  });

  it('requires sync only when asked', () => {
    const unsynced = status({ synchronized: false, syncDetail: 'NTPSynchronized=no' });
    expect(findProblems({}, small, unsynced)).to.deep.equal([]);
    expect(findProblems({ require_sync: true }, small, unsynced)).to.deep.equal([
      'the host reports its clock is not synchronised (timedatectl: NTPSynchronized=no)',
    ]);
  });

  it('fails require_sync when no tool can tell', () => {
    const unknown = parseStatus('sync\tunknown\t\n');
    expect(findProblems({ require_sync: true }, small, unknown)[0]).to.match(/^cannot tell whether the clock/);
  });

  it('names unresolved names', () => {
    const problems = findProblems({}, small, status({ unresolved: ['a', 'b'] }));
    expect(problems).to.deep.equal(['names that do not resolve on the host (getent hosts): a, b']);
  });
});

/** Runs the status script with only the named tools on PATH, plus stubs. */
function runWithTools(tools: string[], stubs: Record<string, string>, names: string[]): string {
  const bin = mkdtempSync(join(tmpdir(), 'skprun-time-'));
  try {
    for (const tool of ['date', 'sed', 'grep', ...tools]) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      symlinkSync(real, join(bin, tool));
    }
    for (const [name, body] of Object.entries(stubs)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    return execFileSync('/bin/sh', ['-c', statusCommand(names)], { encoding: 'utf8', env: { PATH: bin } });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('time_check status script', () => {
  it('prints a sub-second time', () => {
    const parsed = parseStatus(runWithTools([], {}, []));
    expect(parsed.time?.resolution).to.equal(NANO);
    expect(parsed.time!.seconds).to.be.closeTo(Date.now() / 1000, 5);
  });

  it('asks timedatectl first', () => {
    const stubs = { timedatectl: 'echo no', chronyc: 'echo "Leap status     : Normal"' };
    const parsed = parseStatus(runWithTools([], stubs, []));
    expect(parsed.syncSource).to.equal('timedatectl');
    expect(parsed.synchronized).to.equal(false);
  });

  it('falls back to chronyc when timedatectl fails', () => {
    const stubs = { timedatectl: 'exit 1', chronyc: 'echo "Reference ID    : 7F7F0101 ()"; echo "Leap status     : Normal"' };
    const parsed = parseStatus(runWithTools([], stubs, []));
    expect(parsed.syncSource).to.equal('chronyc');
    expect(parsed.syncDetail).to.equal('leap status Normal');
    expect(parsed.synchronized).to.equal(true);
  });

  it('falls back to ntpq', () => {
    const stubs = { ntpq: 'echo "     remote"; echo "*127.127.1.0 .LOCL. 10 l"' };
    expect(parseStatus(runWithTools([], stubs, [])).synchronized).to.equal(true);
  });

  it('reports unknown without any tool', () => {
    expect(parseStatus(runWithTools([], {}, [])).syncSource).to.equal('unknown');
  });

  it('checks names with getent', () => {
    const stubs = { getent: '[ "$2" = good.example ] && echo "127.0.0.9   good.example"' };
    const parsed = parseStatus(runWithTools([], stubs, ['good.example', "bad'name"]));
    expect(parsed.resolved).to.deep.equal({ 'good.example': ['127.0.0.9'] });
    expect(parsed.unresolved).to.deep.equal(["bad'name"]);
  });

  it('reports a missing getent', () => {
    expect(parseStatus(runWithTools([], {}, ['localhost'])).getentMissing).to.equal(true);
  });
});

describe('time_check on lab hosts @lab', function () {
  this.timeout(300_000);

  it('measures a small offset on a normal host', async () => {
    const conn = await connectLabHost('c01');
    const result = await runModule(timeCheck, conn, { resolve: ['localhost'] });
    expect(result.failed).to.equal(undefined);
    expect(Math.abs(result.offset as number)).to.be.below(0.5);
    expect(result.rtt as number).to.be.below(1);
    expect(result.resolved).to.have.property('localhost');
    expect(result.msg).to.match(/^clock offset [+-]\d+\.\d{3} s \(±\d+\.\d{3} s\) against the controller, within max_offset 1 s/);
  });

  it('samples only until the outcome is certain', async () => {
    const conn = await connectLabHost('c01');
    let commands = 0;
    const counting = { ...conn, hostName: conn.hostName, exec: (command: string, options?: object) => (commands++, conn.exec(command, options)) };
    await runModule(timeCheck, counting, { samples: 5 });
    expect(commands, 'an offset far inside 1 s needs one round trip').to.equal(1);

    commands = 0;
    const tight = await runModule(timeCheck, counting, { samples: 4, max_offset: 0 });
    expect(commands, 'an offset of about 0 against max_offset 0 is never certain').to.equal(4);
    expect(tight.failed).to.equal(true);
  });

  it('fails naming a name that does not resolve', async () => {
    const conn = await connectLabHost('c01');
    const result = await runModule(timeCheck, conn, { resolve: ['skprun-no-such-host.invalid'] });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('names that do not resolve on the host (getent hosts): skprun-no-such-host.invalid');
  });

  it('measures a skew of 600 s given by libfaketime', async () => {
    const lab = await startSkewedLab({ c02: 600 }, { hosts: 2, docker: false, name: 'time-check' });
    try {
      const skewed = await lab.connect('c02');
      const normal = await lab.connect('c01');
      try {
        const result = await runModule(timeCheck, skewed, {});
        expect(result.failed).to.equal(true);
        expect(result.offset as number).to.be.closeTo(600, 1);
        // One sample can read just under 600 s, since the offset is taken at the round trip's midpoint.
        expect(result.msg).to.match(/^clock offset \+(599\.9\d\d|600\.\d{3}) s \(±\d+\.\d{3} s\) against the controller exceeds max_offset 1 s$/);
        const ok = await runModule(timeCheck, normal, {});
        expect(ok.failed).to.equal(undefined);
      } finally {
        await skewed.close();
        await normal.close();
      }
    } finally {
      await lab.down();
    }
  });

  it('rejects bad arguments before running', async () => {
    const conn = await connectLabHost('c01');
    let error: Error | undefined;
    await runModule(timeCheck, conn, { max_offset: -1 }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for time_check: max_offset: must be >= 0/);
  });
});
