/**
 * `include_tasks: x.yml` with `args: {apply: ...}`, the free-form spelling
 * of apply that ansible-playbook 2.14 accepts.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { findModuleSpec } from '../../src/modules/registry.js';
import { runPlaybook, startedTasks } from './run-playbook.js';

const INCLUDED = '- name: applied task\n  command: "true"\n';

function site(task: string): string {
  return `- hosts: all\n  gather_facts: false\n  tasks:\n${task}`;
}

const ARGS_APPLY = site('    - include_tasks: applied.yml\n      args:\n        apply:\n          tags: [web]\n      tags: [always]\n');

async function loadError(playbook: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'skprun-args-apply-test-'));
  writeFileSync(join(dir, 'applied.yml'), INCLUDED);
  writeFileSync(join(dir, 'site.yml'), playbook);
  try {
    await loadPlaybook(join(dir, 'site.yml'), { moduleLookup: findModuleSpec });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the playbook loaded without an error');
}

describe('include_tasks args apply', () => {
  it('applies tags to the included tasks', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': ARGS_APPLY, 'applied.yml': INCLUDED }, options: { tags: { only: ['web'], skip: [] } } });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['include_tasks', 'applied task']);
  });

  it('leaves the tasks out of other tags', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': ARGS_APPLY, 'applied.yml': INCLUDED }, options: { tags: { only: ['other'], skip: [] } } });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['include_tasks']);
  });

  it('rejects other keys under args', async () => {
    const message = await loadError(site('    - include_tasks: applied.yml\n      args:\n        apply: {}\n        file: x.yml\n'));
    expect(message).to.match(/site\.yml:7:9: .*args of include_tasks takes only apply, not file/);
  });

  it('rejects apply in both places', async () => {
    const message = await loadError(site('    - include_tasks: { file: applied.yml }\n      args:\n        apply: {}\n'));
    expect(message).to.match(/site\.yml:5:7: .*not both places/);
  });

  it('rejects apply under args of import_tasks', async () => {
    const message = await loadError(site('    - import_tasks: applied.yml\n      args:\n        apply: { tags: [web] }\n'));
    expect(message).to.match(/site\.yml:6:9: .*apply is not allowed on import_tasks/);
  });
});
