import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import { runSkprun } from '../support/run-skprun.js';
import { eventValidator } from '../output/json-schema.js';
import { keywordLab, onHost, outputOf, runFixture } from './support.js';

async function plainRun(...args: string[]) {
  const { inventory } = await keywordLab();
  return runSkprun(['-i', inventory, '--output', 'plain', ...args, 'test/fixtures/keywords/output.yml']);
}

describe('output @lab', function () {
  before(async () => {
    await keywordLab();
    await onHost('c01', 'rm -f /tmp/skprun-kw-output-c01');
  });

  after(async () => {
    await onHost('c01', 'rm -f /tmp/skprun-kw-output-c01');
  });

  it('writes JSON lines that the schema accepts, from which the run reads back', async () => {
    const run = await runFixture('reuse.yml', '-vvv');
    expect(run.status, outputOf(run)).to.equal(0);
    const validate = eventValidator();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).to.be.greaterThan(20);
    for (const line of lines) expect(validate(JSON.parse(line)), line).to.deep.equal([]);

    const events = lines.map((line) => JSON.parse(line) as RunEvent);
    const tasks = new Map(events.flatMap((event) => (event.kind === 'task_start' ? [[event.id, event]] : [])));
    for (const event of events) {
      if (event.kind !== 'host_result') continue;
      const task = tasks.get(event.taskId);
      expect(task, `task ${event.taskId} started before its result`).to.not.equal(undefined);
      expect(task!.hosts, `${event.task} lists ${event.host}`).to.include(event.host);
    }
    expect(events.at(-1)?.kind).to.equal('recap');
    expect(events.filter((event) => event.kind === 'connection').map((event) => event.kind === 'connection' && event.host).sort()).to.deep.equal(['c01', 'c02', 'c03']);
  });

  it('shows the diff of a change with -D in plain output', async () => {
    await plainRun('-e', 'content=first');
    const run = await plainRun('-D', '-e', 'content=second');
    expect(run.status, outputOf(run)).to.equal(0);
    expect(run.stdout).to.include('--- /tmp/skprun-kw-output-c01 (before)');
    expect(run.stdout).to.include('    -first');
    expect(run.stdout).to.include('    +second');
    const quiet = await plainRun('-e', 'content=third');
    expect(quiet.stdout).to.not.include('+third');
  });

  it('adds values with -v, commands with -vv, connections with -vvv, and hides no_log', async () => {
    const one = await plainRun('-v', '-e', 'content=v');
    expect(one.stdout).to.include('"stdout": "visible-output"');
    expect(one.stdout).to.not.include('$ ');

    const two = await plainRun('-vv', '-e', 'content=v');
    expect(two.stdout).to.match(/\[c01\] +\$ .*echo visible-output/);
    expect(two.stdout).to.not.include('connected:');

    const three = await plainRun('-vvv', '-e', 'content=v');
    expect(three.stdout).to.match(/\[c01\] +connected: ssh root@127\.\d+\.\d+\.51:22/);
    for (const run of [one, two, three]) expect(run.stdout).to.not.include('s3cr3t');
  });
});
