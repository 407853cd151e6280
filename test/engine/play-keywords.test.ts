import { expect } from 'chai';
import { orderHosts } from '../../src/engine/host-order.js';
import type { RunEvent } from '../../src/engine/events.js';
import { debugMessages, hostResults, runPlaybook, startedTasks, statuses } from './run-playbook.js';

type TaskStart = Extract<RunEvent, { kind: 'task_start' }>;

function taskHosts(events: RunEvent[], name: string): string[][] {
  return events.filter((event): event is TaskStart => event.kind === 'task_start' && event.name === name).map((event) => event.hosts);
}

describe('orderHosts', () => {
  const hosts = ['b2', 'a1', 'c3'];

  it('orders as the play asks', () => {
    expect(orderHosts(hosts, undefined)).to.deep.equal(['b2', 'a1', 'c3']);
    expect(orderHosts(hosts, 'reverse_inventory')).to.deep.equal(['c3', 'a1', 'b2']);
    expect(orderHosts(hosts, 'sorted')).to.deep.equal(['a1', 'b2', 'c3']);
    expect(orderHosts(hosts, 'reverse_sorted')).to.deep.equal(['c3', 'b2', 'a1']);
  });

  it('shuffles with the random source given', () => {
    const shuffled = orderHosts(hosts, 'shuffle', () => 0);
    expect(shuffled).to.have.members(hosts);
    expect(shuffled).to.deep.equal(['a1', 'c3', 'b2']);
  });
});

describe('play keywords', () => {
  it('runs serial batches one after another, each through all tasks', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2', 'h3'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  serial: 2\n  tasks:\n    - name: one\n      debug: { msg: x }\n    - name: two\n      debug: { msg: x }\n' },
    });
    expect(startedTasks(run)).to.deep.equal(['one', 'two', 'one', 'two']);
    expect(taskHosts(run.events, 'one')).to.deep.equal([['h1', 'h2'], ['h3']]);
  });

  it('stops the playbook when a whole serial batch fails', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2', 'h3'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  serial: 1\n  tasks:\n    - name: fail first\n      command: "false"\n      when: inventory_hostname == "h1"\n' },
    });
    expect(taskHosts(run.events, 'fail first')).to.deep.equal([['h1']]);
  });

  it('takes hosts in the order keyword', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2', 'h3'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  order: reverse_inventory\n  tasks:\n    - name: one\n      debug: { msg: x }\n' },
    });
    expect(taskHosts(run.events, 'one')).to.deep.equal([['h3', 'h2', 'h1']]);
  });

  it('lets each host go at its own pace with strategy free', async () => {
    const run = await runPlaybook({
      hosts: ['slow', 'fast'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  strategy: free
  tasks:
    - name: wait
      command: sleep {{ '1' if inventory_hostname == 'slow' else '0' }}
    - name: done
      debug: { msg: x }
`,
      },
    });
    const order = hostResults(run).map((event) => `${event.host}:${event.task}`);
    expect(order).to.deep.equal(['fast:wait', 'fast:done', 'slow:wait', 'slow:done']);
    expect(taskHosts(run.events, 'done')).to.deep.equal([['fast'], ['slow']]);
  });

  it('gives vars_prompt its default when no one can answer', async () => {
    const playbook = (entry: string) => `
- hosts: all
  gather_facts: false
  vars_prompt:
    - ${entry}
  tasks:
    - name: show
      debug: { msg: "{{ answer }}" }
`;
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': playbook('{ name: answer, prompt: "Answer?", default: "42" }') } });
    expect(debugMessages(run, 'show')).to.deep.equal({ h1: '42' });

    let error: unknown;
    await runPlaybook({ hosts: ['h1'], files: { 'site.yml': playbook('{ name: answer, prompt: "Answer?" }') } }).catch((e) => (error = e));
    expect((error as Error).message).to.equal(
      'vars_prompt answer: there is no terminal to ask on and the prompt has no default; pass it with -e answer=VALUE',
    );

    const given = await runPlaybook({
      hosts: ['h1'],
      files: { 'site.yml': playbook('{ name: answer, prompt: "Answer?" }') },
      options: { extraVars: { answer: 'from -e' }, prompt: async () => 'asked' },
    });
    expect(debugMessages(given, 'show')).to.deep.equal({ h1: 'from -e' });
  });

  it('reads templated vars_files per host', async () => {
    const run = await runPlaybook({
      files: {
        'inventory.yml': 'all:\n  vars: { ansible_connection: local }\n  hosts:\n    h1: { os: debian }\n    h2: { os: alpine }\n',
        'site.yml': '- hosts: all\n  gather_facts: false\n  vars_files: ["vars/{{ os }}.yml"]\n  tasks:\n    - name: show\n      debug: { msg: "{{ pkg }}" }\n',
        'vars/debian.yml': 'pkg: apt\n',
        'vars/alpine.yml': 'pkg: apk\n',
      },
    });
    expect(debugMessages(run, 'show')).to.deep.equal({ h1: 'apt', h2: 'apk' });
  });
});

describe('--start-at-task', () => {
  const PLAYS = `
- hosts: all
  gather_facts: false
  tasks:
    - name: first play task
      debug: { msg: x }
- hosts: all
  gather_facts: false
  tasks:
    - name: before
      debug: { msg: x }
    - block:
        - name: skipped in block
          debug: { msg: x }
        - name: start here
          debug: { msg: x }
        - name: after in block
          debug: { msg: x }
    - name: last
      debug: { msg: x }
- hosts: all
  gather_facts: false
  tasks:
    - name: third play task
      debug: { msg: x }
`;

  it('skips tasks and plays before the first match', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': PLAYS }, options: { startAtTask: 'start here' } });
    expect(startedTasks(run)).to.deep.equal(['start here', 'after in block', 'last', 'third play task']);
  });

  it('matches a glob', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': PLAYS }, options: { startAtTask: 'after*' } });
    expect(startedTasks(run)).to.deep.equal(['after in block', 'last', 'third play task']);
  });

  it('warns and runs nothing when no task matches', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': PLAYS }, options: { startAtTask: 'nothing like it' } });
    expect(startedTasks(run)).to.deep.equal([]);
    expect(run.events.some((event) => event.kind === 'warning' && event.message.includes('no task of that name'))).to.equal(true);
  });
});

describe('task keywords', () => {
  it('runs run_once on the first host and registers its result on all', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: once
      command: echo {{ inventory_hostname }}
      run_once: true
      register: out
    - name: show
      debug: { msg: "{{ out.stdout }}" }
`,
      },
    });
    expect(statuses(run, 'once')).to.deep.equal({ h1: 'changed' });
    expect(debugMessages(run, 'show')).to.deep.equal({ h1: 'h1', h2: 'h1' });
  });

  it('keeps no more than throttle hosts on a task at once', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2', 'h3', 'h4'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: nap\n      command: sleep 0.3\n      throttle: 1\n' },
    });
    const results = hostResults(run, 'nap');
    const spans = results.map((event) => [Date.parse(String(event.result.start)), Date.parse(String(event.result.end))]);
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0], `host ${i} starts after the one before ends`).to.be.at.least(spans[i - 1][1]);
  });

  it('runs delegate_to on the other host and keeps facts there with delegate_facts', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: h1
  gather_facts: false
  tasks:
    - name: delegated
      command: echo hi
      delegate_to: h2
    - name: fact for h2
      set_fact: { marker: set by h1 }
      delegate_to: h2
      delegate_facts: true
    - name: own fact
      set_fact: { own: mine }
- hosts: h2
  gather_facts: false
  tasks:
    - name: show
      debug: { msg: "{{ marker }} {{ own is defined }} {{ hostvars.h1.own }}" }
`,
      },
    });
    const delegated = hostResults(run, 'delegated')[0];
    expect(delegated.host).to.equal('h1');
    expect(delegated.delegatedTo).to.equal('h2');
    expect(run.commands.some((command) => command.startsWith('h2: '))).to.equal(true);
    expect(debugMessages(run, 'show')).to.deep.equal({ h2: 'set by h1 False mine' });
  });

  it('applies module_defaults from the play, blocks and tasks, the task winning', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  module_defaults:
    ansible.builtin.debug: { msg: from play }
  tasks:
    - name: play default
      debug: {}
    - block:
        - name: block default
          debug: {}
        - name: task argument
          debug: { msg: from task }
      module_defaults:
        debug: { msg: from block }
`,
      },
    });
    expect(debugMessages(run, 'play default')).to.deep.equal({ h1: 'from play' });
    expect(debugMessages(run, 'block default')).to.deep.equal({ h1: 'from block' });
    expect(debugMessages(run, 'task argument')).to.deep.equal({ h1: 'from task' });
  });

  it('exports environment from the play and the task', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  environment: { OUTER: play, BOTH: play }
  tasks:
    - name: env
      shell: echo "$OUTER $BOTH $INNER"
      environment: { BOTH: task, INNER: "{{ 'in' + 'ner' }}" }
`,
      },
    });
    expect(hostResults(run, 'env')[0].result.stdout).to.equal('play task inner');
  });

  it('hides a no_log task from every event but keeps it in register', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      options: { verbosity: 3 },
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: secret
      command: echo s3cret
      no_log: true
      register: out
      loop: [1, 2]
    - name: show
      debug: { msg: "{{ out.results[0].stdout }}" }
`,
      },
    });
    const text = JSON.stringify(run.events.filter((event) => !(event.kind === 'host_result' && event.task === 'show')));
    expect(text).to.not.include('s3cret');
    const secret = hostResults(run, 'secret')[0];
    expect(secret.result).to.deep.equal({
      censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
      changed: true,
    });
    expect(debugMessages(run, 'show')).to.deep.equal({ h1: 's3cret' });
  });

  it('reports commands for -vv and nothing without it', async () => {
    const playbook = { 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: echo visible\n' };
    const quiet = await runPlaybook({ hosts: ['h1'], files: playbook });
    expect(quiet.events.filter((event) => event.kind === 'command')).to.deep.equal([]);
    const loud = await runPlaybook({ hosts: ['h1'], files: playbook, options: { verbosity: 2 } });
    const commands = loud.events.filter((event) => event.kind === 'command');
    expect(commands).to.have.length(1);
    expect(commands[0].kind === 'command' && commands[0].command).to.include('echo');
  });

  it('runs check_mode per task', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: checked
      copy: { content: x, dest: "{{ playbook_dir }}/checked.txt" }
      check_mode: true
    - name: exists
      command: test -e {{ playbook_dir }}/checked.txt
      ignore_errors: true
`,
      },
    });
    expect(statuses(run, 'checked')).to.deep.equal({ h1: 'changed' });
    expect(statuses(run, 'exists')).to.deep.equal({ h1: 'ignored' });
  });

  it('ends a host with meta: end_host and the play with end_play', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - meta: end_host
      when: inventory_hostname == 'h1'
    - name: only h2
      debug: { msg: x }
    - meta: end_play
    - name: never
      debug: { msg: x }
- hosts: all
  gather_facts: false
  tasks:
    - name: next play
      debug: { msg: x }
`,
      },
    });
    expect(statuses(run, 'only h2')).to.deep.equal({ h2: 'ok' });
    expect(statuses(run, 'never')).to.deep.equal({});
    expect(statuses(run, 'next play')).to.deep.equal({ h1: 'ok', h2: 'ok' });
  });
});
