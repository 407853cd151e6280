/**
 * Roles and task files that includes read while the play runs: the
 * handlers of their roles join the play, and their templates are checked
 * before any of their tasks runs.
 */
import { expect } from 'chai';
import { hostResults, runPlaybook, startedTasks, statuses } from './run-playbook.js';

const WEB_ROLE = {
  'roles/web/tasks/main.yml': '- name: web config\n  command: "true"\n  notify: restart web\n',
  'roles/web/handlers/main.yml': '- name: restart web\n  debug: { msg: "web restarted" }\n',
};

const TEMPLATED_ROLE_SITE = `
- hosts: all
  gather_facts: false
  vars: { role_to_run: web }
  tasks:
    - name: pick role
      include_role: { name: "{{ role_to_run }}" }
    - name: after the role
      debug: { msg: done }
`;

const TEMPLATED_FILE_SITE = `
- hosts: all
  gather_facts: false
  vars: { part: web }
  tasks:
    - include_tasks: "{{ part }}-part.yml"
    - meta: flush_handlers
    - name: after the flush
      debug: { msg: done }
`;

describe('handlers of roles read at run time', () => {
  it('run at the end for a templated include_role', async () => {
    const run = await runPlaybook({ hosts: ['h1', 'h2'], files: { ...WEB_ROLE, 'site.yml': TEMPLATED_ROLE_SITE } });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['pick role', 'web config', 'after the role', 'handler restart web']);
    expect(statuses(run, 'restart web')).to.deep.equal({ h1: 'ok', h2: 'ok' });
  });

  it('run at flush_handlers for a role in a templated file', async () => {
    const files = { ...WEB_ROLE, 'site.yml': TEMPLATED_FILE_SITE, 'web-part.yml': '- include_role: { name: web }\n' };
    const run = await runPlaybook({ hosts: ['h1'], files });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['include_tasks', 'include_role', 'web config', 'handler restart web', 'after the flush']);
  });

  it('come with an import_role in a templated file', async () => {
    const files = { ...WEB_ROLE, 'site.yml': TEMPLATED_FILE_SITE, 'web-part.yml': '- import_role: { name: web }\n' };
    const run = await runPlaybook({ hosts: ['h1'], files });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['include_tasks', 'web config', 'handler restart web', 'after the flush']);
  });
});

describe('template check of files read at run time', () => {
  it('fails a templated include_tasks on an unknown filter', async () => {
    const part = '- name: first\n  debug: { msg: fine }\n- name: second\n  debug: { msg: "{{ part | no_such_filter }}" }\n';
    const files = { 'site.yml': TEMPLATED_FILE_SITE, 'web-part.yml': part };
    const run = await runPlaybook({ hosts: ['h1'], files });
    expect(run.status).to.equal(2);
    expect(statuses(run, 'include_tasks')).to.deep.equal({ h1: 'failed' });
    const [failure] = hostResults(run, 'include_tasks');
    expect(failure.msg).to.match(/web-part\.yml:4:\d+: .*no_such_filter/);
    expect(startedTasks(run)).to.not.include('first');
  });

  it('fails a templated include_role on an unknown filter', async () => {
    const role = {
      'roles/web/tasks/main.yml': '- name: web config\n  command: "true"\n',
      'roles/web/handlers/main.yml': '- name: restart web\n  debug: { msg: "{{ 1 | no_such_filter }}" }\n',
    };
    const run = await runPlaybook({ hosts: ['h1'], files: { ...role, 'site.yml': TEMPLATED_ROLE_SITE } });
    expect(run.status).to.equal(2);
    const [failure] = hostResults(run, 'pick role');
    expect(failure.status).to.equal('failed');
    expect(failure.msg).to.match(/roles\/web\/handlers\/main\.yml:2:\d+: .*no_such_filter/);
    expect(startedTasks(run)).to.not.include('web config');
  });
});
