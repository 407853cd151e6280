import { expect } from 'chai';
import { keywordLab, outputOf, runFixture, startedTasks } from './support.js';
import { runSkprun } from '../support/run-skprun.js';

async function tasksWith(...args: string[]): Promise<string[]> {
  const run = await runFixture('tags.yml', '-l', 'c01', ...args);
  expect(run.status, outputOf(run)).to.equal(0);
  return startedTasks(run);
}

describe('tags and task selection @lab', function () {
  before(async () => {
    await keywordLab();
  });

  it('runs every task but never ones by default', async () => {
    expect(await tasksWith()).to.deep.equal([
      'role task', 'untagged', 'tagged a', 'in block b', 'always task', 'imported task',
      'include_tasks', 'included task', 'included and tagged a', 'second play task',
    ]);
  });

  it('selects by -t, with inherited tags, always and include rules', async () => {
    expect(await tasksWith('-t', 'role,b')).to.deep.equal(['role task', 'in block b', 'always task']);
    expect(await tasksWith('-t', 'included', '-t', 'a')).to.deep.equal([
      'tagged a', 'always task', 'include_tasks', 'included and tagged a',
    ]);
    expect(await tasksWith('--tags', 'debugging')).to.deep.equal(['always task', 'never task']);
    expect(await tasksWith('-t', 'untagged')).to.deep.equal(['always task']);
    expect(await tasksWith('-t', 'tagged')).to.not.include('never task');
  });

  it('skips by --skip-tags, always too when named', async () => {
    expect(await tasksWith('--skip-tags', 'play')).to.deep.equal(['second play task']);
    expect(await tasksWith('--skip-tags', 'play,second')).to.deep.equal([]);
    expect(await tasksWith('--skip-tags', 'tagged')).to.deep.equal([]);
  });

  it('starts at a task with --start-at-task', async () => {
    expect(await tasksWith('--start-at-task', 'always task')).to.deep.equal([
      'always task', 'imported task', 'include_tasks', 'included task', 'included and tagged a', 'second play task',
    ]);
  });

  it('lists the selected tasks and tags', async () => {
    const { inventory } = await keywordLab();
    const tasks = await runSkprun(['-i', inventory, '--list-tasks', '-t', 'b,imported', 'test/fixtures/keywords/tags.yml']);
    expect(tasks.status, outputOf(tasks)).to.equal(0);
    expect(tasks.stdout).to.include('  play #1 (all): Tagged play\tTAGS: [play]');
    expect(tasks.stdout).to.include('      in block b\tTAGS: [b, play]');
    expect(tasks.stdout).to.include('      always task\tTAGS: [always, play]');
    expect(tasks.stdout).to.include('      imported task\tTAGS: [imported, play]');
    expect(tasks.stdout).to.not.include('untagged\t');

    const tags = await runSkprun(['-i', inventory, '--list-tags', 'test/fixtures/keywords/tags.yml']);
    expect(tags.stdout).to.include('      TASK TAGS: [a, always, b, imported, included, play, role]');
    expect(tags.stdout).to.include('      TASK TAGS: [second]');
  });
});
