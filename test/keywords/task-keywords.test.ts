import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import type { SkprunRun } from '../support/run-skprun.js';
import { recapOf, statusesOf } from '../support/run-skprun.js';
import { hostResults, keywordLab, messages, onHost, outputOf, runFixture, startedTasks } from './support.js';

type ItemResult = Extract<RunEvent, { kind: 'item_result' }>;

function items(run: SkprunRun, task: string, host = 'c01'): ItemResult[] {
  return run.events.filter((event): event is ItemResult => event.kind === 'item_result' && event.task === task && event.host === host);
}

describe('task keywords @lab', function () {
  let run: SkprunRun;
  const runDir = `/tmp/skprun-keywords-${process.pid}`;

  before(async () => {
    const { lab } = await keywordLab();
    const ghost = join(lab.stateDir, 'ghost-inventory.yml');
    writeFileSync(ghost, 'all:\n  hosts:\n    ghost: { ansible_host: 127.0.28.250, ansible_port: 9, ansible_user: root }\n');
    await onHost('c01', `rm -rf ${runDir} && mkdir -p ${runDir}`);
    run = await runFixture('task-keywords.yml', '-i', ghost, '-e', `run_dir=${runDir}`);
  });

  after(async () => {
    await onHost('c01', `rm -rf ${runDir}`);
  });

  it('ends as Ansible would: the ghost unreachable, nothing failed', () => {
    expect(run.status, outputOf(run)).to.equal(3);
    const recap = recapOf(run);
    expect(recap.c01).to.include({ failed: 0, rescued: 1, unreachable: 0 });
    expect(recap.c02).to.include({ failed: 0, rescued: 0 });
    expect(recap.ghost).to.include({ ignored: 1, unreachable: 1 });
  });

  it('runs loops with loop_control and the with_ lookups', () => {
    expect(items(run, 'loop with loop_control').map((item) => item.label)).to.deep.equal(['apple', 'pear']);
    expect(messages(run, 'show loop').c01).to.equal('0-apple,1-pear last=True');
    expect(items(run, 'with_items').map((item) => item.result.msg)).to.deep.equal(['a', 'b', 'c']);
    expect(items(run, 'with_dict').map((item) => item.result.msg)).to.deep.equal(['x=1', 'y=2']);
    expect(items(run, 'with_list').map((item) => item.result.msg)).to.deep.equal(['2', '1']);
    expect(items(run, 'with_sequence').map((item) => item.result.stdout)).to.deep.equal(['n01', 'n02', 'n03']);
    expect(items(run, 'with_together').map((item) => item.result.msg)).to.deep.equal(['a1', 'b2']);
    expect(items(run, 'with_fileglob').map((item) => item.result.msg)).to.deep.equal(['imported.yml', 'included.yml']);
  });

  it('judges results with changed_when and failed_when', () => {
    expect(statusesOf(run, 'changed_when and failed_when')).to.deep.equal({ c01: 'ignored', c02: 'ignored' });
  });

  it('gives the rescue section the failed task and result', () => {
    expect(statusesOf(run, 'fail in block')).to.deep.equal({ c01: 'failed', c02: 'skipped' });
    expect(messages(run, 'in rescue')).to.deep.equal({ c01: 'fail in block: rc=4 boom' });
    expect(statusesOf(run, 'in always')).to.deep.equal({ c01: 'ok', c02: 'ok' });
  });

  it('exports the environment on the host', () => {
    expect(hostResults(run, 'environment').map((event) => event.result.stdout).sort()).to.deep.equal(['hello c01', 'hello c02']);
  });

  it('runs run_once on the first host and shares its result', () => {
    expect(statusesOf(run, 'run_once')).to.deep.equal({ c01: 'changed' });
    expect(messages(run, 'see run_once')).to.deep.equal({ c01: 'c01', c02: 'c01' });
  });

  it('runs delegate_to on the other host and delegate_facts keeps the fact there', () => {
    const delegated = hostResults(run, 'delegate_to').sort((a, b) => a.host.localeCompare(b.host));
    expect(delegated.map((event) => [event.host, event.delegatedTo, event.result.stdout])).to.deep.equal([
      ['c01', 'c03', 'c03'],
      ['c02', 'c03', 'c03'],
    ]);
    expect(messages(run, 'see delegated fact')).to.deep.equal({ c03: 'c01' });
  });

  it('retries until the condition holds', () => {
    expect(hostResults(run, 'retries until').map((event) => event.result.attempts)).to.deep.equal([2, 2]);
  });

  it('fails a task past its timeout', () => {
    const [result] = hostResults(run, 'timeout');
    expect(result.status).to.equal('ignored');
    expect(result.msg).to.equal('The command action failed to execute in the expected time frame (1) and was terminated');
  });

  it('changes nothing in a check_mode task and shows its diff', async () => {
    const [result] = hostResults(run, 'check_mode per task');
    expect(result.status).to.equal('changed');
    expect(result.result.diff).to.include({ after: 'x\n' });
    expect(await onHost('c01', `ls ${runDir}`)).to.not.include('checked-');
  });

  it('hides a no_log task everywhere but in register', () => {
    const shown = run.stdout.split('\n').filter((line) => !line.includes('"see secret in register"'));
    expect(shown.join('\n')).to.not.include('s3cr3t');
    expect(hostResults(run, 'no_log')[0].result).to.have.keys('censored', 'changed');
    expect(messages(run, 'see secret in register')).to.deep.equal({ c01: 's3cr3t-c01', c02: 's3cr3t-c02' });
  });

  it('runs one host at a time under throttle', () => {
    const spans = hostResults(run, 'throttle').map((event) => [Date.parse(String(event.result.start)), Date.parse(String(event.result.end))]);
    spans.sort((a, b) => a[0] - b[0]);
    expect(spans[1][0]).to.be.at.least(spans[0][1]);
  });

  it('applies module_defaults from the block', () => {
    expect(hostResults(run, 'pwd with defaults').map((event) => event.result.stdout)).to.deep.equal(['/usr', '/usr']);
  });

  it('becomes another user through sudo', () => {
    expect(hostResults(run, 'become another user').map((event) => event.result.stdout)).to.deep.equal(['nobody', 'nobody']);
  });

  it('runs a handler by name and every listener of a topic, in handler order', () => {
    const handlers = startedTasks(run).filter((name) => name.startsWith('handler '));
    expect(handlers).to.deep.equal(['handler restart service', 'handler listener one', 'handler listener two']);
  });

  it('goes on past an ignored unreachable host', () => {
    expect(statusesOf(run, 'ignore unreachable')).to.deep.equal({ ghost: 'ignored' });
    expect(statusesOf(run, 'after the ignored one')).to.deep.equal({ ghost: 'unreachable' });
  });
});
