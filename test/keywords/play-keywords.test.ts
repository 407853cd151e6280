import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import type { SkprunRun } from '../support/run-skprun.js';
import { recapOf, statusesOf } from '../support/run-skprun.js';
import { hostResults, keywordLab, messages, outputOf, runFixture, startedTasks } from './support.js';

type TaskStart = Extract<RunEvent, { kind: 'task_start' }>;

function startsOf(run: SkprunRun, name: string): string[][] {
  return run.events.filter((event): event is TaskStart => event.kind === 'task_start' && event.name === name).map((event) => event.hosts);
}

describe('play keywords @lab', function () {
  let run: SkprunRun;

  before(async () => {
    await keywordLab();
    run = await runFixture('play-keywords.yml');
  });

  it('finishes with every host ok', () => {
    expect(run.status, outputOf(run)).to.equal(0);
  });

  it('reads fixed and templated vars_files, and takes the prompt default without a terminal', () => {
    expect(messages(run, 'show vars')).to.deep.equal({
      c01: 'from common.yml nginx 42',
      c02: 'from common.yml nginx 42',
      c03: 'from common.yml postgresql 42',
    });
  });

  it('gathers facts, under their names and ansible_facts', () => {
    expect(statusesOf(run, 'Gathering Facts')).to.deep.equal({ c01: 'ok' });
    expect(messages(run, 'show facts')).to.deep.equal({ c01: 'c01 c01 Debian' });
  });

  it('runs serial batches in the order keyword', () => {
    expect(startsOf(run, 'serial task')).to.deep.equal([['c03', 'c02'], ['c01']]);
  });

  it('lets hosts go at their own pace with strategy free', () => {
    const order = hostResults(run).filter((event) => event.task.startsWith('free')).map((event) => `${event.host} ${event.task}`);
    expect(order).to.deep.equal(['c02 free wait', 'c02 free done', 'c01 free wait', 'c01 free done']);
  });

  it('flushes handlers after pre_tasks, at flush_handlers, after tasks and at the end', () => {
    const sections = startedTasks(run).slice(startedTasks(run).indexOf('pre'));
    expect(sections).to.deep.equal([
      'pre', 'handler section handler',
      'main', 'handler section handler',
      'after flush', 'handler section handler',
      'post', 'handler section handler',
    ]);
  });
});

describe('play failure keywords @lab', function () {
  before(async () => {
    await keywordLab();
  });

  it('stops the playbook past max_fail_percentage', async () => {
    const run = await runFixture('max-fail.yml');
    expect(run.status, outputOf(run)).to.equal(2);
    expect(startedTasks(run)).to.deep.equal(['fail on c01']);
    expect(recapOf(run).c01).to.include({ failed: 1 });
  });

  it('stops every host with any_errors_fatal', async () => {
    const run = await runFixture('fatal.yml');
    expect(run.status, outputOf(run)).to.equal(2);
    expect(startedTasks(run)).to.deep.equal(['fail on c02']);
  });

  it('runs handlers on a failed host only with force_handlers', async () => {
    const run = await runFixture('force-handlers.yml');
    expect(run.status, outputOf(run)).to.equal(2);
    expect(statusesOf(run, 'the handler')).to.deep.equal({ c01: 'ok' });
    expect(statusesOf(run, 'the forced handler')).to.deep.equal({ c03: 'ok' });
  });

  it('runs them on every failed host with --force-handlers', async () => {
    const run = await runFixture('force-handlers.yml', '--force-handlers');
    expect(statusesOf(run, 'the handler')).to.deep.equal({ c01: 'ok', c02: 'ok' });
  });
});
