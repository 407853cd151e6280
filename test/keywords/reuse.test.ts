import { expect } from 'chai';
import type { SkprunRun } from '../support/run-skprun.js';
import { statusesOf } from '../support/run-skprun.js';
import { hostResults, keywordLab, messages, outputOf, runFixture } from './support.js';

function stdoutsOf(run: SkprunRun, task: string, host: string): unknown[] {
  return hostResults(run, task).filter((event) => event.host === host).map((event) => event.result.stdout);
}

describe('includes, imports and roles @lab', function () {
  let run: SkprunRun;

  before(async () => {
    await keywordLab();
    run = await runFixture('reuse.yml');
  });

  it('finishes with every host ok', () => {
    expect(run.status, outputOf(run)).to.equal(0);
  });

  it('runs an imported playbook in place, with its import vars', () => {
    expect(messages(run, 'from the imported playbook')).to.deep.equal({ c01: 'imported' });
  });

  it('runs a role with its parameters over its defaults', () => {
    expect(stdoutsOf(run, 'greet', 'c03')).to.deep.equal(['hello roles entry from greeter at greeter']);
  });

  it('reads a templated include_tasks file per host', () => {
    expect(messages(run, 'web tier task')).to.deep.equal({ c01: 'web on c01', c02: 'web on c02' });
    expect(messages(run, 'db tier task')).to.deep.equal({ c03: 'db on c03' });
    expect(statusesOf(run, 'by tier')).to.deep.equal({ c01: 'ok', c02: 'ok', c03: 'ok' });
  });

  it('runs an included file once per loop item with its vars', () => {
    expect(stdoutsOf(run, 'each item', 'c02')).to.deep.equal(['x-a', 'x-b']);
  });

  it('runs import_tasks, include_role per item and import_role with tasks_from', () => {
    expect(statusesOf(run, 'imported task')).to.deep.equal({ c01: 'changed', c02: 'changed', c03: 'changed' });
    expect(stdoutsOf(run, 'greet', 'c01')).to.deep.equal([
      'hello roles entry from greeter at greeter',
      'hello item 1 from greeter at greeter',
      'hello item 2 from greeter at greeter',
    ]);
    expect(statusesOf(run, 'include a role per item')).to.deep.equal({ c01: 'ok', c02: 'skipped', c03: 'skipped' });
    expect(messages(run, 'other entry point')).to.deep.equal({ c01: 'tasks_from other', c02: 'tasks_from other', c03: 'tasks_from other' });
  });

  it('runs the role handler once per host that notified it', () => {
    expect(statusesOf(run, 'greeted')).to.deep.equal({ c01: 'ok', c02: 'ok', c03: 'ok' });
    expect(hostResults(run, 'greeted')).to.have.length(3);
  });

  it('sets include_vars and set_fact values, which outlive the play', () => {
    expect(messages(run, 'show included and set values').c01).to.equal('green green-c01');
    expect(messages(run, 'show the fact from before')).to.deep.equal({ c02: 'green-c02 green-c01' });
  });
});

describe('variable precedence @lab', function () {
  it('lets the higher level win at each step', async () => {
    await keywordLab();
    const run = await runFixture('precedence.yml', '-e', 'params_vs_extra="extra vars"');
    expect(run.status, outputOf(run)).to.equal(0);
    const winners = (level: string) =>
      ['inventory', level, 'play vars', 'vars_files', 'role vars', 'task vars', 'set_fact', 'role params', 'extra vars'].join(' | ');
    expect(messages(run, 'show the winners')).to.deep.equal({
      c01: winners('host c01'),
      c02: winners('group web'),
      c03: winners('group all'),
    });
  });
});

describe('facts and magic variables @lab', function () {
  it('gives tasks the facts and magic variables Ansible does', async () => {
    await keywordLab();
    const run = await runFixture('facts.yml');
    expect(run.status, outputOf(run)).to.equal(0);
    const magic = (host: string, groups: string) =>
      `${host} ${host} | c01,c02 | c01,c02,c03 | ${groups} | db | ${host} | c01,c02 | ${host} | False | keywords`;
    expect(messages(run, 'magic')).to.deep.equal({ c01: magic('c01', 'master,registry,web'), c02: magic('c02', 'registry,web') });
    expect(messages(run, 'facts')).to.deep.equal({ c01: 'c01 c01 Debian c01 4', c02: 'c02 c02 Debian c02 4' });
    expect(messages(run, 'role magic')).to.deep.equal({ c01: 'magic magic magic', c02: 'magic magic magic' });
  });
});
