import { expect } from 'chai';
import { debugMessages, runPlaybook, startedTasks, statuses } from './run-playbook.js';

describe('include_tasks', () => {
  it('reads a templated file name per host when it runs', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: pick
      set_fact: { flavour: "{{ 'sweet' if inventory_hostname == 'h1' else 'sour' }}" }
    - include_tasks: "tasks/{{ flavour }}.yml"
`,
        'tasks/sweet.yml': '- name: sweet task\n  debug: { msg: "sweet on {{ inventory_hostname }}" }\n',
        'tasks/sour.yml': '- name: sour task\n  debug: { msg: "sour on {{ inventory_hostname }}" }\n',
      },
    });
    expect(run.status).to.equal(0);
    expect(debugMessages(run, 'sweet task')).to.deep.equal({ h1: 'sweet on h1' });
    expect(debugMessages(run, 'sour task')).to.deep.equal({ h2: 'sour on h2' });
    expect(run.recap.h1).to.include({ ok: 3 });
  });

  it('runs the included tasks once per loop item', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - include_tasks: each.yml
      loop: [a, b]
      loop_control: { loop_var: letter }
      vars: { prefix: "x-" }
`,
        'each.yml': '- name: each\n  debug: { msg: "{{ prefix }}{{ letter }}" }\n',
      },
    });
    const messages = run.events.flatMap((event) => (event.kind === 'host_result' && event.task === 'each' ? [event.result.msg] : []));
    expect(messages).to.deep.equal(['x-a', 'x-b']);
  });

  it('evaluates its when once, not on every included task', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  vars: { go: true }
  tasks:
    - include_tasks: flip.yml
      when: go
    - import_tasks: flip.yml
      when: go
`,
        'flip.yml': '- name: flip\n  set_fact: { go: false }\n- name: after flip\n  debug: { msg: x }\n',
      },
    });
    // Included: both tasks run. Imported: the second task sees go == false.
    expect(startedTasks(run)).to.deep.equal(['include_tasks', 'flip', 'after flip', 'flip', 'after flip']);
    const afterFlip = run.events.flatMap((event) => (event.kind === 'host_result' && event.task === 'after flip' ? [event.status] : []));
    expect(afterFlip).to.deep.equal(['ok', 'skipped']);
  });

  it('fails the host with the reason when the file is missing', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  vars: { name: nowhere }\n  tasks:\n    - include_tasks: "{{ name }}.yml"\n' },
    });
    expect(run.status).to.equal(2);
    expect(statuses(run, 'include_tasks')).to.deep.equal({ h1: 'failed' });
    const result = run.events.find((event) => event.kind === 'host_result');
    expect(result?.kind === 'host_result' && result.msg).to.match(/^include_tasks: task file not found: nowhere\.yml/);
  });
});

describe('roles and include_role', () => {
  const ROLE = {
    'roles/greeter/defaults/main.yml': 'greeting: hello\nwho: world\n',
    'roles/greeter/tasks/main.yml': '- name: greet\n  debug: { msg: "{{ greeting }} {{ who }} from {{ role_name }}" }\n',
  };

  it('passes role parameters above role defaults', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        ...ROLE,
        'site.yml': `
- hosts: all
  gather_facts: false
  roles:
    - role: greeter
      who: roles entry
  tasks:
    - include_role: { name: greeter }
      vars: { who: include_role }
      loop: [1, 2]
    - import_role: { name: greeter }
      vars: { greeting: hi }
`,
      },
    });
    const messages = run.events.flatMap((event) => (event.kind === 'host_result' && event.task === 'greet' ? [event.result.msg] : []));
    expect(messages).to.deep.equal([
      'hello roles entry from greeter',
      'hello include_role from greeter',
      'hello include_role from greeter',
      'hi world from greeter',
    ]);
  });
});

describe('include_vars', () => {
  it('reads a file from the vars folder, optionally under a name', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  vars: { colour: from play }
  tasks:
    - include_vars: "{{ which }}.yml"
      vars: { which: colours }
    - include_vars: { file: colours.yml, name: palette }
    - name: show
      debug: { msg: "{{ colour }} {{ palette.colour }}" }
    - name: task vars lose to include_vars
      debug: { msg: "{{ colour }}" }
      vars: { colour: from task }
`,
        'vars/colours.yml': 'colour: from file\n',
      },
    });
    expect(debugMessages(run, 'show')).to.deep.equal({ h1: 'from file from file' });
    expect(debugMessages(run, 'task vars lose to include_vars')).to.deep.equal({ h1: 'from file' });
  });
});

describe('import_playbook', () => {
  it('runs the imported plays in place with the import vars', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': '- import_playbook: other.yml\n  vars: { word: imported }\n- hosts: all\n  gather_facts: false\n  tasks:\n    - name: last\n      debug: { msg: x }\n',
        'other.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: from other\n      debug: { msg: "{{ word }}" }\n',
      },
    });
    expect(startedTasks(run)).to.deep.equal(['from other', 'last']);
    expect(debugMessages(run, 'from other')).to.deep.equal({ h1: 'imported' });
  });
});
